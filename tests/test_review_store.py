"""The review store on real SQLite files holding the real aligned seed article."""

from __future__ import annotations

import io
import itertools
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from seed_review import copy_seed_db, seed_db, session_cache_dir

from align import editing
from align.errors import AlignError
from align.exporters import CORE_COLUMNS, write_table
from align.review_start import SEED_NAME, SEED_PAIR, cached_encoder, read_corpus_pair
from align.review_store import (
    MIGRATIONS,
    REVIEW_COLUMNS,
    SCHEMA_VERSION,
    ConflictError,
    ReviewStore,
)
from align.types import Annotation


@pytest.fixture
def store(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> ReviewStore:
    s = ReviewStore(copy_seed_db(tmp_path_factory.getbasetemp(), tmp_path / "review.sqlite3"))
    yield s
    s.close()


def _seed_id(store: ReviewStore) -> int:
    (info,) = store.list_reviews()
    assert info.name == SEED_NAME
    return info.id


def _err(category: str = "accuracy/mistranslation", severity: str = "major", comment: str = "") -> Annotation:
    return Annotation(category=category, severity=severity, comment=comment)


def test_fresh_database_is_migrated_wal_and_enforces_foreign_keys(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "new.sqlite3")
    assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    raw = sqlite3.connect(tmp_path / "new.sqlite3")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "reviews", "beads", "annotations", "edits", "settings"} <= tables
    raw.close()
    with pytest.raises(sqlite3.IntegrityError):
        store._db.execute(
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
    indexes = {r[0] for r in store._db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "annotations_by_bead" in indexes
    store.close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(AlignError, match="newer than this program"):
        ReviewStore(path)


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

    again = ReviewStore(store.path)
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


def test_a_committed_write_survives_a_killed_process(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = copy_seed_db(tmp_path_factory.getbasetemp(), tmp_path / "killed.sqlite3")
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
    other = ReviewStore(store.path)  # a second browser session / server process
    rid = _seed_id(store)
    mine = store.beads(rid)[10]
    theirs = other.beads(rid)[10]
    store.set_post_edit(mine.id, "versione di Aiko", expected_version=mine.version, reviewer="Aiko")
    with pytest.raises(ConflictError, match="changed by Aiko"):
        other.set_post_edit(theirs.id, "versione di Luca", expected_version=theirs.version, reviewer="Luca")
    with pytest.raises(ConflictError):
        other.add_annotation(theirs.id, _err(), expected_version=theirs.version, reviewer="Luca")
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
    assert merged.status == "has_errors" and merged.post_edit == "PE" and merged.edited
    anns = store.annotations(merged.id)
    assert [x.id for x, _ in anns] == [a1, b1]  # nothing dropped, order kept
    assert all("re-attached after merge" in note for _, note in anns)
    assert [x.position for x in after] == list(range(len(after)))
    editing.check_beads([editing.Bead(x.src, x.tgt) for x in after], *map(len, store.documents(rid)))
    # the old bead ids are gone: a stale page gets a clear conflict, not a write to the wrong bead
    with pytest.raises(ConflictError, match="no longer exists"):
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
    other = ReviewStore(store.path)  # a second reviewer merges two beads while the flags are computed
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
        with sqlite3.connect(store.path) as db:
            return db.execute("SELECT src_doc, tgt_doc FROM reviews WHERE id = ?", (review_id,)).fetchone()

    old_ids = doc_ids(rid)
    alignment = store.alignment(rid)
    store.delete_review(rid)
    # A new review whose documents may get the freed ids (SQLite reuses the highest rowid): the
    # store must not hand back the deleted review's documents.
    alignment.src, alignment.tgt = alignment.tgt, alignment.src
    alignment.beads = [type(b)(b.tgt, b.src, b.score) for b in alignment.beads]
    new = store.create_review(alignment, "swapped")
    assert set(doc_ids(new)) == set(old_ids)  # the case that matters: the same ids again
    new_src, new_tgt = store.documents(new)
    assert new_src is not src and new_src.lang == tgt.lang and new_tgt.lang == src.lang
    assert [s.text for s in new_src.segments] == [s.text for s in tgt.segments]
