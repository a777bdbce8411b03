"""The review store on real SQLite files and a real PostgreSQL server, holding the real aligned seed article."""

from __future__ import annotations

import io
import itertools
import json
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from seed_review import seed_db, session_cache_dir
from sqlalchemy.exc import IntegrityError

from align import editing
from align.errors import AlignError
from align.exporters import CORE_COLUMNS, write_table
from align.review_start import SEED_NAME, SEED_PAIR, cached_encoder, read_corpus_pair
from align.review_store import (
    MIGRATIONS,
    REVIEW_COLUMNS,
    SCHEMA_VERSION,
    BeadRow,
    ConflictError,
    ReviewRuleError,
    ReviewStore,
)
from align.types import Annotation, join_segments


@pytest.fixture
def store(seeded_db: str) -> ReviewStore:
    s = ReviewStore(seeded_db)
    yield s
    s.close()


def _seed_id(store: ReviewStore) -> int:
    (info,) = store.list_reviews()
    assert info.name == SEED_NAME
    return info.id


def _err(category: str = "accuracy/mistranslation", severity: str = "major", comment: str = "") -> Annotation:
    return Annotation(category=category, severity=severity, comment=comment)


def test_fresh_database_is_migrated_wal_and_enforces_foreign_keys(new_db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import inspect

    store = ReviewStore(new_db(migrated=False))
    assert store.schema_version == SCHEMA_VERSION
    with store._read() as db:
        tables = set(inspect(db.conn).get_table_names())
    assert {"documents", "reviews", "beads", "annotations", "edits", "settings", "review_sets"} <= tables
    if store.path is not None:
        raw = sqlite3.connect(store.path)
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION  # what older programs check
        raw.close()
    with pytest.raises(IntegrityError), store._write() as db:
        db.execute(
            "INSERT INTO annotations (bead_id, category, severity, created_at) VALUES (999, 'other', 'minor', 'x')"
        )
    store.close()


def test_old_database_is_upgraded_and_a_newer_one_refused(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    raw = sqlite3.connect(path)
    raw.executescript(MIGRATIONS[0])
    raw.execute("PRAGMA user_version = 1")
    raw.execute("INSERT INTO settings VALUES ('reviewer', 'Aiko')")
    raw.commit()
    raw.close()
    store = ReviewStore(path)
    assert store.schema_version == SCHEMA_VERSION
    assert store.get_setting("reviewer") == "Aiko"  # data survives the upgrade
    indexes = {r[0] for r in store._q("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "annotations_by_bead" in indexes
    store.close()
    # A newer program's Alembic revision, and a file from before Alembic with a newer legacy version.
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = 'r9999'")
    raw.commit()
    raw.close()
    with pytest.raises(AlignError, match="newer than this program"):
        ReviewStore(path)
    newer = tmp_path / "newer.sqlite3"
    raw = sqlite3.connect(newer)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(AlignError, match="newer than this program"):
        ReviewStore(newer)


def test_seed_review_round_trips_the_real_alignment(tmp_path_factory: pytest.TempPathFactory) -> None:
    from align.aligning import align_documents

    store = ReviewStore(seed_db(tmp_path_factory.getbasetemp()))
    rid = _seed_id(store)
    stored = store.alignment(rid)
    src, tgt = read_corpus_pair(*SEED_PAIR)
    cache_dir = session_cache_dir(tmp_path_factory.getbasetemp())
    from align.embedding_cache import EmbeddingCache

    fresh = align_documents(src, tgt, cached_encoder(None, EmbeddingCache(cache_dir / "embeddings.sqlite3")))
    assert [(b.src, b.tgt) for b in stored.beads] == [(b.src, b.tgt) for b in fresh.beads]
    assert [b.score for b in stored.beads] == pytest.approx([b.score for b in fresh.beads])
    assert stored.src.texts == src.texts and stored.tgt.texts == tgt.texts
    assert (stored.src.lang, stored.tgt.lang) == ("ja", "it")
    info = store.review(rid)
    assert info.beads == len(fresh.beads) and info.reviewed == 0
    frame = store.bead_frame(rid)
    assert frame["bead"].tolist() == list(range(len(fresh.beads)))
    # paragraph starts: bead 0 starts the document; the title (segment 1) is its own paragraph
    assert frame["src_para"].iloc[0] and frame["src_para"].iloc[1]
    store.close()


def test_annotations_statuses_and_post_edits_persist_across_connections(store: ReviewStore) -> None:
    rid = _seed_id(store)
    b = store.beads(rid)[5]
    ann_id, v = store.add_annotation(
        b.id,
        Annotation("accuracy/omission", "critical", "date missing", span_side="tgt", span_start=0, span_end=4),
        expected_version=b.version,
        reviewer="Aiko",
    )
    v = store.set_post_edit(b.id, "testo corretto", expected_version=v, reviewer="Aiko")
    c = store.beads(rid)[6]
    store.set_status(c.id, "correct", expected_version=c.version, reviewer="Luca")
    store.set_setting("reviewer", "Aiko")
    store.close()

    again = ReviewStore(store.url)
    row = again.bead(b.id)
    assert (row.status, row.post_edit, row.version, row.updated_by) == ("has_errors", "testo corretto", v, "Aiko")
    ((ann, note),) = again.annotations(b.id)
    assert (ann.id, ann.category, ann.severity, ann.comment) == (
        ann_id,
        "accuracy/omission",
        "critical",
        "date missing",
    )
    assert (ann.span_side, ann.span_start, ann.span_end, ann.reviewer, note) == ("tgt", 0, 4, "Aiko", "")
    assert ann.created_at.endswith("+00:00")
    assert again.bead(c.id).status == "correct"
    assert again.get_setting("reviewer") == "Aiko"
    info = again.review(rid)
    assert (info.reviewed, info.with_errors) == (2, 1)
    # removing the only error sends the bead back to unreviewed
    again.delete_annotation(ann_id, expected_version=v, reviewer="Aiko")
    assert again.bead(b.id).status == "unreviewed" and again.annotations(b.id) == []
    again.close()


def test_a_committed_write_survives_a_killed_process(seeded_db: str) -> None:
    path = seeded_db
    code = (
        "import os, sys\n"
        "from align.review_store import ReviewStore\n"
        "from align.types import Annotation\n"
        "s = ReviewStore(sys.argv[1])\n"
        "b = s.beads(s.list_reviews()[0].id)[3]\n"
        "s.add_annotation(b.id, Annotation('style', 'minor', 'awkward'), expected_version=b.version, reviewer='K')\n"
        "os._exit(9)  # no close, no cleanup: like a killed server\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path)], cwd=Path(__file__).parent.parent, check=False)
    assert proc.returncode == 9
    store = ReviewStore(path)
    b = store.beads(store.list_reviews()[0].id)[3]
    assert [a.comment for a, _ in store.annotations(b.id)] == ["awkward"]
    store.close()


def test_two_reviewers_conflict_instead_of_overwriting(store: ReviewStore) -> None:
    other = ReviewStore(store.url)  # a second browser session / server process
    rid = _seed_id(store)
    mine = store.beads(rid)[10]
    theirs = other.beads(rid)[10]
    store.set_post_edit(mine.id, "versione di Aiko", expected_version=mine.version, reviewer="Aiko")
    with pytest.raises(ConflictError, match="bead 10's post-edit was changed by Aiko"):
        other.set_post_edit(theirs.id, "versione di Luca", expected_version=theirs.version, reviewer="Luca")
    assert store.bead(mine.id).post_edit == "versione di Aiko"
    fresh = other.bead(theirs.id)  # reload, then the write goes through
    other.set_post_edit(fresh.id, "versione di Luca", expected_version=fresh.version, reviewer="Luca")
    assert store.bead(mine.id).post_edit == "versione di Luca"
    other.close()


def _state(store: ReviewStore, rid: int) -> list[tuple]:
    return [(b.id, b.position, b.src, b.tgt, b.status, b.post_edit) for b in store.beads(rid)]


def _ann_homes(store: ReviewStore, rid: int) -> dict[int, int]:
    return {a.id: b.id for b in store.beads(rid) for a, _ in store.annotations(b.id)}


def test_merge_keeps_annotations_and_undo_restores_exactly(store: ReviewStore) -> None:
    rid = _seed_id(store)
    beads = store.beads(rid)
    a, b = beads[20], beads[21]
    a1, va = store.add_annotation(a.id, _err(comment="first"), expected_version=a.version, reviewer="Aiko")
    b1, vb = store.add_annotation(b.id, _err("style", "minor", "second"), expected_version=b.version, reviewer="Aiko")
    vb = store.set_post_edit(b.id, "PE", expected_version=vb, reviewer="Aiko")
    before, homes = _state(store, rid), _ann_homes(store, rid)
    scores = [x.score for x in store.beads(rid)]

    edit = store.edit_alignment(a.id, editing.merge_with_next, expected_version=va, reviewer="Aiko")
    after = store.beads(rid)
    assert len(after) == len(beads) - 1
    merged = after[20]
    assert (merged.src, merged.tgt) == (a.src + b.src, a.tgt + b.tgt)
    assert merged.status == "has_errors" and merged.edited
    a_text = join_segments(store.documents(rid)[1], a.tgt)
    assert merged.post_edit == f"{a_text} PE"  # a's translation stands in for its missing post-edit
    anns = store.annotations(merged.id)
    assert [x.id for x, _ in anns] == [a1, b1]  # nothing dropped, order kept
    # Said plainly: which bead it was on and that bead's sentences ("was on bead 20: 20 ↔ 21" read as beads 20-21).
    assert [note for _, note in anns] == [
        f"Moved here by merging beads: it was on bead {x.position} (source sentence{'s' * (len(x.src) > 1)} "
        f"{', '.join(map(str, x.src))}, target sentence{'s' * (len(x.tgt) > 1)} {', '.join(map(str, x.tgt))})."
        for x in (a, b)
    ]
    assert [x.position for x in after] == list(range(len(after)))
    editing.check_beads([editing.Bead(x.src, x.tgt) for x in after], *map(len, store.documents(rid)))
    # the old bead ids are gone: a stale page gets a clear conflict, not a write to the wrong bead
    with pytest.raises(ConflictError, match="as you loaded it was replaced"):
        store.set_status(b.id, "correct", expected_version=vb, reviewer="Luca")
    assert store.last_edit(rid).op == edit.op == "merge"

    # an error added after the edit must survive the undo too
    late, _ = store.add_annotation(merged.id, _err("terminology", "minor", "late"), expected_version=None, reviewer="L")
    store.undo(rid, expected_edit=store.last_edit(rid).id, reviewer="Aiko")
    assert _state(store, rid) == before
    assert [x.score for x in store.beads(rid)] == pytest.approx(scores, nan_ok=True)
    restored = _ann_homes(store, rid)
    assert {k: restored[k] for k in homes} == homes
    assert restored[late] == a.id
    assert all(note == "" for x in (a, b) for _, note in store.annotations(x.id))
    assert store.last_edit(rid) is None
    with pytest.raises(AlignError, match="no alignment edit to undo"):
        store.undo(rid, expected_edit=None)


def test_every_edit_kind_through_the_store_then_undo_all(store: ReviewStore) -> None:
    rid = _seed_id(store)
    n_src, n_tgt = map(len, store.documents(rid))
    start = _state(store, rid)
    rows = store.beads(rid)
    # a 2-2 bead made from the first two neighbouring 1-1 beads (itself an edit, undone at the end)
    first = next(a for a, b in itertools.pairwise(rows) if len(a.src) == len(a.tgt) == len(b.src) == len(b.tgt) == 1)
    store.edit_alignment(first.id, editing.merge_with_next, expected_version=first.version)
    two_two = store.beads(rid)[first.position]
    assert (len(two_two.src), len(two_two.tgt)) == (2, 2)
    ann, _ = store.add_annotation(two_two.id, _err(), expected_version=two_two.version, reviewer="A")
    # (offset from the 2-2 bead, operation, arguments): each step is valid on the previous one's result
    steps = [
        (0, editing.split_bead, (1, 1)),
        (1, editing.move_sentence, ("src", "previous")),
        (0, editing.detach_sentence, ("src", "last")),
        (1, editing.merge_with_next, ()),
    ]
    for offset, op, args in steps:
        bead = store.beads(rid)[two_two.position + offset]
        store.edit_alignment(bead.id, op, *args, expected_version=bead.version, reviewer="A")
        rows = store.beads(rid)
        editing.check_beads([editing.Bead(x.src, x.tgt) for x in rows], n_src, n_tgt)
        assert [x.position for x in rows] == list(range(len(rows)))
        assert ann in _ann_homes(store, rid)
    assert len(store.beads(rid)) == len(start)  # -1 merge, +1 split, +1 detach, -1 merge
    for _ in range(len(steps) + 1):
        store.undo(rid, expected_edit=store.last_edit(rid).id)
    assert [s[1:4] for s in _state(store, rid)] == [s[1:4] for s in start]
    assert _ann_homes(store, rid)[ann] == first.id


def test_undo_of_someone_elses_newer_edit_is_a_conflict(store: ReviewStore) -> None:
    rid = _seed_id(store)
    b = store.beads(rid)[30]
    store.edit_alignment(b.id, editing.merge_with_next, expected_version=b.version)
    seen = store.last_edit(rid).id
    c = store.beads(rid)[40]
    store.edit_alignment(c.id, editing.merge_with_next, expected_version=c.version)
    with pytest.raises(ConflictError):
        store.undo(rid, expected_edit=seen)


def test_review_table_lists_several_errors_in_order_and_exports_safely(store: ReviewStore) -> None:
    rid = _seed_id(store)
    b = store.beads(rid)[7]
    _, v = store.add_annotation(
        b.id, _err("accuracy/mistranslation", "major", "wrong verb"), expected_version=b.version
    )
    _, v = store.add_annotation(b.id, _err("style", "minor", '=HYPERLINK("x") | odd'), expected_version=v)
    store.set_post_edit(b.id, "@SUM(A1)", expected_version=v, reviewer="Aiko")
    table = store.review_table(rid)
    assert list(table.columns[: len(CORE_COLUMNS)]) == CORE_COLUMNS
    assert list(table.columns[-len(REVIEW_COLUMNS) :]) == REVIEW_COLUMNS
    row = table.iloc[7]
    assert row["error_category"] == "accuracy/mistranslation | style"
    assert row["severity"] == "major | minor"
    assert row["comment"] == 'wrong verb | =HYPERLINK("x") / odd'
    assert (row["status"], row["reviewer"]) == ("has_errors", "Aiko")
    assert table["status"].iloc[8] == "unreviewed" and table["error_category"].iloc[8] == ""

    buf = io.BytesIO()
    write_table(table, buf, "csv", excel=True)
    data = buf.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert back["src_text"].tolist() == table["src_text"].tolist()
    assert back["error_category"].iloc[7] == "accuracy/mistranslation | style"
    for col in back.columns:
        cells = back[col].astype(str)
        assert not cells.str.match(r"^[=+\-@]").any(), f"formula cell in {col}"


def test_tmx_table_has_correct_and_post_edited_beads(store: ReviewStore, tmp_path: Path) -> None:
    rid = _seed_id(store)
    beads = store.beads(rid)
    store.set_status(beads[2].id, "correct", expected_version=beads[2].version)
    _, v = store.add_annotation(beads[3].id, _err(), expected_version=beads[3].version)
    store.set_post_edit(beads[3].id, "Traduzione rivista.", expected_version=v)
    store.add_annotation(beads[4].id, _err(), expected_version=beads[4].version)  # errors, no fix: left out
    table = store.tmx_table(rid)
    assert table["bead"].tolist() == [2, 3]
    assert table["tgt_text"].tolist()[1] == "Traduzione rivista."
    write_table(table, tmp_path / "memory.tmx")
    tus = ET.parse(tmp_path / "memory.tmx").getroot().findall("./body/tu")
    segs = [[s.text for s in tu.iter("seg")] for tu in tus]
    assert len(segs) == 2 and segs[1][1] == "Traduzione rivista."


def test_flags_computed_for_an_alignment_that_changed_meanwhile_are_not_written(store: ReviewStore) -> None:
    from align.flagging import flag_alignment

    rid = _seed_id(store)
    before = store.beads(rid)
    flags = flag_alignment(store.alignment(rid))
    other = ReviewStore(store.url)  # a second reviewer merges two beads while the flags are computed
    other.edit_alignment(before[3].id, editing.merge_with_next, expected_version=before[3].version, reviewer="B")
    other.close()
    with pytest.raises(ConflictError, match="edited while its flags"):
        store.set_flags(rid, flags, expected_ids=[b.id for b in before])
    assert [b.flags for b in store.beads(rid)][:3] == [b.flags for b in before][:3]  # nothing written
    fresh = flag_alignment(store.alignment(rid))
    store.set_flags(rid, fresh, expected_ids=[b.id for b in store.beads(rid)])
    assert [b.flags for b in store.beads(rid)] == fresh


def test_documents_are_kept_parsed_until_their_row_is_replaced(store: ReviewStore) -> None:
    rid = _seed_id(store)
    src, tgt = store.documents(rid)
    assert store.documents(rid)[0] is src  # parsed once, shared by later reads

    def doc_ids(review_id: int) -> tuple[int, int]:
        return tuple(store._q("SELECT src_doc, tgt_doc FROM reviews WHERE id = ?", (review_id,))[0])

    old_ids = doc_ids(rid)
    alignment = store.alignment(rid)
    store.delete_review(rid)
    # A new review whose documents may get the freed ids (SQLite reuses the highest rowid): the
    # store must not hand back the deleted review's documents.
    alignment.src, alignment.tgt = alignment.tgt, alignment.src
    alignment.beads = [type(b)(b.tgt, b.src, b.score) for b in alignment.beads]
    new = store.create_review(alignment, "swapped")
    if store.path is not None:  # (PostgreSQL's sequences never hand an id out twice)
        assert set(doc_ids(new)) == set(old_ids)  # the case that matters: the same ids again
    new_src, new_tgt = store.documents(new)
    assert new_src is not src and new_src.lang == tgt.lang and new_tgt.lang == src.lang
    assert [s.text for s in new_src.segments] == [s.text for s in tgt.segments]


# -- issue 11: the store's rules, checked on the seed article ----------------------------------------


def _text(store: ReviewStore, rid: int, bead: BeadRow, side: str) -> str:
    """A bead side's text as the screens and exports show it, the text spans index."""
    doc = store.documents(rid)[0 if side == "src" else 1]
    return join_segments(doc, getattr(bead, side))


def _bead_with(store: ReviewStore, rid: int, words: str) -> BeadRow:
    """The bead whose target holds ``words`` (the aligner may number beads differently over time)."""
    return next(b for b in store.beads(rid) if words in _text(store, rid, b, "tgt"))


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_a_bead_with_errors_is_never_correct_in_the_store_the_exports_or_the_counts(store: ReviewStore) -> None:
    from align.mqm import mqm_score

    rid = _seed_id(store)
    beads = store.beads(rid)
    b, c = beads[5], beads[6]
    _, v = store.add_annotation(b.id, _err(), expected_version=b.version)
    # "Correct, next" (or "back to unreviewed") on a bead that holds an error is refused, by its number
    with pytest.raises(ReviewRuleError, match="bead 5 has 1 error: delete it before marking it correct"):
        store.set_status(b.id, "correct", expected_version=v)
    with pytest.raises(ReviewRuleError, match="bead 5 has 1 error: delete it before marking it unreviewed"):
        store.set_status(b.id, "unreviewed", expected_version=v)
    # an error added to a bead marked correct makes it "has errors"
    v = store.set_status(c.id, "correct", expected_version=c.version)
    store.add_annotation(c.id, _err("style", "minor"), expected_version=v)
    assert store.bead(c.id).status == "has_errors"

    table = store.review_table(rid)
    assert table.loc[[5, 6], "status"].tolist() == ["has_errors", "has_errors"]
    assert set(table.loc[table["error_category"] != "", "status"]) == {"has_errors"}
    assert 6 not in store.tmx_table(rid)["bead"].tolist()  # never exported as approved
    info = store.review(rid)
    errors = store.review_annotations(rid)
    assert sum(mqm_score(errors, 100).by_severity.values()) == 2
    assert info.with_errors == len({a.id for a in errors}) == 2  # the header counts what MQM counts

    # once its errors are deleted, the bead can be correct again
    for a, _ in store.annotations(c.id):
        v = store.delete_annotation(a.id, reviewer="Aiko")
    assert store.bead(c.id).status == "unreviewed"
    store.set_status(c.id, "correct", expected_version=v)
    assert store.tmx_table(rid)["bead"].tolist() == [6]


def test_the_refusal_counts_the_errors_in_words(store: ReviewStore) -> None:
    """One error is "delete it", two are "delete them" (it said "1 error: delete them")."""
    b = store.beads(_seed_id(store))[7]
    _, v = store.add_annotation(b.id, _err(), expected_version=b.version)
    with pytest.raises(ReviewRuleError, match=r"^bead 7 has 1 error: delete it before marking it correct$"):
        store.set_status(b.id, "correct", expected_version=v)
    _, v = store.add_annotation(b.id, _err("style", "minor"), expected_version=v)
    with pytest.raises(ReviewRuleError, match=r"^bead 7 has 2 errors: delete them before marking it correct$"):
        store.set_status(b.id, "correct", expected_version=v)


def test_an_older_database_with_a_correct_bead_holding_an_error_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    raw = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        raw.executescript(script)
    raw.execute("PRAGMA user_version = 2")
    raw.execute("INSERT INTO documents VALUES (1, 's', 'ja', 'a', ?, NULL, 't')", ('[["a", 0, 1, 0]]',))
    raw.execute("INSERT INTO documents VALUES (2, 't', 'it', 'b', ?, NULL, 't')", ('[["b", 0, 1, 0]]',))
    raw.execute(
        "INSERT INTO reviews (id, name, src_doc, tgt_doc, model, created_at, updated_at) "
        "VALUES (1, 'r', 1, 2, 'm', 't', 't')"
    )
    raw.execute(
        "INSERT INTO beads (id, review_id, position, src_ids, tgt_ids, status, updated_at) "
        "VALUES (1, 1, 0, '0', '0', 'correct', 't')"
    )
    raw.execute("INSERT INTO annotations (bead_id, category, severity, created_at) VALUES (1, 'style', 'minor', 't')")
    raw.commit()
    raw.close()
    store = ReviewStore(path)
    assert store.bead(1).status == "has_errors"
    assert store.review(1).with_errors == 1
    assert store.tmx_table(1).empty
    store.close()


def test_merge_split_move_and_detach_keep_every_error_span_on_its_words(store: ReviewStore) -> None:
    rid = _seed_id(store)
    # The case: an error on "dei dirigenti", then the bead before is merged into its bead.
    b10 = _bead_with(store, rid, "le dimissioni dei dirigenti sono comuni")
    b9 = store.beads(rid)[b10.position - 1]
    tgt10, src10 = _text(store, rid, b10, "tgt"), _text(store, rid, b10, "src")
    s, e = _span(tgt10, "dei dirigenti")
    on_tgt, v = store.add_annotation(
        b10.id,
        Annotation("terminology", "minor", span_side="tgt", span_start=s, span_end=e),
        expected_version=b10.version,
    )
    s, e = _span(src10, "役員の辞任")
    on_src, _ = store.add_annotation(
        b10.id, Annotation("accuracy/omission", "major", span_side="src", span_start=s, span_end=e), expected_version=v
    )
    s, e = _span(_text(store, rid, b9, "tgt"), "immagine tramite")
    on_9, _ = store.add_annotation(
        b9.id, Annotation("style", "minor", span_side="tgt", span_start=s, span_end=e), expected_version=None
    )
    expected = {on_tgt: "dei dirigenti", on_src: "役員の辞任", on_9: "immagine tramite"}

    def check() -> None:
        seen = {}
        for bead in store.beads(rid):
            for a, _ in store.annotations(bead.id):
                seen[a.id] = _text(store, rid, bead, a.span_side)[a.span_start : a.span_end]
        assert seen == expected

    b9 = store.beads(rid)[b9.position]
    store.edit_alignment(b9.id, editing.merge_with_next, expected_version=b9.version)
    check()
    merged = store.beads(rid)[b9.position]
    assert {a.id for a, _ in store.annotations(merged.id)} == set(expected)
    # split the merged bead again: each error goes back with its sentence
    store.edit_alignment(merged.id, editing.split_bead, len(b9.src), len(b9.tgt), expected_version=None)
    check()
    first, second = store.beads(rid)[b9.position : b9.position + 2]
    assert {a.id for a, _ in store.annotations(first.id)} == {on_9}
    assert {a.id for a, _ in store.annotations(second.id)} == {on_tgt, on_src}
    # move the first target sentence of the second to the first, then back; detach it, then merge again
    store.edit_alignment(second.id, editing.move_sentence, "tgt", "previous", expected_version=None)
    check()
    grown = store.beads(rid)[b9.position]
    assert {a.id for a, _ in store.annotations(grown.id)} == {on_9, on_tgt}  # "dei dirigenti" went with its sentence
    store.edit_alignment(grown.id, editing.move_sentence, "tgt", "next", expected_version=None)
    check()
    store.edit_alignment(
        store.beads(rid)[b9.position].id, editing.detach_sentence, "tgt", "first", expected_version=None
    )
    check()
    alone = store.beads(rid)[b9.position]
    assert (alone.src, {a.id for a, _ in store.annotations(alone.id)}) == ((), {on_9})
    for _ in range(5):
        store.undo(rid, expected_edit=None)
        check()
    assert store.last_edit(rid) is None


def test_an_edit_that_would_part_an_error_span_is_refused_by_bead_number(store: ReviewStore) -> None:
    rid = _seed_id(store)
    b10 = _bead_with(store, rid, "le dimissioni dei dirigenti sono comuni")
    b9 = store.beads(rid)[b10.position - 1]
    store.edit_alignment(b9.id, editing.merge_with_next, expected_version=b9.version)
    merged = store.beads(rid)[b9.position]
    tgt = _text(store, rid, merged, "tgt")
    s, e = _span(tgt, "@blizaine le dimissioni")  # across the two sentences
    store.add_annotation(
        merged.id, Annotation("style", "minor", span_side="tgt", span_start=s, span_end=e), expected_version=None
    )
    before = _state(store, rid)
    with pytest.raises(editing.EditError, match=f"bead {merged.position}'s error on “@blizaine le dimissioni”"):
        store.edit_alignment(merged.id, editing.split_bead, 1, 1, expected_version=None)
    with pytest.raises(AlignError, match="cannot undo the merge: the error on “@blizaine le dimissioni”"):
        store.undo(rid, expected_edit=None)
    assert _state(store, rid) == before  # nothing half-done


def test_merging_joins_the_post_edits_so_the_tmx_unit_matches_its_source(store: ReviewStore) -> None:
    rid = _seed_id(store)
    b10 = _bead_with(store, rid, "le dimissioni dei dirigenti sono comuni")
    b9 = store.beads(rid)[b10.position - 1]
    mt9 = _text(store, rid, b9, "tgt")
    assert mt9 == "immagine tramite @blizaine"
    pe10 = "Le dimissioni dei dirigenti sono frequenti in ogni azienda di IA."
    store.set_post_edit(b10.id, pe10, expected_version=b10.version)
    store.edit_alignment(b9.id, editing.merge_with_next, expected_version=b9.version)
    merged = store.beads(rid)[b9.position]
    assert merged.post_edit == f"{mt9} {pe10}"
    (unit,) = [r for _, r in store.tmx_table(rid).iterrows() if r["bead"] == b9.position]
    assert unit["src_text"].startswith("画像提供 @blizaine") and unit["tgt_text"].startswith(
        "immagine tramite @blizaine"
    )
    # split at the same place: each bead gets its own post-edit back (bead 9 had none, and has none again)
    store.edit_alignment(merged.id, editing.split_bead, 1, 1, expected_version=None)
    first, second = store.beads(rid)[b9.position : b9.position + 2]
    assert (first.post_edit, second.post_edit) == ("", pe10)


def test_a_post_edit_is_split_back_sensibly(store: ReviewStore) -> None:
    rid = _seed_id(store)
    b10 = _bead_with(store, rid, "le dimissioni dei dirigenti sono comuni")
    b9 = store.beads(rid)[b10.position - 1]
    v = store.set_post_edit(b9.id, "Immagine: @blizaine", expected_version=b9.version)
    store.set_post_edit(b10.id, "Dimissioni di dirigenti: comuni ovunque.", expected_version=b10.version)
    store.edit_alignment(b9.id, editing.merge_with_next, expected_version=v)
    merged = store.beads(rid)[b9.position]
    assert merged.post_edit == "Immagine: @blizaine Dimissioni di dirigenti: comuni ovunque."
    store.edit_alignment(merged.id, editing.split_bead, 1, 1, expected_version=None)
    assert [b.post_edit for b in store.beads(rid)[b9.position : b9.position + 2]] == [
        "Immagine: @blizaine",
        "Dimissioni di dirigenti: comuni ovunque.",
    ]
    # a post-edit typed on the merged bead (one text) is cut where its words match the target's boundary
    store.undo(rid, expected_edit=None)
    merged = store.beads(rid)[b9.position]
    mt10 = _text(store, rid, b10, "tgt")
    typed = "Immagine di @blizaine. " + mt10.replace("comuni", "frequenti")
    store.set_post_edit(merged.id, typed, expected_version=merged.version)
    store.edit_alignment(merged.id, editing.split_bead, 1, 1, expected_version=None)
    assert [b.post_edit for b in store.beads(rid)[b9.position : b9.position + 2]] == [
        "Immagine di @blizaine.",
        mt10.replace("comuni", "frequenti"),
    ]


def test_undoing_a_merge_keeps_the_post_edit_verdict_and_errors_written_since(store: ReviewStore) -> None:
    rid = _seed_id(store)
    b10 = _bead_with(store, rid, "le dimissioni dei dirigenti sono comuni")
    b9 = store.beads(rid)[b10.position - 1]
    mt10 = _text(store, rid, b10, "tgt")
    store.edit_alignment(b9.id, editing.merge_with_next, expected_version=b9.version)
    merged = store.beads(rid)[b9.position]
    pe = "Immagine di @blizaine " + mt10.replace("comuni", "frequenti")
    v = store.set_post_edit(merged.id, pe, expected_version=merged.version, reviewer="Luca")
    store.set_status(merged.id, "correct", expected_version=v, reviewer="Luca")
    store.undo(rid, expected_edit=None)
    back9, back10 = store.bead(b9.id), store.bead(b10.id)
    assert (back9.post_edit, back10.post_edit) == ("Immagine di @blizaine", mt10.replace("comuni", "frequenti"))
    assert (back9.status, back10.status) == ("correct", "correct")
    assert back10.updated_by == "Luca"

    # an error added since goes back to the bead that holds its words, which then "has errors"
    store.edit_alignment(b9.id, editing.merge_with_next, expected_version=None)
    merged = store.beads(rid)[b9.position]
    s, e = _span(_text(store, rid, merged, "tgt"), "dei dirigenti")
    ann, _ = store.add_annotation(
        merged.id, Annotation("terminology", "minor", span_side="tgt", span_start=s, span_end=e), expected_version=None
    )
    store.undo(rid, expected_edit=None)
    ((a, note),) = store.annotations(b10.id)
    assert (a.id, _text(store, rid, b10, "tgt")[a.span_start : a.span_end], note) == (ann, "dei dirigenti", "")
    assert (store.bead(b9.id).status, store.bead(b10.id).status) == ("correct", "has_errors")


def test_a_span_must_lie_inside_the_text(store: ReviewStore) -> None:
    rid = _seed_id(store)
    b = store.beads(rid)[8]
    n = len(_text(store, rid, b, "tgt"))
    for start, end in ((0, n + 1), (-1, 3), (3, 3), (5, 2)):
        with pytest.raises(AlignError, match="not inside bead 8's target text"):
            store.add_annotation(
                b.id,
                Annotation("style", "minor", span_side="tgt", span_start=start, span_end=end),
                expected_version=None,
            )
    with pytest.raises(AlignError, match="a span needs a side"):
        store.add_annotation(b.id, Annotation("style", "minor", span_start=0, span_end=3))
    # spaces at the ends of a span are dropped; a span of spaces alone is refused
    text = _text(store, rid, b, "tgt")
    s, e = _span(text, " tramite ")
    ann, _ = store.add_annotation(b.id, Annotation("style", "minor", span_side="tgt", span_start=s, span_end=e))
    ((a, _),) = store.annotations(b.id)
    assert text[a.span_start : a.span_end] == "tramite"
    with pytest.raises(AlignError, match="holds only spaces"):
        store.add_annotation(b.id, Annotation("style", "minor", span_side="tgt", span_start=s, span_end=s + 1))
    assert store.add_annotation(b.id, Annotation("style", "minor", span_side="tgt", span_start=0, span_end=n))[0] > ann


def test_conflict_messages_name_the_bead_by_its_number_not_its_id(store: ReviewStore) -> None:
    rid = _seed_id(store)
    beads = store.beads(rid)
    a, b = beads[30], beads[31]
    assert b.id != b.position  # otherwise this test could not tell them apart
    other = ReviewStore(store.url)
    other.edit_alignment(a.id, editing.merge_with_next, expected_version=a.version, reviewer="Luca")
    other.close()
    for write in (
        lambda: store.set_status(b.id, "correct", expected_version=b.version),
        lambda: store.add_annotation(b.id, _err(), expected_version=b.version),
        lambda: store.bead(b.id),
    ):
        with pytest.raises(ConflictError) as info:
            write()
        assert str(info.value).startswith(
            "bead 31 as you loaded it was replaced: Luca changed the alignment there (merge"
        )
        assert f"bead {b.id}" not in str(info.value)
    merged = store.beads(rid)[30]
    store.undo(rid, expected_edit=None)
    with pytest.raises(ConflictError, match="bead 30 as you loaded it was replaced: the merge that made it was undone"):
        store.set_post_edit(merged.id, "troppo tardi", expected_version=merged.version)


def test_adding_an_error_while_someone_else_added_one_is_no_conflict(store: ReviewStore) -> None:
    rid = _seed_id(store)
    other = ReviewStore(store.url)
    mine, theirs = store.beads(rid)[12], other.beads(rid)[12]
    store.add_annotation(mine.id, _err(comment="Aiko's"), expected_version=mine.version, reviewer="Aiko")
    other.add_annotation(theirs.id, _err("style", "minor", "Luca's"), expected_version=theirs.version, reviewer="Luca")
    assert [a.comment for a, _ in store.annotations(mine.id)] == ["Aiko's", "Luca's"]
    # deleting one's own error does not conflict with the other's either
    (luca,) = [a for a, _ in other.annotations(theirs.id) if a.reviewer == "Luca"]
    other.delete_annotation(luca.id, expected_version=theirs.version, reviewer="Luca")
    assert [a.comment for a, _ in store.annotations(mine.id)] == ["Aiko's"]
    assert store.bead(mine.id).status == "has_errors"
    other.close()


def test_the_export_has_one_fixed_set_of_columns(store: ReviewStore, tmp_path: Path) -> None:
    rid = _seed_id(store)
    header = [
        "bead", "src_ids", "tgt_ids", "src_text", "tgt_text", "score", "src_lang", "tgt_lang",
        "flags", "flag_notes", "risk",
        "status", "status_by", "error_category", "severity", "comment", "error_reviewer", "error_span",
        "error_text", "post_edit", "post_edit_by", "reviewer", "updated_at",
    ]  # fmt: skip
    store.set_flags(rid, [[] for _ in store.beads(rid)])  # no bead has a flag
    for fmt in ("csv", "jsonl"):
        write_table(store.review_table(rid), tmp_path / f"review.{fmt}")
    assert list(pd.read_csv(tmp_path / "review.csv", keep_default_na=False).columns) == header
    assert list(pd.read_json(tmp_path / "review.jsonl", lines=True).columns) == header
    table = pd.read_csv(tmp_path / "review.csv", keep_default_na=False)
    assert set(table["flags"]) == {""} and set(table["risk"]) == {0.0}


def test_span_on_a_japanese_multi_sentence_bead_keeps_its_words_through_a_merge(store: ReviewStore) -> None:
    """The bead text the screen shows (the store's bead table) is the text spans index: an error on the
    last sentence of a Japanese bead of several sentences still covers the same words after the bead
    before it is merged with it. (Joining Japanese sentences without a space in the table while the
    store anchored spans in a one-space join shifted such spans by a character per join.)"""
    rid = _seed_id(store)
    frame = store.bead_frame(rid).reset_index(drop=True)
    k = next(k for k in range(1, len(frame)) if len(frame.loc[k, "src_ids"]) >= 2 and frame.loc[k - 1, "src_ids"])
    target, before = frame.loc[k], frame.loc[k - 1]
    words = target["src_text"][-6:-1]
    start = target["src_text"].rindex(words)
    span = Annotation("accuracy/mistranslation", "major", span_side="src", span_start=start, span_end=start + 5)
    store.add_annotation(int(target["id"]), span)
    first = next(b for b in store.beads(rid) if b.id == int(before["id"]))
    store.edit_alignment(first.id, editing.merge_with_next, expected_version=first.version)
    after = store.bead_frame(rid)
    merged = after[after["src_ids"].map(lambda ids: set(target["src_ids"]) <= set(ids))].iloc[0]
    ((ann, _),) = store.annotations(int(merged["id"]))
    assert merged["src_text"][ann.span_start : ann.span_end] == words


# -- the store's text is the text the language writes (no space after 。) ----------------------------------


def _japanese_pair(store: ReviewStore, rid: int) -> tuple[BeadRow, BeadRow]:
    """A bead (not the first) whose source is Japanese sentences, the first ending in 。; and the bead before it."""
    src = store.documents(rid)[0]
    beads = store.beads(rid)
    k = next(
        k for k in range(1, len(beads)) if len(beads[k].src) >= 2 and src.segments[beads[k].src[0]].text.endswith("。")
    )
    return beads[k - 1], beads[k]


def test_japanese_beads_show_as_written_and_spans_keep_their_words_through_edits(store: ReviewStore) -> None:
    """The bead table shows Japanese sentences joined without a space after 。, as the exports do, and an
    error span selected in that text covers the same words after a merge, a split and their undo. (The
    store joined with a space and carried spans in that text, so every join before a span moved it by one.)"""
    rid = _seed_id(store)
    src = store.documents(rid)[0]
    prev, bead = _japanese_pair(store, rid)
    row = store.bead_frame(rid).set_index("id").loc[bead.id]
    assert row["src_text"] == "".join(src.segments[i].text for i in bead.src)
    assert row["src_text"] == store.review_table(rid).loc[bead.position, "src_text"]
    last = src.segments[bead.src[-1]].text
    words = last[-8:-1]
    start = row["src_text"].rindex(words)
    ann, _ = store.add_annotation(
        bead.id,
        Annotation("terminology", "minor", span_side="src", span_start=start, span_end=start + len(words)),
        expected_version=None,
    )

    def covered() -> str:
        (home,) = [b for b in store.beads(rid) for a, _ in store.annotations(b.id) if a.id == ann]
        ((a, _),) = [(a, n) for a, n in store.annotations(home.id) if a.id == ann]
        return store.bead_frame(rid).set_index("id").loc[home.id, "src_text"][a.span_start : a.span_end]

    assert covered() == words
    store.edit_alignment(prev.id, editing.merge_with_next, expected_version=None)
    assert covered() == words
    merged = store.beads(rid)[prev.position]
    store.edit_alignment(merged.id, editing.split_bead, len(prev.src) + 1, len(prev.tgt), expected_version=None)
    assert covered() == words  # the span's sentence alone now: its offset is its place in that sentence
    store.undo(rid, expected_edit=None)
    assert covered() == words
    store.undo(rid, expected_edit=None)
    assert covered() == words
    ((a, _),) = store.annotations(bead.id)
    assert (a.span_start, a.span_end) == (start, start + len(words))


def test_a_schema_3_database_gets_its_japanese_spans_rebased_on_the_written_text(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Schema 3 stored spans in a one-space join of the sentences. Opening such a database moves each
    span, the errors' and those the edit log keeps for undo, onto the same words of the text as written."""
    path = tmp_path / "v3.sqlite3"
    raw = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        raw.executescript(script)
    raw.execute("PRAGMA user_version = 3")
    raw.execute("ATTACH DATABASE ? AS seed", (str(seed_db(tmp_path_factory.getbasetemp())),))
    raw.execute(
        "INSERT INTO documents (id, name, lang, text, segments, encoding, created_at) "
        "SELECT id, name, lang, text, segments, encoding, created_at FROM seed.documents"
    )
    src_doc, tgt_doc = raw.execute("SELECT src_doc, tgt_doc FROM seed.reviews").fetchone()
    raw.execute(
        "INSERT INTO reviews (id, name, src_doc, tgt_doc, model, created_at, updated_at) "
        "VALUES (1, 'old', ?, ?, 'm', 't', 't')",
        (src_doc, tgt_doc),
    )
    (segments,) = raw.execute("SELECT segments FROM documents WHERE id = ?", (src_doc,)).fetchone()
    ja = [seg[0] for seg in json.loads(segments)]
    assert all(ja[i].endswith("。") for i in (5, 6, 7, 8))  # nothing is written between these sentences
    bead = (
        "INSERT INTO beads (id, review_id, position, src_ids, tgt_ids, status, updated_at) "
        "VALUES (?, 1, ?, ?, ?, ?, '')"
    )
    # bead 1 (5 6 : 5) was split into 2 (5 : 5) and 3 (6 : -); bead 4 (7 8 : 6 7) holds an error on sentence 8
    raw.execute(bead, (2, 0, "5", "5", "unreviewed"))
    raw.execute(bead, (3, 1, "6", "", "has_errors"))
    raw.execute(bead, (4, 2, "7 8", "6 7", "has_errors"))
    w6, w8 = ja[6][3:9], ja[8][2:7]
    old6 = len(ja[5]) + 1 + 3  # in "sentence 5, a space, sentence 6"
    old8 = len(ja[7]) + 1 + 2
    ann = (
        "INSERT INTO annotations (id, bead_id, category, severity, span_side, span_start, span_end, created_at) "
        "VALUES (?, ?, 'style', 'minor', 'src', ?, ?, '')"
    )
    raw.execute(ann, (1, 3, 3, 9))
    raw.execute(ann, (2, 4, old8, old8 + len(w8)))
    columns = "id review_id position src_ids tgt_ids score flags risk status post_edit edited version updated_at"
    values = [1, 1, 0, "5 6", "5", 0.9, "[]", 0.0, "has_errors", "", 0, 1, ""]
    before = [{**dict(zip(columns.split(), values, strict=True)), "updated_by": "", "pe_parts": ""}]
    raw.execute(
        "INSERT INTO edits (review_id, op, start, old_stop, new_stop, before, homes, new_ids, back_map, created_at, "
        "after) VALUES (1, 'split', 0, 1, 2, ?, ?, '[2, 3]', '[1, 1]', '', ?)",
        (
            json.dumps(before),
            json.dumps({"1": [1, old6, old6 + len(w6), ""]}),
            json.dumps([{"status": "unreviewed", "post_edit": ""}, {"status": "has_errors", "post_edit": ""}]),
        ),
    )
    raw.commit()
    raw.close()

    store = ReviewStore(path)
    assert store.schema_version == SCHEMA_VERSION
    src = store.documents(1)[0]
    ((a8, _),) = store.annotations(4)
    assert join_segments(src, (7, 8))[a8.span_start : a8.span_end] == w8
    ((a6, _),) = store.annotations(3)
    assert join_segments(src, (6,))[a6.span_start : a6.span_end] == w6  # one sentence: nothing to move
    store.undo(1, expected_edit=None)
    ((a6, _),) = store.annotations(1)
    assert join_segments(src, (5, 6))[a6.span_start : a6.span_end] == w6
    store.close()


# -- the CSV says who added each error and what its span covers ------------------------------------------


def test_the_csv_export_credits_each_error_to_its_reviewer_with_its_span(store: ReviewStore, tmp_path: Path) -> None:
    """Two reviewers add errors to the same beads; ``python -m align export`` writes, error by error, who
    added it, its span (offsets into the exported text) and the text the span covers. (The CSV had one
    ``reviewer`` per bead, the last to touch it, and no spans at all.)"""
    rid = _seed_id(store)
    luca = ReviewStore(store.url)  # a second reviewer, in another session
    b10 = _bead_with(store, rid, "le dimissioni dei dirigenti sono comuni")
    tgt10 = _text(store, rid, b10, "tgt")
    s, e = _span(tgt10, "dei dirigenti")
    store.add_annotation(
        b10.id, Annotation("terminology", "minor", "a|b", span_side="tgt", span_start=s, span_end=e), reviewer="Aiko"
    )
    luca.add_annotation(b10.id, _err("style", "minor", "no span"), reviewer="Luca")
    _, jp = _japanese_pair(store, rid)
    src = _text(store, rid, jp, "src")
    last = store.documents(rid)[0].segments[jp.src[-1]].text
    js, je = _span(src, last[1:6])  # words of its last sentence, after a 。 with nothing written after it
    luca.add_annotation(
        jp.id,
        Annotation("accuracy/mistranslation", "major", span_side="src", span_start=js, span_end=je),
        reviewer="Luca",
    )
    store.set_post_edit(jp.id, "Testo rivisto.", expected_version=None, reviewer="Aiko")
    luca.close()

    out = tmp_path / "review.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "align", "export", "--db", store.url, "--review", str(rid), "-o", str(out)],
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(out, keep_default_na=False, dtype=str)
    row = table.loc[b10.position]
    assert row["error_category"] == "terminology | style"
    assert row["error_reviewer"] == "Aiko | Luca"
    assert row["error_span"] == f"tgt:{s}-{e} | "
    assert row["error_text"] == "dei dirigenti | "
    assert row["comment"] == "a/b | no span"
    row = table.loc[jp.position]
    assert (row["error_reviewer"], row["error_span"]) == ("Luca", f"src:{js}-{je}")
    assert row["reviewer"] == "Aiko"  # the bead's last change: her post-edit, not the error

    # every span cuts its text out of the exported text
    for _, row in table[table["error_span"] != ""].iterrows():
        for span, words in zip(row["error_span"].split(" | "), row["error_text"].split(" | "), strict=True):
            if span:
                side, offsets = span.split(":")
                a, b = map(int, offsets.split("-"))
                assert row[f"{side}_text"][a:b] == words
    assert table.loc[jp.position, "src_text"][js:je] == last[1:6]


# -- per-field versions: two reviewers on one bead ---------------------------------------------------------


def test_two_reviewers_writing_different_fields_of_a_bead_do_not_conflict(store: ReviewStore) -> None:
    """Aiko and Luca (two connections, as two browser sessions) open the same beads. Luca adds an error, or
    gives a verdict; Aiko's post-edit, typed from the version she loaded, is saved all the same. (Any change
    of the bead refused it.) The same field written by both is still refused, naming the field and who wrote it."""
    rid = _seed_id(store)
    luca = ReviewStore(store.url)
    beads = store.beads(rid)

    a, b = beads[14], luca.beads(rid)[14]  # Luca adds an error while Aiko types
    luca.add_annotation(b.id, _err(comment="Luca's"), expected_version=b.version, reviewer="Luca")
    store.set_post_edit(a.id, "Testo di Aiko.", expected_version=a.version, reviewer="Aiko")
    row = store.bead(a.id)
    # his error changed the bead's status, and is credited with it
    assert (row.post_edit, row.status, row.post_edit_by, row.status_by) == (
        "Testo di Aiko.",
        "has_errors",
        "Aiko",
        "Luca",
    )

    a, b = beads[15], luca.beads(rid)[15]  # Luca gives a verdict while Aiko types; then the other way round
    luca.set_status(b.id, "correct", expected_version=b.version, reviewer="Luca")
    store.set_post_edit(a.id, "Altro testo.", expected_version=a.version, reviewer="Aiko")
    b = luca.bead(b.id)
    store.set_post_edit(a.id, "Testo finale.", expected_version=store.bead(a.id).version, reviewer="Aiko")
    luca.set_status(b.id, "has_errors", expected_version=b.version, reviewer="Luca")
    row = store.bead(a.id)
    assert (row.post_edit, row.status, row.post_edit_by, row.status_by) == (
        "Testo finale.",
        "has_errors",
        "Aiko",
        "Luca",
    )

    # the same field, written from the same loaded version, is a conflict: the later write is refused
    a, b = beads[16], luca.beads(rid)[16]
    luca.add_annotation(b.id, _err(), reviewer="Luca")  # unrelated change in between: still the post-edit's conflict
    store.set_post_edit(a.id, "Versione di Aiko.", expected_version=a.version, reviewer="Aiko")
    with pytest.raises(ConflictError, match=r"bead 16's post-edit was changed by Aiko at .* after you loaded it"):
        luca.set_post_edit(b.id, "Versione di Luca.", expected_version=b.version, reviewer="Luca")
    a, b = beads[17], luca.beads(rid)[17]
    store.set_status(a.id, "correct", expected_version=a.version, reviewer="Aiko")
    with pytest.raises(ConflictError, match="bead 17's verdict was changed by Aiko"):
        luca.set_status(b.id, "has_errors", expected_version=b.version, reviewer="Luca")
    assert (store.bead(beads[16].id).post_edit, store.bead(a.id).status) == ("Versione di Aiko.", "correct")
    # after a reload the write goes through
    luca.set_status(b.id, "has_errors", expected_version=luca.bead(b.id).version, reviewer="Luca")
    assert store.bead(a.id).status == "has_errors"
    # an error that changes the status changes the verdict: "correct" from a page without it is refused
    a, b = beads[18], luca.beads(rid)[18]
    store.add_annotation(a.id, _err(), reviewer="Aiko")
    with pytest.raises(ConflictError, match="bead 18's verdict was changed by Aiko"):
        luca.set_status(b.id, "correct", expected_version=b.version, reviewer="Luca")
    luca.close()


def test_undo_stamps_the_fields_it_carried_work_into(store: ReviewStore) -> None:
    """A post-edit written on a merged bead goes back to the old beads on undo: a reviewer who loaded an old
    bead before the merge and saves its post-edit now conflicts (the post-edit changed under them), while
    a verdict from that page, a field the undo did not change, goes through."""
    rid = _seed_id(store)
    b10 = _bead_with(store, rid, "le dimissioni dei dirigenti sono comuni")
    b9 = store.beads(rid)[b10.position - 1]
    luca = ReviewStore(store.url)
    stale9, stale10 = luca.bead(b9.id), luca.bead(b10.id)
    store.edit_alignment(b9.id, editing.merge_with_next, expected_version=b9.version, reviewer="Aiko")
    merged = store.beads(rid)[b9.position]
    mt10 = _text(store, rid, b10, "tgt")
    store.set_post_edit(merged.id, "Immagine di @blizaine " + mt10, expected_version=merged.version, reviewer="Aiko")
    store.undo(rid, expected_edit=None, reviewer="Aiko")
    with pytest.raises(ConflictError, match=f"bead {b9.position}'s post-edit was changed by Aiko"):
        luca.set_post_edit(stale9.id, "Luca", expected_version=stale9.version, reviewer="Luca")
    luca.set_status(stale10.id, "correct", expected_version=stale10.version, reviewer="Luca")
    assert store.bead(b10.id).status == "correct"
    luca.close()


def test_a_schema_4_database_gets_per_field_versions(tmp_path: Path) -> None:
    """An older database's beads count each field as changed at the bead's version, so a page loaded
    before the upgrade still conflicts as it did; later writes conflict field by field."""
    path = tmp_path / "v4.sqlite3"
    raw = sqlite3.connect(path)
    for script in MIGRATIONS[:3]:
        raw.executescript(script)
    raw.execute("PRAGMA user_version = 4")  # migration 4 only moves spans: none here
    raw.execute("INSERT INTO documents VALUES (1, 's', 'ja', 'a', ?, NULL, 't')", ('[["a", 0, 1, 0]]',))
    raw.execute("INSERT INTO documents VALUES (2, 't', 'it', 'b', ?, NULL, 't')", ('[["b", 0, 1, 0]]',))
    raw.execute(
        "INSERT INTO reviews (id, name, src_doc, tgt_doc, model, created_at, updated_at) "
        "VALUES (1, 'r', 1, 2, 'm', 't', 't')"
    )
    raw.execute(
        "INSERT INTO beads (id, review_id, position, src_ids, tgt_ids, status, version, updated_at, updated_by) "
        "VALUES (1, 1, 0, '0', '0', 'correct', 3, '2024-01-01T00:00:00', 'Aiko')"
    )
    raw.commit()
    raw.close()
    store = ReviewStore(path)
    row = store.bead(1)
    assert (row.status_version, row.post_edit_version, row.status_by) == (3, 3, "Aiko")
    with pytest.raises(ConflictError, match="bead 0's post-edit was changed by Aiko"):
        store.set_post_edit(1, "x", expected_version=2, reviewer="Luca")
    store.set_post_edit(1, "x", expected_version=3, reviewer="Luca")
    store.set_status(1, "has_errors", expected_version=3, reviewer="Luca")  # the post-edit is not the verdict
    assert (store.bead(1).post_edit_by, store.bead(1).status_by) == ("Luca", "Luca")
    store.close()


def test_an_edit_returns_the_id_its_undo_names(store: ReviewStore) -> None:
    """The id comes from the edit itself: another reviewer's edit right after it is the latest, not this one."""
    rid = _seed_id(store)
    mine = store.edit_alignment(store.beads(rid)[3].id, editing.merge_with_next, expected_version=None, reviewer="A")
    assert (mine.op, mine.start, mine.id) == ("merge", 3, store.last_edit(rid).id)
    theirs = store.edit_alignment(store.beads(rid)[9].id, editing.merge_with_next, expected_version=None, reviewer="B")
    assert theirs.id != mine.id and store.last_edit(rid).id == theirs.id
    with pytest.raises(ConflictError, match="another alignment edit"):
        store.undo(rid, expected_edit=mine.id, reviewer="A")  # never undoes theirs in its place


def test_restoring_a_deleted_error_brings_back_the_same_error(store: ReviewStore) -> None:
    rid = _seed_id(store)
    bead = store.beads(rid)[8]
    word = join_segments(store.documents(rid)[1], bead.tgt).split()[0]
    spanned = Annotation("terminology", "critical", "wrong term", span_side="tgt", span_start=0, span_end=len(word))
    ann_id, _ = store.add_annotation(bead.id, spanned, reviewer="Aiko")
    store.add_annotation(bead.id, _err(comment="later"), reviewer="Luca")
    (ann, note), _ = store.annotations(bead.id)
    store.delete_annotation(ann_id, reviewer="Dora")
    store.delete_annotation(store.annotations(bead.id)[0][0].id, reviewer="Dora")
    version = store.bead(bead.id).version
    assert store.bead(bead.id).status == "unreviewed"
    got, v = store.restore_annotation(bead.id, ann, expected_version=version, reviewer="Dora", note=note)
    assert got == ann_id and v == version + 1
    assert store.annotations(bead.id) == [(ann, note)]  # id, author, span, comment, created time
    after = store.bead(bead.id)
    assert (after.status, after.status_by, after.updated_by) == ("has_errors", "Dora", "Dora")
    assert store.review_table(rid).loc[8, "error_reviewer"] == "Aiko"

    # Restoring it over a verdict given since the delete would overwrite that verdict: refused.
    store.delete_annotation(ann_id, reviewer="Dora")
    version = store.bead(bead.id).version
    store.set_status(bead.id, "correct", expected_version=None, reviewer="Luca")
    with pytest.raises(ConflictError, match="verdict was changed by Luca"):
        store.restore_annotation(bead.id, ann, expected_version=version, reviewer="Dora")
    assert store.annotations(bead.id) == [] and store.bead(bead.id).status == "correct"


def test_the_export_credits_who_gave_the_verdict_and_who_wrote_the_post_edit(store: ReviewStore) -> None:
    """Creating a review is not reviewing it: an untouched bead has no reviewer. A verdict by Ben and then a
    post-edit by Ana are both credited, each in its own column (``reviewer`` is the last change, Ana's)."""
    rid = store.create_review(store.alignment(_seed_id(store)), "created by Cleo", reviewer="Cleo")
    beads = store.beads(rid)
    b, e = beads[3], beads[6]
    v = store.set_status(b.id, "correct", expected_version=b.version, reviewer="Ben")
    store.set_post_edit(b.id, "Ana's text.", expected_version=v, reviewer="Ana")
    _, v = store.add_annotation(e.id, _err(), expected_version=e.version, reviewer="Ben")
    table = store.review_table(rid)
    assert list(table.columns[-len(REVIEW_COLUMNS) :]) == REVIEW_COLUMNS
    credit = table[["status", "status_by", "post_edit_by", "reviewer"]]
    assert credit.loc[3].tolist() == ["correct", "Ben", "Ana", "Ana"]
    assert credit.loc[6].tolist() == ["has_errors", "Ben", "", "Ben"]  # an error gives the verdict has_errors
    untouched = credit.drop(index=[3, 6])
    assert (untouched["status"] == "unreviewed").all() and (untouched[["status_by", "post_edit_by"]] == "").all().all()
    assert (untouched["reviewer"] == "").all() and (table.drop(index=[3, 6])["updated_at"] == "").all()
    assert "Cleo" not in set(table["reviewer"]) | set(table["status_by"]) | set(table["post_edit_by"])


def test_an_undone_merge_credits_who_undid_it_not_who_created_the_review(store: ReviewStore) -> None:
    """A reviewer's session: Anna merged two untouched beads and undid it; the export named Rita, who had started
    the review and never touched them (the restored beads came back in a new version with their creation stamp)."""
    rid = store.create_review(store.alignment(_seed_id(store)), "started by Rita", reviewer="Rita")
    a = store.beads(rid)[5]
    store.edit_alignment(a.id, editing.merge_with_next, expected_version=a.version, reviewer="Anna")
    store.undo(rid, expected_edit=store.last_edit(rid).id, reviewer="Anna")
    table = store.review_table(rid)
    assert table.loc[[5, 6], "reviewer"].tolist() == ["Anna", "Anna"]
    assert (table.loc[[5, 6], "status"] == "unreviewed").all() and (table.loc[[5, 6], "status_by"] == "").all()
    assert "Rita" not in set(table["reviewer"])


def test_drafts_are_kept_per_bead_and_reviewer_across_a_reopen(store: ReviewStore, seeded_db: str) -> None:
    """Unsaved input of the app's forms (review_app/drafts.py) outlives the store that kept it, as a server
    restart needs; one reviewer's drafts are never another's; a draft goes with its bead and its review."""
    rid = _seed_id(store)
    beads = store.beads(rid)
    a, b, c = beads[3], beads[4], beads[8]
    said = {"err_comment": "tense is wrong — 時制", "err_span_side": "tgt", "err_span_text": "era"}
    assert store.save_draft(a.id, "Ana", said)
    assert store.save_draft(b.id, "Ana", {"pe_text": "Il nuovo testo", "_pe_start": "Il testo"})
    assert store.save_draft(a.id, "Ben", {"err_comment": "his"})
    assert store.save_draft(a.id, "Ana", {**said, "err_comment": "tense"})  # replaced, not added
    revision, version = store.revision(rid), store.bead(a.id).version
    again = ReviewStore(seeded_db)
    assert again.drafts("Ana") == {
        a.id: {**said, "err_comment": "tense"},
        b.id: {"pe_text": "Il nuovo testo", "_pe_start": "Il testo"},
    }
    assert again.drafts("Ben") == {a.id: {"err_comment": "his"}} and again.drafts("Cy") == {}
    assert (again.revision(rid), again.bead(a.id).version) == (revision, version)  # no review work changed
    assert again.save_draft(b.id, "Ana", {})  # nothing left in it: dropped
    assert set(again.drafts("Ana")) == {a.id}
    # An alignment edit replaces the bead: its drafts go with it, and there is nothing to keep one on.
    from align import editing

    assert again.save_draft(c.id, "Ana", {"err_comment": "on c"})
    again.edit_alignment(c.id, editing.merge_with_next, expected_version=None, reviewer="Ana")
    assert set(again.drafts("Ana")) == {a.id}
    assert not again.save_draft(c.id, "Ana", {"err_comment": "late"}) and set(again.drafts("Ana")) == {a.id}
    again.delete_review(rid)
    assert again.drafts("Ana") == again.drafts("Ben") == {}
    again.close()
