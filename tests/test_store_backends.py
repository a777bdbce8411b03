"""The store's back ends: one schema for SQLite and PostgreSQL (Alembic), old SQLite files upgraded in place,
exclusive writers on PostgreSQL as on SQLite, and one-line errors for a database that cannot be opened."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from sqlalchemy import create_engine, inspect

from align.errors import AlignError
from align.review_store import MIGRATIONS, SCHEMA_VERSION, ReviewStore
from align.review_store.migrate import REVISIONS, check_revisions
from align.types import Annotation


def _schema(url: str) -> dict[str, dict[str, tuple[bool, bool]]]:
    """Per table (Alembic's own left out): column → (nullable, has a default), and the index names as columns."""
    engine = create_engine(url if "://" in url else f"sqlite:///{url}")
    try:
        insp = inspect(engine)
        out: dict[str, dict[str, tuple[bool, bool]]] = {}
        for table in insp.get_table_names():
            if table == "alembic_version":
                continue
            cols = {c["name"]: (bool(c["nullable"]), c["default"] is not None) for c in insp.get_columns(table)}
            for pk in insp.get_pk_constraint(table)["constrained_columns"]:
                cols[pk] = (False, cols[pk][1] and table == "settings")  # an id's sequence default aside
            cols.update({f"index {i['name']}": (False, False) for i in insp.get_indexes(table)})
            out[table] = cols
        return out
    finally:
        engine.dispose()


def _legacy_file(path: Path, upto: int) -> None:
    """An SQLite file as the program before Alembic left it at ``user_version`` ``upto``."""
    raw = sqlite3.connect(path)
    for script in MIGRATIONS[:upto]:
        if callable(script):
            script(raw)
        else:
            raw.executescript(script)
    raw.execute(f"PRAGMA user_version = {upto}")
    raw.commit()
    raw.close()


def test_the_revisions_are_the_migration_scripts_in_order() -> None:
    check_revisions()
    # The legacy list is frozen at 7 (r0002's schema); revisions after it count on from there.
    assert len(MIGRATIONS) == 7 and REVISIONS[1] == "r0002"
    assert len(REVISIONS) == SCHEMA_VERSION - 5  # r0001 is schema 6


@pytest.mark.parametrize("legacy", [1, 5, 6, len(MIGRATIONS)])
def test_an_old_sqlite_file_gets_exactly_the_schema_a_new_database_gets(
    tmp_path: Path, legacy: int, pg_server: object
) -> None:
    """Legacy steps then the stamp give the tables, columns, defaults and indexes Alembic gives a new SQLite
    file, and a new PostgreSQL database has the same (so the three are one schema)."""
    old = tmp_path / "old.sqlite3"
    _legacy_file(old, legacy)
    ReviewStore(old).close()
    new = tmp_path / "new.sqlite3"
    ReviewStore(new).close()
    assert _schema(str(old)) == _schema(str(new))
    from pg_server import shared_server

    url = shared_server().create_database()
    ReviewStore(url).close()
    assert _schema(url) == _schema(str(new))
    raw = sqlite3.connect(old)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(REVISIONS[-1],)]
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()


def test_a_real_old_review_file_keeps_its_reviews_and_work_through_the_upgrade(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A schema-6 file with a review, a verdict, an error and an alignment edit, written by the legacy code path
    (the legacy migrations on a raw sqlite3 connection), opens with everything in place and takes new work."""
    from seed_review import seed_db

    seed = ReviewStore(seed_db(tmp_path_factory.getbasetemp()))
    alignment = seed.alignment(seed.list_reviews()[0].id)
    seed.close()
    path = tmp_path / "v6.sqlite3"
    store = ReviewStore(path)
    rid = store.create_review(alignment, "old review", reviewer="Aiko")
    b = store.beads(rid)[4]
    store.set_status(b.id, "correct", expected_version=b.version, reviewer="Aiko")
    b5 = store.beads(rid)[5]
    store.add_annotation(b5.id, Annotation("style", "minor", "stiff"), reviewer="Luca")
    b7 = store.beads(rid)[7]
    store.edit_alignment(b7.id, __import__("align.editing").editing.merge_with_next, expected_version=b7.version)
    before = store.review_table(rid)
    store.close()
    # Make it the file the program before Alembic wrote: no alembic_version, user_version 6, the tables
    # added since (r0002, r0003) gone.
    raw = sqlite3.connect(path)
    raw.executescript(
        "DROP TABLE alembic_version; DROP TABLE drafts; "
        "DROP TABLE sessions; DROP TABLE login_failures; DROP TABLE accounts; "
        "DROP INDEX reviews_by_assignee; ALTER TABLE reviews DROP COLUMN assigned_to; PRAGMA user_version = 6;"
    )
    raw.close()
    again = ReviewStore(path)
    assert again.schema_version == SCHEMA_VERSION
    assert again.review_table(rid).equals(before)
    assert again.last_edit(rid) is not None and again.undo(rid, expected_edit=None).op == "merge"
    assert again._q("SELECT assigned_to FROM reviews WHERE id = ?", (rid,))[0][0] == ""
    again.close()


def test_writers_wait_for_each_other(new_db, store_backend: str) -> None:  # type: ignore[no-untyped-def]
    """A write transaction is exclusive on both back ends: a second connection's write waits until the first
    commits, then sees its commit (the version checks rely on it)."""
    url = new_db()
    first, second = ReviewStore(url), ReviewStore(url)
    first.set_setting("k", "0")
    done: list[float] = []

    def other() -> None:
        with second._write() as db:  # read and write in one transaction, as every store write does
            value = db.execute("SELECT value FROM settings WHERE key = 'k'").fetchone()[0]  # type: ignore[index]
            db.execute("UPDATE settings SET value = ? WHERE key = 'k'", (value + "+1",))
        done.append(time.monotonic())

    with first._write() as db:
        t = threading.Thread(target=other)
        t.start()
        time.sleep(0.5)
        assert not done  # still waiting for the lock
        db.execute("UPDATE settings SET value = '1' WHERE key = 'k'")
        released = time.monotonic()
    t.join(30)
    assert done and done[0] >= released
    assert first.get_setting("k") == second.get_setting("k") == "1+1"  # it read what the first committed
    first.close()
    second.close()


def test_the_cli_exports_from_postgresql_by_url_and_by_align_db(seeded_db: str, tmp_path: Path) -> None:
    if "://" not in seeded_db:
        pytest.skip("the PostgreSQL half (SQLite: tests/test_cli.py)")
    listed = run_cli("export", "--db", seeded_db, "--list")
    assert "\t" in listed.stdout
    out = tmp_path / "r.csv"
    run_cli("export", "--review", "1", "-o", out, ALIGN_DB=seeded_db)
    assert out.read_text(encoding="utf-8").count("\n") > 10


@pytest.mark.parametrize(
    ("db", "message"),
    [
        ("mysql://u@h/db", "unknown database URL scheme mysql://"),
        ("postgresql://postgres@127.0.0.1:1/reviews", "127.0.0.1:1/reviews: cannot open the review database"),
        ("postgresql://postgres:secret@127.0.0.1:1/reviews", "postgres:***@127.0.0.1:1/reviews: cannot open"),
        ("postgresql://postgres@127.0.0.1:1", "name the database"),
    ],
)
def test_a_database_that_cannot_be_opened_is_one_line(db: str, message: str, tmp_path: Path) -> None:
    r = run_cli("export", "--db", db, "--list", check=False)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("error: ") and message in r.stderr and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and "secret" not in r.stderr


def test_a_missing_postgresql_driver_is_one_line() -> None:
    code = (
        "import sys; sys.modules['psycopg'] = None\n"  # as if psycopg were not installed
        "from align.cli import main\n"
        "sys.exit(main(['export', '--db', 'postgresql://u@localhost/reviews', '--list']))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip() == (
        "error: PostgreSQL needs the psycopg driver: pip install 'psycopg[binary]' (or reinstall align-workbench)"
    )


def test_a_server_that_goes_away_is_an_align_error(pg_server) -> None:  # type: ignore[no-untyped-def]
    """Not a driver traceback: the app and the CLI show one line."""
    url = pg_server.create_database()
    store = ReviewStore(url)
    # Its own connections are cut, as by a server restart or an idle timeout.
    import psycopg

    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as admin:
        name = url.rsplit("/", 1)[1]
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
    assert store.get_setting("x", "fallback") == "fallback"  # the pool replaces the dead connection
    store.close()
    with pytest.raises(AlignError, match="cannot open"):
        ReviewStore(url.replace(str(pg_server.port), "1"))


def test_concurrent_writer_processes_lose_nothing_and_every_conflict_is_real(new_db) -> None:  # type: ignore[no-untyped-def]
    """The load benchmark's check at a small size: 6 processes on one review. On PostgreSQL without the write
    lock it finds verdicts accepted over ones their writers had not seen (31 of 480 actions when tried)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("store_load", ROOT / "benchmarks" / "store_load.py")
    assert spec is not None and spec.loader is not None
    store_load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(store_load)
    result = store_load.run(new_db(), writers=6, ops=60)
    assert (result["lost"], result["wrong"]) == (0, 0)
    assert result["errors"] == 6 * 30 and result["verdicts"] + result["conflicts"] == 6 * 30


def test_accounts_on_both_back_ends_through_the_cli(new_db) -> None:  # type: ignore[no-untyped-def]
    """The accounts tables (revision r0002) work on each back end: an admin added by the CLI logs in."""
    from align.accounts import login

    db = new_db()
    added = subprocess.run(
        [sys.executable, "-m", "align", "users", "add", "anna", "--role", "admin", "--db", db, "--password-stdin"],
        input="anna's long password\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    assert "anna" in run_cli("users", "list", "--db", db).stdout
    store = ReviewStore(db)
    assert login(store, "anna", "anna's long password", "10.0.0.1").account.name == "anna"
    store.close()


def test_many_sqlite_writers_queue_instead_of_starving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """20 writer processes on one SQLite file: SQLite's busy wait polls, so a writer could miss every free moment
    until its timeout ('database is locked': one of 20 writers after 30 s in the load benchmark). Writers queue
    on a lock file now; with the busy timeout cut to 0.3 s here, every write still gets through."""
    import importlib.util

    from align.review_store.backends.sqlite import SQLiteBackend

    monkeypatch.setattr(SQLiteBackend, "busy_timeout", 0.3)
    spec = importlib.util.spec_from_file_location("store_load", ROOT / "benchmarks" / "store_load.py")
    assert spec is not None and spec.loader is not None
    store_load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(store_load)
    result = store_load.run(str(tmp_path / "load.sqlite3"), writers=20, ops=40)
    assert (result["lost"], result["wrong"], result["errors"]) == (0, 0, 20 * 20)


@pytest.mark.parametrize("store_backend", ["postgresql"])
def test_the_app_reviews_on_postgresql(
    seeded_db: str, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app with ALIGN_DB=postgresql://...: it opens the seed review there, names the server without the
    password, and a verdict given in the app is in the database."""
    from seed_review import session_cache_dir
    from streamlit.testing.v1 import AppTest

    with_password = seeded_db.replace("postgres@", "postgres:hunter2@")  # trust auth: any password is accepted
    monkeypatch.setenv("ALIGN_DB", with_password)
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(session_cache_dir(tmp_path_factory.getbasetemp())))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["reviewer"] = "Tester"  # without a name the app saves nothing
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(str(c.value) for c in at.caption).replace("\\", "")  # markdown escapes off
    assert "postgresql://postgres:***@127.0.0.1" in captions and "hunter2" not in captions
    store = ReviewStore(seeded_db)
    rid = store.list_reviews()[0].id
    at.number_input(key="bead_input").set_value(6).run()
    at.button(key="mark_correct").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.beads(rid)[6].status == "correct" and store.beads(rid)[6].status_by == "Tester"
    store.close()


@pytest.mark.parametrize(("required", "outcome"), [("1", "Failed"), ("0", "Skipped")])
def test_a_missing_postgresql_fails_where_required_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch, required: str, outcome: str
) -> None:
    """CI sets ALIGN_REQUIRE_POSTGRES=1: there the PostgreSQL tests must not pass by skipping."""
    import pg_server

    monkeypatch.setattr(pg_server, "_SHARED", None)
    monkeypatch.setattr(pg_server, "find_bindir", lambda: None)
    monkeypatch.setenv("ALIGN_REQUIRE_POSTGRES", required)
    with pytest.raises(BaseException) as caught:
        pg_server.shared_server()
    assert type(caught.value).__name__ == outcome and "apt-get install postgresql" in str(caught.value)
