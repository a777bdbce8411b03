"""Multi-version reviews in the store (review sets), their exports and the CLI, with the real bundled model.

The set is made from ``tests/data/multiway`` (see tests/test_versions.py): English pivot, the German with four
planted errors, Russian (splits sentence 8), Japanese (merges 4+5) and Chinese (merges 6+7).
"""

from __future__ import annotations

import copy
import dataclasses
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, STORE_BACKENDS, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align import editing
from align.encoders import get_encoder
from align.errors import AlignError
from align.readers import read_document
from align.review_store import MIGRATIONS, ReviewStore
from align.review_store.migrate import SCHEMA_VERSION
from align.types import Annotation
from align.versions import CROSS_FLAG_CODES, MultiAlignment, align_versions, joint_rows

DATA = ROOT / "tests" / "data" / "multiway"
NAMES = ["en", "de_planted", "ru", "ja", "zh"]


@pytest.fixture(scope="module")
def multi() -> MultiAlignment:
    docs = [read_document(DATA / f"{n}.txt", presplit=True) for n in NAMES]
    return align_versions(docs, get_encoder("bundled"))


@pytest.fixture
def store(new_db) -> ReviewStore:  # type: ignore[no-untyped-def]
    return ReviewStore(new_db())


def _codes(flags: list[list[list]]) -> list[list[set[str]]]:  # type: ignore[type-arg]
    return [[{f.code for f in cell} for cell in row] for row in flags]


def test_a_set_holds_the_alignment_rows_and_flags(store: ReviewStore, multi: MultiAlignment) -> None:
    set_id = store.create_review_set(multi, "Porto")
    info = store.review_set(set_id)
    assert info.labels == multi.labels == ["en", "de", "ru", "ja", "zh"] and info.pivot == 0
    assert set(info.reviews) == {"de", "ru", "ja", "zh"}
    # Each version is an ordinary pairwise review against the pivot, listed with the others.
    assert {r.id for r in store.list_reviews()} == set(info.reviews.values())
    loaded = store.set_alignment(set_id)
    assert loaded.rows == multi.rows
    assert _codes(loaded.flags) == _codes(multi.flags)
    # The planted German errors are cross-version flags on the German cells only.
    cross = {
        (r, v)
        for r, row in enumerate(loaded.flags)
        for v, c in enumerate(row)
        if {f.code for f in c} & set(CROSS_FLAG_CODES)
    }
    assert cross and {v for _, v in cross} == {1}


def test_a_merge_in_one_version_changes_the_rows(store: ReviewStore, multi: MultiAlignment) -> None:
    set_id = store.create_review_set(multi, "Porto")
    rid = store.review_set(set_id).reviews["de"]
    before = store.set_alignment(set_id)
    first = store.beads(rid)[0]
    store.edit_alignment(first.id, editing.merge_with_next, expected_version=first.version, reviewer="Aiko")
    after = store.set_alignment(set_id)
    assert len(after.rows) == len(before.rows) - 1
    assert (
        after.rows[0].cells[0] == (0, 1) and after.rows[0].cells[3] == before.rows[0].cells[3] + before.rows[1].cells[3]
    )
    store.undo(rid, expected_edit=store.last_edit(rid).id)  # type: ignore[union-attr]
    assert store.set_alignment(set_id).rows == before.rows


def _review_some(store: ReviewStore, set_id: int) -> tuple[int, str]:
    """An error on the German cell of row 1 (the planted 240 million), every Japanese bead correct, a post-edit
    on the first Russian bead. → (the German bead's review id, its post-edit)."""
    info = store.review_set(set_id)
    de = store.beads(info.reviews["de"])
    bead = next(b for b in de if b.src == (1,))
    store.add_annotation(bead.id, Annotation("accuracy/mistranslation", "major", "240, not 420"), reviewer="Aiko")
    for b in store.beads(info.reviews["ja"]):
        store.set_status(b.id, "correct", expected_version=b.version, reviewer="Aiko")
    ru = store.beads(info.reviews["ru"])[0]
    store.set_post_edit(ru.id, "=SUM(A1) Понедельник", expected_version=ru.version, reviewer="Aiko")
    return info.reviews["de"], "=SUM(A1) Понедельник"


def test_exports_hold_what_the_store_holds(store: ReviewStore, multi: MultiAlignment, tmp_path: Path) -> None:
    set_id = store.create_review_set(multi, "Porto")
    _review_some(store, set_id)
    # The grid's verdicts (one query) are the exports' (every version's review table).
    now = store.set_alignment(set_id)
    cells = store.cell_reviews(set_id, now)
    assert store.cell_statuses(set_id, now) == [[c and c["status"] for c in row] for row in cells]
    assert {c["status"] for row in cells for c in row if c} == {"unreviewed", "correct", "has_errors"}
    wide = store.set_table(set_id, "wide")
    assert len(wide) == len(multi.rows)
    assert "status_en" not in wide.columns  # the pivot is the reference: no review of its own
    for c in ["status", "error_category", "severity", "comment", "post_edit"]:
        assert f"{c}_de" in wide.columns and f"{c}_zh" in wide.columns
    row1 = wide[wide["ids_en"] == "1"].iloc[0]
    assert (row1["status_de"], row1["error_category_de"], row1["comment_de"]) == (
        "has_errors",
        "accuracy/mistranslation",
        "240, not 420",
    )
    assert wide["status_ja"].eq("correct").all() and wide["status_zh"].eq("unreviewed").all()
    assert wide["post_edit_ru"].iloc[0] == "=SUM(A1) Понедельник"
    assert "consensus_number" in row1["flags_de"]
    long = store.set_table(set_id, "long")
    assert len(long) == len(multi.rows) * 5 and long["version"].tolist()[:5] == multi.labels
    de1 = long[(long["version"] == "de") & (long["src_ids"] == "1")].iloc[0]
    assert (de1["status"], de1["severity"]) == ("has_errors", "major")

    db = store.url
    out = tmp_path / "w.csv"
    run_cli("export", "--db", db, "--set", str(set_id), "-o", str(out), "--excel")
    back = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert back["post_edit_ru"].iloc[0] == "'=SUM(A1) Понедельник"  # formula-safe
    assert back["error_category_de"].tolist() == wide["error_category_de"].tolist()
    run_cli("export", "--db", db, "--set", str(set_id), "-o", str(tmp_path / "l.csv"), "--layout", "long")
    back = pd.read_csv(tmp_path / "l.csv", dtype=str, keep_default_na=False)
    assert back["status"].tolist() == long["status"].tolist() and "version" in back.columns
    run_cli("export", "--db", db, "--set", str(set_id), "-o", str(tmp_path / "s.tmx"))
    from translate.storage.tmx import tmxfile

    units = tmxfile.parsefile(str(tmp_path / "s.tmx")).units
    langs = [[tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in u.xmlelement] for u in units]
    # Approved: the pivot, every Japanese cell (all correct), the post-edited Russian cell; never German or Chinese.
    assert len(units) == len(multi.rows)
    assert all(x[:2] == ["en", "ja"] or x[:3] == ["en", "ru", "ja"] for x in langs)
    assert langs[0] == ["en", "ru", "ja"] and not any({"de", "zh"} & set(x) for x in langs)


def test_cli_export_set_errors(store: ReviewStore, multi: MultiAlignment, tmp_path: Path) -> None:
    set_id = store.create_review_set(multi, "Porto")
    db = store.url
    r = run_cli("export", "--db", db, "--set", str(set_id + 1), "-o", str(tmp_path / "x.csv"), check=False)
    assert r.returncode == 2 and "no review set matches" in r.stderr and "Traceback" not in r.stderr
    r = run_cli(
        "export", "--db", db, "--set", str(set_id), "-o", str(tmp_path / "x.tmx"), "--layout", "wide", check=False
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = run_cli("export", "--db", db, "--list")
    assert "set " + str(set_id) in r.stdout


def test_a_schema_5_database_migrates_in_place(tmp_path: Path, multi: MultiAlignment) -> None:
    path = tmp_path / "v5.sqlite3"
    raw = sqlite3.connect(path)
    for script in MIGRATIONS[:5]:
        if isinstance(script, str):
            raw.executescript(script)
    raw.execute("PRAGMA user_version = 5")
    raw.execute("INSERT INTO documents VALUES (1, 's', 'en', 'a', ?, NULL, 't')", ('[["a", 0, 1, 0]]',))
    raw.execute("INSERT INTO documents VALUES (2, 't', 'de', 'b', ?, NULL, 't')", ('[["b", 0, 1, 0]]',))
    raw.execute(
        "INSERT INTO reviews (id, name, src_doc, tgt_doc, model, created_at, updated_at) "
        "VALUES (1, 'r', 1, 2, 'm', 't', 't')"
    )
    raw.execute(
        "INSERT INTO beads (id, review_id, position, src_ids, tgt_ids, status, updated_at) "
        "VALUES (1, 1, 0, '0', '0', 'correct', 't')"
    )
    raw.commit()
    raw.close()
    store = ReviewStore(path)
    assert store.schema_version == SCHEMA_VERSION  # the legacy steps, then every Alembic revision
    assert [r.name for r in store.list_reviews()] == ["r"] and store.bead(1).status == "correct"
    assert store.list_review_sets() == []
    set_id = store.create_review_set(multi, "Porto")
    assert store.set_alignment(set_id).rows == multi.rows
    store.close()


OPS = st.lists(
    st.tuples(
        st.sampled_from(["de", "ru", "ja", "zh"]), st.sampled_from(["merge", "split", "detach"]), st.integers(0, 30)
    ),
    max_size=6,
)


@pytest.mark.parametrize("backend", STORE_BACKENDS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_rows_cover_every_segment_once_after_edits(
    tmp_path: Path,
    multi: MultiAlignment,
    backend: str,
    ops: list,  # type: ignore[type-arg]
) -> None:
    """Whatever alignment edits reviewers make in the versions' reviews, the joint rows hold every segment of
    every version exactly once, in the pivot's order."""
    if backend == "sqlite":
        store = ReviewStore(tmp_path / f"h{abs(hash(tuple(ops)))}.sqlite3")
    else:
        from pg_server import empty_db

        store = ReviewStore(empty_db())
    try:
        set_id = store.create_review_set(multi, "Porto")
        info = store.review_set(set_id)
        for label, op, k in ops:
            beads = store.beads(info.reviews[label])
            b = beads[k % len(beads)]
            if op == "merge" and b.position < len(beads) - 1:
                store.edit_alignment(b.id, editing.merge_with_next, expected_version=b.version)
            elif op == "split" and len(b.src) > 1 and len(b.tgt) > 1:
                store.edit_alignment(b.id, editing.split_bead, 1, 1, expected_version=b.version)
            elif op == "detach" and len(b.tgt) > 1:
                store.edit_alignment(b.id, editing.detach_sentence, "tgt", "last", expected_version=b.version)
        got = store.set_alignment(set_id)
        for v, doc in enumerate(got.documents):
            ids = [i for row in got.rows for i in row.cells[v]]
            assert sorted(ids) == list(range(len(doc)))
        assert [i for row in got.rows for i in row.cells[0]] == list(range(len(got.documents[0])))
        expected = joint_rows(len(got.documents[0]), [p.beads if p else None for p in got.pairs])
        assert got.rows == expected
    finally:
        store.close()


def _counts(store: ReviewStore) -> dict[str, int]:
    tables = ["documents", "reviews", "beads", "annotations", "edits", "review_sets"]
    return {t: store._q(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}


def test_creating_a_set_is_one_transaction(store: ReviewStore, multi: MultiAlignment) -> None:
    """A version that cannot be stored (its beads miss a sentence) half-way through the set leaves nothing:
    the versions stored before it were left behind as loose reviews before."""
    bad = copy.copy(multi)
    bad.pairs = list(multi.pairs)
    ja = bad.pairs[3]
    assert ja is not None
    bad.pairs[3] = dataclasses.replace(ja, beads=ja.beads[:-1], flags=ja.flags[:-1])  # the last sentence lost
    empty = _counts(store)
    with pytest.raises(AlignError, match="cover"):
        store.create_review_set(bad, "Porto")
    assert _counts(store) == empty and store.list_reviews() == [] and store.list_review_sets() == []
    # The same store still takes the whole set afterwards.
    set_id = store.create_review_set(multi, "Porto")
    assert set(store.review_set(set_id).reviews) == {"de", "ru", "ja", "zh"}


def test_deleting_a_set_removes_its_reviews_and_refuses_to_lose_work(store: ReviewStore, multi: MultiAlignment) -> None:
    alone = store.create_review(multi.pairs[1], "de alone")  # type: ignore[arg-type]
    before = _counts(store)
    set_id = store.create_review_set(multi, "Porto")
    # Untouched: deleted with everything it stored (reviews, beads, documents, the set row).
    gone = store.delete_review_set(set_id)
    assert gone.name == "Porto" and _counts(store) == before
    assert [r.id for r in store.list_reviews()] == [alone] and store.list_review_sets() == []

    set_id = store.create_review_set(multi, "Porto")
    _review_some(store, set_id)
    rid = store.review_set(set_id).reviews["de"]
    store.edit_alignment(store.beads(rid)[0].id, editing.merge_with_next, expected_version=1)
    with pytest.raises(AlignError, match=r"review set \d+ \(Porto\) holds reviewers' work on \d+ beads"):
        store.delete_review_set(set_id)
    assert store.review_set(set_id).reviewed > 0  # nothing deleted
    store.delete_review_set(set_id, force=True)
    assert _counts(store) == before
    with pytest.raises(AlignError, match="there is no review set"):
        store.delete_review_set(set_id)
    assert store.alignment(alone).beads == multi.pairs[1].beads  # type: ignore[union-attr]


SET_OPS = st.lists(st.sampled_from(["set", "review", "delete", "work"]), min_size=1, max_size=8)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=SET_OPS)
def test_deleting_sets_leaves_exactly_the_rest(tmp_path: Path, multi: MultiAlignment, ops: list[str]) -> None:
    """Whatever sets and plain reviews are made, worked on and deleted, the store holds exactly the plain reviews
    and the live sets' reviews, with their documents (two per review, one pivot per set), and a set with work
    is deleted only when forced."""
    store = ReviewStore(tmp_path / f"d{abs(hash(tuple(ops)))}.sqlite3")
    try:
        plain: set[int] = set()
        sets: dict[int, set[int]] = {}
        for op in ops:
            if op == "set":
                set_id = store.create_review_set(multi, "Porto")
                sets[set_id] = set(store.review_set(set_id).reviews.values())
            elif op == "review":
                plain.add(store.create_review(multi.pairs[2], "alone"))  # type: ignore[arg-type]
            elif sets and op == "work":
                bead = store.beads(min(sets[max(sets)]))[0]
                store.set_status(bead.id, "correct", expected_version=bead.version)
            elif sets and op == "delete":
                victim = min(sets)
                worked = store.review_set(victim).reviewed > 0
                if worked:
                    with pytest.raises(AlignError, match="holds reviewers' work"):
                        store.delete_review_set(victim)
                store.delete_review_set(victim, force=worked)
                del sets[victim]
            live = plain | {r for rs in sets.values() for r in rs}
            assert {r.id for r in store.list_reviews()} == live
            assert {s.id for s in store.list_review_sets()} == set(sets)
            assert _counts(store)["documents"] == 2 * len(live) + len(sets)
    finally:
        store.close()


def test_exports_say_whose_error_and_which_words(store: ReviewStore, multi: MultiAlignment) -> None:
    """A cell of two beads (Japanese merges sentences 3+4, so the row holds two German sentences): each error says
    who added it and the words it is on, in the cell's text (wide and long alike); the columns are there, empty, for a
    version without errors. Before: no error_reviewer_/error_span_/error_text_ columns, and the long layout
    dropped the spans of such a cell."""
    set_id = store.create_review_set(multi, "Porto")
    info = store.review_set(set_id)
    de = store.beads(info.reviews["de"])
    first, second = (next(b for b in de if b.src == (i,)) for i in (3, 4))
    german = multi.documents[multi.labels.index("de")]
    assert len(first.tgt) == len(second.tgt) == 1
    word = "Bahngelände"
    at = german.segments[first.tgt[0]].text.index(word)
    span = Annotation("accuracy/mistranslation", "minor", "word", "tgt", at, at + len(word))
    store.add_annotation(first.id, span, reviewer="Olga")
    store.add_annotation(second.id, Annotation("accuracy/omission", "major", "whole"), reviewer="Vera")
    wide = store.set_table(set_id, "wide")
    for label in ["de", "ru", "ja", "zh"]:
        for c in ["error_reviewer", "error_span", "error_text"]:
            assert f"{c}_{label}" in wide.columns
    assert wide["error_reviewer_zh"].eq("").all() and wide["error_span_ru"].eq("").all()
    row = wide[wide["ids_en"] == "3 4"].iloc[0]
    assert row["ids_de"] == "3 4" and row["status_de"] == "has_errors"
    assert row["error_reviewer_de"] == "Olga | Vera"
    assert row["error_category_de"] == "accuracy/mistranslation | accuracy/omission"
    spans = row["error_span_de"].split(" | ")
    texts = row["error_text_de"].split(" | ")
    cell = row["text_de"]
    (s1, e1), (s2, e2) = (tuple(map(int, x.removeprefix("tgt:").split("-"))) for x in spans)
    assert cell[s1:e1] == word == texts[0]
    second_text = german.segments[second.tgt[0]].text
    assert cell[s2:e2] == second_text == texts[1] and s2 > e1  # the second sentence, not the first
    long = store.set_table(set_id, "long")
    de_row = long[(long["version"] == "de") & (long["src_ids"] == "3 4")].iloc[0]
    for c in ["error_reviewer", "error_span", "error_text"]:
        assert de_row[c] == row[f"{c}_de"]
    # A cell that is exactly one bead keeps the bead's own span, as in the pair's export.
    lone = next(b for b in de if b.src == (0,))
    store.add_annotation(lone.id, Annotation("fluency/grammar", "minor", "", "tgt", 0, 2), reviewer="Olga")
    row0 = store.set_table(set_id, "wide").iloc[0]
    assert (row0["error_span_de"], row0["error_text_de"]) == ("tgt:0-2", row0["text_de"][:2])
