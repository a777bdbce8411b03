"""Copying a review database into another (``python -m align store copy``): a team moving its SQLite file to
the PostgreSQL server keeps every review, error, post-edit, undo step, review set and account, ids included.

The PostgreSQL side is a real server the tests start (tests/pg_server.py)."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import sqlite3
import tempfile
from pathlib import Path

import pytest
from argon2 import profiles
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from seed_review import copy_seed_db
from sqlalchemy import create_engine, inspect, text

from align import accounts as A
from align import editing
from align.accounts import passwords
from align.cli import main
from align.encoders import get_encoder
from align.errors import AlignError
from align.readers import read_document
from align.review_store import ReviewStore
from align.review_store.transfer import copy_store
from align.types import Alignment, Annotation, Bead, Document, Segment
from align.versions import align_versions

MULTIWAY = ROOT / "tests" / "data" / "multiway"


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def _dump(db: str) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Every row of every table (Alembic's stamp aside), in primary-key order: the whole store's content."""
    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    try:
        insp = inspect(engine)
        out = {}
        with engine.connect() as conn:
            for name in insp.get_table_names():
                if name == "alembic_version":
                    continue
                cols = [c["name"] for c in insp.get_columns(name)]
                pk = insp.get_pk_constraint(name)["constrained_columns"]
                rows = conn.execute(text(f"SELECT {', '.join(cols)} FROM {name} ORDER BY {', '.join(pk)}"))
                out[name] = [tuple(r) for r in rows]
        return out
    finally:
        engine.dispose()


def _next_bead_id(db: str) -> int:
    """The id the next new bead gets (a new review is made to see it)."""
    store = ReviewStore(db)
    try:
        return store.beads(_small_review(store, "probe"))[0].id
    finally:
        store.close()


# -- a real one-person store, moved to the server ---------------------------------------------------------


@pytest.fixture(scope="module")
def multi():  # type: ignore[no-untyped-def]
    docs = [read_document(MULTIWAY / f"{n}.txt", presplit=True) for n in ("en", "de_planted", "ru")]
    return align_versions(docs, get_encoder("bundled"))


@pytest.fixture
def team_file(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, multi) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """The seed review worked on (merges, one undone; errors with spans; post-edits; verdicts), a review set
    with a verdict, two accounts with the seed review assigned, a live session and a failed login; → the file
    and the live session's token."""
    passwords.use_parameters(profiles.CHEAPEST)
    db = copy_seed_db(tmp_path_factory.getbasetemp(), tmp_path / "solo.sqlite3")
    store = ReviewStore(db)
    review = store.list_reviews()[0].id
    beads = store.beads(review)
    store.edit_alignment(beads[2].id, editing.merge_with_next, expected_version=beads[2].version, reviewer="anna")
    b = store.beads(review)[6]
    store.edit_alignment(b.id, editing.merge_with_next, expected_version=b.version, reviewer="anna")
    store.undo(review, expected_edit=None, reviewer="anna")  # the restored beads keep their old ids
    b = store.beads(review)[8]
    store.edit_alignment(b.id, editing.merge_with_previous, expected_version=b.version, reviewer="anna")
    beads = store.beads(review)
    store.add_annotation(
        beads[1].id, Annotation("accuracy/mistranslation", "major", "wrong year", "tgt", 0, 5), reviewer="ben"
    )
    store.add_annotation(beads[1].id, Annotation("accuracy/omission", "minor", "awkward"), reviewer="anna")
    store.set_post_edit(beads[3].id, "A post-edit, with ümlauts and 日本語.", expected_version=None, reviewer="ben")
    for bead in beads[4:7]:
        store.set_status(bead.id, "correct", expected_version=None, reviewer="ben")
    set_id = store.create_review_set(multi, "Porto", reviewer="anna")
    set_review = next(r.id for r in store.list_reviews() if r.id != review)
    first = store.beads(set_review)[0]
    store.set_status(first.id, "correct", expected_version=first.version, reviewer="anna")
    assert store.list_review_sets()[0].id == set_id
    A.add_account(store, "anna", "admin", "anna's long password")
    A.add_account(store, "ben", "reviewer", "ben's long password")
    A.assign_review(store, review, "ben")
    token = A.login(store, "ben", "ben's long password", "10.0.0.2").token
    with pytest.raises(A.LoginRefused):
        A.login(store, "anna", "a wrong password", "10.0.0.3")
    store.close()
    yield db, token
    passwords.use_parameters(None)


def _exports(db: str, out: Path) -> dict[str, bytes]:
    """Every export the CLI writes from the database: each review as CSV, JSONL and TMX, each set as wide and
    long CSV and TMX."""
    out.mkdir()
    files: dict[str, bytes] = {}
    store = ReviewStore(db)
    reviews, sets = [r.id for r in store.list_reviews()], [s.id for s in store.list_review_sets()]
    store.close()
    for r in reviews:
        for ext in ("csv", "jsonl", "tmx"):
            path = out / f"review{r}.{ext}"
            code, _, err = _cli("export", "--db", db, "--review", r, "-o", path, "-q")
            if code == 0:
                files[path.name] = path.read_bytes()
            else:  # a review without approved beads has no TMX; the copy must say the same
                files[path.name] = err.replace(str(out), "OUT").encode()
    for s in sets:
        for name, extra in (("wide.csv", []), ("long.csv", ["--layout", "long"]), ("tmx", [])):
            path = out / f"set{s}.{name}"
            code, _, err = _cli("export", "--db", db, "--set", s, "-o", path, "-q", *extra)
            assert code == 0, err
            files[path.name] = path.read_bytes()
    return files


def test_a_sqlite_store_copied_to_postgresql_exports_and_behaves_the_same(
    team_file: tuple[Path, str], pg_server, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    src, token = team_file
    dst = pg_server.create_database()  # a new, empty database: the copy makes the schema
    code, _, err = _cli("store", "copy", src, dst)
    assert code == 0, err
    assert "row counts checked" in err and "\nbeads\t" in err

    assert _dump(dst) == _dump(str(src))  # every row of every table, ids and versions included
    before = _exports(str(src), tmp_path / "src")
    assert _exports(dst, tmp_path / "dst") == before
    assert any(name.endswith(".tmx") and data.startswith(b"<?xml") for name, data in before.items())

    a, b = ReviewStore(src), ReviewStore(dst)
    assert a.list_reviews() == b.list_reviews() and a.list_review_sets() == b.list_review_sets()
    review = next(r.id for r in a.list_reviews() if A.assigned_to(a, r.id) == "ben")
    assert a.beads(review) == b.beads(review) and a.last_edit(review) == b.last_edit(review)
    # the team's accounts came along: ben's browser stays logged in, the failed login still counts
    assert A.session_account(b, token).name == "ben"  # type: ignore[union-attr]
    assert [x.name for x in A.list_accounts(b)] == ["anna", "ben"]
    assert A.login(b, "anna", "anna's long password", "10.0.0.4").account.is_admin
    # undo works on the copy as on the original (the logged beads come back with their ids)
    assert a.undo(review, expected_edit=None) == b.undo(review, expected_edit=None)
    # the same beads, but for the moment each undo ran: it stamps the beads it restores (792c14a)
    assert [dataclasses.replace(x, updated_at="") for x in a.beads(review)] == [
        dataclasses.replace(x, updated_at="") for x in b.beads(review)
    ]
    a.close()
    b.close()
    # ids are never reused: the next new bead has the same id on both (the counters came along)
    assert _next_bead_id(str(src)) == _next_bead_id(dst)


def test_a_destination_that_holds_anything_is_refused_unless_replaced(team_file: tuple[Path, str], pg_server) -> None:  # type: ignore[no-untyped-def]
    src, _ = team_file
    dst = pg_server.create_database()
    store = ReviewStore(dst)
    A.add_account(store, "zoe", "admin", "zoe's long password")
    store.close()
    code, out, err = _cli("store", "copy", src, dst)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("error: ") and "is not empty (accounts 1 rows)" in err and "--replace" in err
    assert [a.name for a in A.list_accounts(ReviewStore(dst))] == ["zoe"]  # untouched
    code, _, err = _cli("store", "copy", src, dst, "--replace")
    assert code == 0 and "deleted 1 rows" in err, err
    assert _dump(dst) == _dump(str(src))


def test_a_failed_copy_leaves_the_destination_as_it_was(tmp_path: Path, pg_server) -> None:  # type: ignore[no-untyped-def]
    """A row PostgreSQL refuses (a NUL character, which SQLite stores) fails the copy half-way: one line, and
    the destination holds none of the rows copied before it."""
    src = tmp_path / "nul.sqlite3"
    store = ReviewStore(src)
    review = _small_review(store, "fine")
    bead = store.beads(review)[0]
    store.set_post_edit(bead.id, "a \x00 b", expected_version=None, reviewer="k")
    store.close()
    dst = pg_server.create_database()
    code, _, err = _cli("store", "copy", src, dst)
    assert code == 2 and err.startswith("error: copying table beads") and err.count("\n") == 1, err
    assert "nothing was copied" in err
    assert all(not rows for rows in _dump(dst).values())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{src}", "mysql://host/db"], "unknown database URL scheme mysql://"),
        (["{src}", "postgresql://ann:hunter22@127.0.0.1:1/db"], "cannot open the review database"),
        (["{src}", "postgresql://127.0.0.1:5432"], "name the database"),
        (["{tmp}/missing.sqlite3", "{tmp}/b.sqlite3"], "no review database here"),
        (["{src}", "{src}"], "source and destination are the same database"),
    ],
)
def test_bad_databases_are_one_line_errors(tmp_path: Path, args: list[str], message: str) -> None:
    src = tmp_path / "a.sqlite3"
    _small_review(ReviewStore(src), "one")
    code, out, err = _cli("store", "copy", *[a.format(src=src, tmp=tmp_path) for a in args])
    assert code == 2 and out == "" and err.startswith("error: ") and err.count("\n") == 1, err
    assert message in err and "hunter22" not in err
    assert not (tmp_path / "b.sqlite3").exists()


# -- property: random store contents copy exactly ---------------------------------------------------------


def _doc(texts: list[str], lang: str) -> Document:
    segs, start = [], 0
    for i, t in enumerate(texts):
        segs.append(Segment(id=i, text=t, start=start, end=start + len(t), paragraph=0))
        start += len(t) + 1
    return Document(text=" ".join(texts), segments=segs, lang=lang, path=f"{lang}.txt")


def _small_review(store: ReviewStore, name: str, n: int = 4) -> int:
    src = _doc([f"Sentence number {k}." for k in range(n)], "en")
    tgt = _doc([f"Satz Nummer {k}." for k in range(n)], "de")
    return store.create_review(Alignment(src, tgt, [Bead((k,), (k,), 0.5 + k / 10) for k in range(n)], "m"), name)


words = st.text(st.characters(codec="utf-8", exclude_characters="\x00", exclude_categories=("Cs",)), max_size=12)
step = st.one_of(
    st.tuples(st.just("review"), st.integers(2, 6)),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.sampled_from(["correct", "error", "post_edit", "merge", "split", "undo"]), st.integers(0, 99), words),
    st.tuples(st.just("account"), st.sampled_from(["anna", "ben", "cleo"])),
)


def _apply(store: ReviewStore, item: tuple) -> None:  # type: ignore[type-arg]
    reviews = sorted(r.id for r in store.list_reviews())
    kind = item[0]
    if kind == "review":
        _small_review(store, f"r{len(reviews)}", item[1])
        return
    if kind == "account":
        with contextlib.suppress(AlignError):
            A.add_account(store, item[1], "admin", f"{item[1]}'s long password")
        return
    if not reviews:
        return
    if kind == "delete":
        store.delete_review(reviews[item[1] % len(reviews)])
        return
    review = reviews[item[1] % len(reviews)]
    beads = store.beads(review)
    bead = beads[item[1] % len(beads)]
    with contextlib.suppress(AlignError):  # a rule refusing a step (a correct bead with errors, ...) is fine
        if kind == "correct":
            store.set_status(bead.id, "correct", expected_version=None, reviewer=item[2])
        elif kind == "error":
            store.add_annotation(bead.id, Annotation("accuracy/mistranslation", "minor", item[2]), reviewer="k")
        elif kind == "post_edit":
            store.set_post_edit(bead.id, item[2], expected_version=None, reviewer="k")
        elif kind == "merge" and len(beads) > 1:
            op = editing.merge_with_next if bead is not beads[-1] else editing.merge_with_previous
            store.edit_alignment(bead.id, op, expected_version=None, reviewer="k")
        elif kind == "split" and len(bead.src) > 1 and len(bead.tgt) > 1:
            store.edit_alignment(bead.id, editing.split_bead, 1, 1, expected_version=None, reviewer="k")
        elif kind == "undo":
            store.undo(review, expected_edit=None, reviewer="k")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(step, max_size=25))
def test_any_store_copies_exactly(pg_server, steps: list[tuple]) -> None:  # type: ignore[no-untyped-def,type-arg]
    """Whatever the store holds, the copy holds the same rows (ids, versions, the edit log), on SQLite and on
    PostgreSQL, and the next bead made gets the same id on all three."""
    passwords.use_parameters(profiles.CHEAPEST)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            src = str(Path(tmp) / "src.sqlite3")
            store = ReviewStore(src)
            _small_review(store, "first")
            for item in steps:
                _apply(store, item)
            store.close()
            copies = [str(Path(tmp) / "copy.sqlite3"), pg_server.create_database()]
            for dst in copies:
                report = copy_store(src, dst)
                assert report.counts == {k: len(v) for k, v in _dump(src).items() if k in report.counts}
            want = _dump(src)
            for dst in copies:
                assert _dump(dst) == want
            raw = sqlite3.connect(src)
            seq = dict(raw.execute("SELECT name, seq FROM sqlite_sequence").fetchall())
            raw.close()
            ids = {_next_bead_id(db) for db in [src, *copies]}
            assert len(ids) == 1 and ids.pop() == seq.get("beads", 0) + 1
    finally:
        passwords.use_parameters(None)
