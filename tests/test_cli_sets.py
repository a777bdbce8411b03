"""``python -m align sets``: list and delete review sets through the CLI process, with the real bundled model.

The set is English (pivot), the planted German and Russian of ``tests/data/multiway`` (see tests/test_versions.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from align.encoders import get_encoder
from align.readers import read_document
from align.review_store import ReviewStore
from align.versions import MultiAlignment, align_versions

DATA = ROOT / "tests" / "data" / "multiway"


@pytest.fixture(scope="module")
def multi() -> MultiAlignment:
    docs = [read_document(DATA / f"{n}.txt", presplit=True) for n in ["en", "de_planted", "ru"]]
    return align_versions(docs, get_encoder("bundled"))


@pytest.fixture
def db(tmp_path: Path, multi: MultiAlignment) -> Path:
    """A database with two sets: "Porto" (id 1) and "Porto again" (id 2), and nothing reviewed."""
    path = tmp_path / "sets.sqlite3"
    store = ReviewStore(path)
    store.create_review_set(multi, "Porto")
    store.create_review_set(multi, "Porto again")
    store.close()
    return path


def _one_line_error(proc, *parts: str) -> None:  # type: ignore[no-untyped-def]
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr and all(p in lines[0] for p in parts), lines[0]


def test_list_and_delete_a_set_without_work(db: Path) -> None:
    listed = run_cli("sets", "list", "--db", db).stdout.splitlines()
    assert listed[0].split("\t") == ["id", "name", "versions", "reviewed", "with_errors"]
    assert [row.split("\t")[:3] for row in listed[1:]] == [
        ["2", "Porto again", "en, de, ru (pivot en)"],
        ["1", "Porto", "en, de, ru (pivot en)"],
    ]
    gone = run_cli("sets", "delete", "Porto", "--db", db)  # by name
    assert gone.stderr.strip() == "deleted review set 1 (Porto) and its 2 version reviews"
    store = ReviewStore(db)
    assert [s.name for s in store.list_review_sets()] == ["Porto again"]
    # Its version reviews went with it; the other set's are untouched.
    (left,) = store.list_review_sets()
    assert {r.id for r in store.list_reviews()} == set(left.reviews.values())
    store.close()


def test_a_set_with_reviewers_work_is_kept_unless_forced(db: Path) -> None:
    store = ReviewStore(db)
    info = store.review_set(2)
    bead = store.beads(info.reviews["de"])[0]
    store.set_status(bead.id, "correct", expected_version=bead.version, reviewer="Vera")
    store.close()
    refused = run_cli("sets", "delete", "2", "--db", db, check=False)
    _one_line_error(refused, "review set 2 (Porto again) holds reviewers' work on 1 bead", "--force")
    store = ReviewStore(db)
    assert [s.id for s in store.list_review_sets()] == [2, 1]  # nothing deleted
    assert store.beads(info.reviews["de"])[0].status == "correct"
    store.close()
    forced = run_cli("sets", "delete", "2", "--force", "--db", db)
    assert forced.stderr.strip() == "deleted review set 2 (Porto again) and its 2 version reviews"
    store = ReviewStore(db)
    assert [s.id for s in store.list_review_sets()] == [1]
    assert info.reviews["de"] not in {r.id for r in store.list_reviews()}
    store.close()


def test_unknown_sets_and_databases_are_one_line_errors(db: Path, tmp_path: Path) -> None:
    _one_line_error(
        run_cli("sets", "delete", "7", "--db", db, check=False),
        "no review set matches '7'",
        "2 (Porto again), 1 (Porto)",
    )
    _one_line_error(run_cli("sets", "delete", "Lisbon", "--db", db, check=False), "no review set matches 'Lisbon'")
    missing = tmp_path / "none.sqlite3"
    _one_line_error(run_cli("sets", "delete", "1", "--db", missing, check=False), "no review database here")
    assert not missing.exists()  # not made by the attempt
    store = ReviewStore(db)
    assert len(store.list_review_sets()) == 2
    store.close()


def test_a_set_tmx_with_nothing_approved_says_so(db: Path, tmp_path: Path) -> None:
    """It said "no row has text in two versions", which sent the admin looking at the texts."""
    out = tmp_path / "set1.tmx"
    proc = run_cli("export", "--set", "1", "-o", out, "--db", db, check=False)
    _one_line_error(proc, "nothing to export", "review set 1", "marked correct or post-edited yet")
    assert "two versions" not in proc.stderr and not out.exists()
    store = ReviewStore(db)
    info = store.review_set(1)
    review = next(iter(info.reviews.values()))
    bead = store.beads(review)[0]
    store.set_status(bead.id, "correct", expected_version=bead.version, reviewer="ana")
    store.close()
    assert run_cli("export", "--set", "1", "-o", out, "--db", db).returncode == 0 and out.exists()
