"""Accounts (align.accounts): argon2 passwords, sessions, lockouts, permissions, the CLI; every test runs on both
back ends, an SQLite file and a real PostgreSQL server the tests start (tests/pg_server.py).

The hypothesis test replays random sequences of logins, clock steps, session use and logouts against a small
model of the rules; it hashes with argon2's cheapest parameters (still argon2) to run hundreds of logins.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from argon2 import profiles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align import accounts as A
from align.accounts import lockout, passwords
from align.cli import main
from align.errors import AlignError
from align.review_store import ReviewStore
from align.types import Alignment, Bead, Document, Segment

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cheap_hashes() -> Iterator[None]:
    passwords.use_parameters(profiles.CHEAPEST)
    yield
    passwords.use_parameters(None)


def _doc(texts: list[str], lang: str) -> Document:
    segs, start = [], 0
    for i, t in enumerate(texts):
        segs.append(Segment(id=i, text=t, start=start, end=start + len(t), paragraph=0))
        start += len(t) + 1
    return Document(text=" ".join(texts), segments=segs, lang=lang, path=f"{lang}.txt")


def _review(store: ReviewStore, name: str) -> int:
    src = _doc(["One cat.", "Two dogs."], "en")
    tgt = _doc(["Eine Katze.", "Zwei Hunde."], "de")
    return store.create_review(Alignment(src, tgt, [Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.8)], "m"), name)


def _team(db: str) -> tuple[ReviewStore, int, int]:
    """anna (admin), ben and cleo (reviewers); review 'mine' assigned to ben, 'theirs' to cleo."""
    store = ReviewStore(db)
    A.add_account(store, "anna", "admin", "anna's long password")
    A.add_account(store, "ben", "reviewer", "ben's long password")
    A.add_account(store, "cleo", "reviewer", "cleo's long password")
    mine, theirs = _review(store, "mine"), _review(store, "theirs")
    A.assign_review(store, mine, "ben")
    A.assign_review(store, theirs, "cleo")
    return store, mine, theirs


# -- accounts and passwords --------------------------------------------------------------------------------


def test_accounts_are_off_until_one_exists_and_passwords_are_argon2_hashes(new_db) -> None:  # type: ignore[no-untyped-def]
    store = ReviewStore(new_db())
    assert store.schema_version >= 7 and not A.accounts_enabled(store)  # accounts came with schema 7
    A.add_account(store, "anna", "admin", "correct horse battery")
    assert A.accounts_enabled(store)
    (stored,) = [r["password_hash"] for r in store._q("SELECT password_hash FROM accounts")]
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    store.close()
    if store.path is not None:  # an SQLite file: not in its bytes either
        assert b"correct horse" not in store.path.read_bytes()


def test_bad_names_roles_duplicates_and_passwords_are_refused_without_repeating_the_password(new_db) -> None:  # type: ignore[no-untyped-def]
    store = ReviewStore(new_db())
    A.add_account(store, "Anna", "admin", "correct horse battery")
    with pytest.raises(AlignError, match="already an account 'Anna'"):
        A.add_account(store, "anna", "reviewer", "another password")
    with pytest.raises(AlignError, match="not a valid account name"):
        A.add_account(store, "an na", "reviewer", "another password")
    with pytest.raises(AlignError, match="unknown role"):
        A.add_account(store, "ben", "owner", "another password")
    with pytest.raises(AlignError) as short:
        A.add_account(store, "ben", "reviewer", "s3cr3t")
    assert "s3cr3t" not in str(short.value) and "at least 8" in str(short.value)
    assert [a.name for a in A.list_accounts(store)] == ["Anna"]


def test_the_last_enabled_admin_cannot_be_disabled(new_db) -> None:  # type: ignore[no-untyped-def]
    store = ReviewStore(new_db())
    A.add_account(store, "anna", "admin", "correct horse battery")
    with pytest.raises(AlignError, match="last enabled admin"):
        A.set_disabled(store, "anna")
    A.add_account(store, "otto", "admin", "correct horse battery")
    A.set_disabled(store, "anna")
    assert A.get_account(store, "anna").disabled  # type: ignore[union-attr]


# -- logins and sessions -----------------------------------------------------------------------------------


def test_login_session_and_logout(new_db) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = _team(new_db())
    session = A.login(store, "ben", "ben's long password", "10.0.0.1", at=T0)
    assert session.account.name == "ben" and session.expires_at == T0 + A.DEFAULT_SESSIONS.lifetime
    assert A.session_account(store, session.token, at=T0 + timedelta(minutes=5)).name == "ben"  # type: ignore[union-attr]
    # the database holds the token's hash only
    assert not store._q("SELECT 1 FROM sessions WHERE token_hash = ?", (session.token,))
    A.logout(store, session.token)
    assert A.session_account(store, session.token, at=T0 + timedelta(minutes=6)) is None


def test_a_wrong_password_and_an_unknown_name_are_refused_alike(new_db) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = _team(new_db())
    with pytest.raises(A.LoginRefused) as wrong:
        A.login(store, "ben", "not ben's password", "10.0.0.1", at=T0)
    with pytest.raises(A.LoginRefused) as unknown:
        A.login(store, "bob", "not ben's password", "10.0.0.1", at=T0)
    assert str(wrong.value) == str(unknown.value) == "wrong name or password"
    assert "not ben's password" not in str(wrong.value)


def test_sessions_expire_after_their_lifetime_and_when_idle(new_db) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = _team(new_db())
    policy = A.DEFAULT_SESSIONS
    busy = A.login(store, "ben", "ben's long password", "c", at=T0)
    at = T0
    while at + timedelta(hours=1) < T0 + policy.lifetime:  # used every hour: alive until the lifetime ends
        at += timedelta(hours=1)
        assert A.session_account(store, busy.token, at=at) is not None
    assert A.session_account(store, busy.token, at=T0 + policy.lifetime) is None
    idle = A.login(store, "ben", "ben's long password", "c", at=T0)
    assert A.session_account(store, idle.token, at=T0 + policy.idle) is None
    # a dead session stays dead, even at a time it would have been alive
    assert A.session_account(store, idle.token, at=T0 + timedelta(minutes=1)) is None


def test_a_new_password_or_disabling_ends_the_sessions(new_db) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = _team(new_db())
    first = A.login(store, "ben", "ben's long password", "c")
    A.set_password(store, "ben", "ben's new password")
    assert A.session_account(store, first.token) is None
    with pytest.raises(A.LoginRefused):
        A.login(store, "ben", "ben's long password", "c")
    second = A.login(store, "ben", "ben's new password", "c")
    A.set_disabled(store, "ben")
    assert A.session_account(store, second.token) is None
    with pytest.raises(A.LoginRefused, match="wrong name or password"):
        A.login(store, "ben", "ben's new password", "c")
    A.set_disabled(store, "ben", False)
    assert A.login(store, "ben", "ben's new password", "c").account.name == "ben"


def test_repeated_failures_lock_the_account_even_for_the_right_password(new_db, cheap_hashes: None) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = _team(new_db())
    policy = A.DEFAULT_LOCKOUT
    for k in range(policy.account_free):
        with pytest.raises(A.LoginRefused) as refused:
            A.login(store, "ben", f"guess number {k}", f"client-{k}", at=T0 + timedelta(seconds=k))
    assert refused.value.retry_after == policy.base_delay  # the 5th failure locks for 30 s
    locked_at = T0 + timedelta(seconds=policy.account_free)
    with pytest.raises(A.LoginRefused, match="too many failed logins") as locked:
        A.login(store, "ben", "ben's long password", "another client", at=locked_at)
    assert timedelta(0) < locked.value.retry_after <= policy.base_delay
    # another account is not locked by ben's guesser
    assert A.login(store, "cleo", "cleo's long password", "another client", at=locked_at).account.name == "cleo"
    # once the lock ends the right password works and clears the count
    ok_at = T0 + timedelta(seconds=policy.account_free) + policy.base_delay
    assert A.login(store, "ben", "ben's long password", "another client", at=ok_at).account.name == "ben"
    assert lockout.failures(store, lockout.account_scope("ben")) == 0


def test_each_further_failure_doubles_the_lock(new_db, cheap_hashes: None) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = _team(new_db())
    policy = A.DEFAULT_LOCKOUT
    at, locks = T0, []
    for k in range(policy.account_free + 3):
        with pytest.raises(A.LoginRefused) as refused:
            A.login(store, "ben", f"guess number {k}", "c", at=at)
        locks.append(refused.value.retry_after)
        at += refused.value.retry_after + timedelta(seconds=1)  # the guesser waits out each lock
    assert locks[: policy.account_free - 1] == [timedelta(0)] * (policy.account_free - 1)
    assert locks[policy.account_free - 1 :] == [policy.base_delay * 2**i for i in range(4)]


def test_one_client_guessing_many_names_is_locked(new_db, cheap_hashes: None) -> None:  # type: ignore[no-untyped-def]
    store, _, _ = _team(new_db())
    policy = A.DEFAULT_LOCKOUT
    for k in range(policy.client_free):
        with pytest.raises(A.LoginRefused):
            A.login(store, f"user{k}", "some guess here", "10.9.9.9", at=T0)
    with pytest.raises(A.LoginRefused, match="too many failed logins"):
        A.login(store, "ben", "ben's long password", "10.9.9.9", at=T0 + timedelta(seconds=1))
    assert A.login(store, "ben", "ben's long password", "10.1.1.1", at=T0 + timedelta(seconds=1))


def test_a_lockout_holds_in_another_process(new_db) -> None:  # type: ignore[no-untyped-def]
    db = new_db()
    store, _, _ = _team(db)
    for k in range(A.DEFAULT_LOCKOUT.account_free):
        with pytest.raises(A.LoginRefused):
            A.login(store, "ben", f"guess number {k}", "c")
    code = (
        "import sys\nfrom align import accounts as A\nfrom align.review_store import ReviewStore\n"
        "try:\n    A.login(ReviewStore(sys.argv[1]), 'ben', \"ben's long password\", 'other')\n"
        "except A.LoginRefused as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.stdout.startswith("too many failed logins"), out.stderr


# -- permissions -------------------------------------------------------------------------------------------


def test_a_reviewer_sees_and_changes_only_their_reviews(new_db) -> None:  # type: ignore[no-untyped-def]
    store, mine, theirs = _team(new_db())
    ben = A.guard(store, A.get_account(store, "ben"))  # type: ignore[arg-type]
    assert [r.name for r in ben.list_reviews()] == ["mine"]
    own_bead = ben.beads(mine)[0]
    other_bead = store.beads(theirs)[0]
    for call in (
        lambda: ben.review(theirs),
        lambda: ben.beads(theirs),
        lambda: ben.documents(theirs),
        lambda: ben.bead_frame(theirs),
        lambda: ben.bead(other_bead.id),
        lambda: ben.set_status(other_bead.id, "correct", expected_version=other_bead.version),
        lambda: ben.add_annotation(other_bead.id, "style", "minor", expected_version=other_bead.version),
        lambda: ben.undo(theirs, expected_edit=None),
    ):
        with pytest.raises(A.AccessDenied, match=f"you have no review {theirs}"):
            call()
    # admin-only: create, delete, export
    with pytest.raises(A.AccessDenied, match="only an admin may create"):
        ben.create_review(store.alignment(mine), "new")
    with pytest.raises(A.AccessDenied, match="only an admin may export"):
        ben.review_table(mine)
    with pytest.raises(A.AccessDenied, match="only an admin may delete"):
        ben.delete_review(mine)
    with pytest.raises(A.AccessDenied, match="not open"):
        ben.close()  # a store method nobody decided about stays closed
    # their own review: every change is credited to the account, whatever name the caller passes
    ben.set_status(own_bead.id, "correct", expected_version=own_bead.version, reviewer="mallory")
    assert store.bead(own_bead.id).status_by == "ben"
    assert store.beads(theirs)[0].status == "unreviewed"


def test_an_admin_sees_everything_and_assigns(new_db) -> None:  # type: ignore[no-untyped-def]
    store, _, theirs = _team(new_db())
    anna = A.guard(store, A.get_account(store, "anna"))  # type: ignore[arg-type]
    assert sorted(r.name for r in anna.list_reviews()) == ["mine", "theirs"]
    assert not anna.review_table(theirs).empty
    A.assign_review(store, theirs, "ben")
    ben = A.guard(store, A.get_account(store, "ben"))  # type: ignore[arg-type]
    assert sorted(r.name for r in ben.list_reviews()) == ["mine", "theirs"]
    with pytest.raises(AlignError, match="no enabled account 'zed'"):
        A.assign_review(store, theirs, "zed")


def test_a_disabled_account_can_open_nothing(new_db) -> None:  # type: ignore[no-untyped-def]
    store, mine, _ = _team(new_db())
    A.set_disabled(store, "ben")
    assert not A.may_open(store, A.get_account(store, "ben"), mine)  # type: ignore[arg-type]


def _writes(store: ReviewStore, guarded: ReviewStore, review: int) -> dict[str, object]:
    """Every kind of write the app makes, on the first bead of ``review`` as it is now."""
    from align.editing import merge_with_next

    def bead():  # type: ignore[no-untyped-def]
        return store.beads(review)[0]

    return {
        "verdict": lambda: guarded.set_status(bead().id, "correct", expected_version=bead().version),
        "bulk verdicts": lambda: [
            guarded.set_status(b.id, "correct", expected_version=b.version) for b in store.beads(review)
        ],
        "error": lambda: guarded.add_annotation(bead().id, "style", "minor", expected_version=bead().version),
        "post-edit": lambda: guarded.set_post_edit(bead().id, "Eine Katze!", expected_version=bead().version),
        "alignment edit": lambda: guarded.edit_alignment(bead().id, merge_with_next, expected_version=bead().version),
    }


@pytest.mark.parametrize("change", ["disable", "passwd", "logout"])
def test_a_write_checks_the_session_and_account_when_it_is_made(new_db, change: str) -> None:  # type: ignore[no-untyped-def]
    """The app's callbacks run with the guard the previous run built: disabling the account, a new password or a
    logout in between must refuse the next write (a disabled reviewer's 'Mark 10 beads correct' was saved)."""
    store, mine, _ = _team(new_db())
    session = A.login(store, "ben", "ben's long password", "c")
    refusals: list[str] = []
    ben = A.guard(store, session.account, token=session.token, on_denied=lambda e: refusals.append(str(e)))
    plain = A.guard(store, session.account)  # no session: the account is read again at each write
    before = [(b.status, b.version) for b in store.beads(mine)]
    {"disable": lambda: A.set_disabled(store, "ben"), "passwd": lambda: A.set_password(store, "ben", "a new pass 1"),
     "logout": lambda: A.logout(store, session.token)}[change]()  # fmt: skip
    words = "disabled" if change == "disable" else "session has ended"
    for what, write in _writes(store, ben, mine).items():
        with pytest.raises(A.AccessDenied, match=words):
            write()  # type: ignore[operator]
        assert refusals and words in refusals[-1], what
    if change == "disable":
        for write in _writes(store, plain, mine).values():
            with pytest.raises(A.AccessDenied, match="disabled"):
                write()  # type: ignore[operator]
    assert [(b.status, b.version) for b in store.beads(mine)] == before and not store.annotations(
        store.beads(mine)[0].id
    )
    assert store.last_edit(mine) is None


def test_a_write_rechecks_the_assignment_and_a_live_session_still_writes(new_db) -> None:  # type: ignore[no-untyped-def]
    store, mine, _ = _team(new_db())
    session = A.login(store, "ben", "ben's long password", "c")
    ben = A.guard(store, session.account, token=session.token)
    first = store.beads(mine)[0]
    ben.set_status(first.id, "correct", expected_version=first.version)
    assert store.bead(first.id).status_by == "ben"
    A.assign_review(store, mine, "cleo")
    for write in _writes(store, ben, mine).values():
        with pytest.raises(A.AccessDenied, match=f"you have no review {mine}"):
            write()  # type: ignore[operator]


# -- the command line --------------------------------------------------------------------------------------


def _cli(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        sys.stdin = old
    return code, out.getvalue(), err.getvalue()


def test_users_commands(new_db) -> None:  # type: ignore[no-untyped-def]
    db = new_db()
    code, _, err = _cli(["users", "add", "anna", "--role", "admin", "--db", db, "--password-stdin"], "anna pass 123\n")
    assert code == 0 and "accounts are on" in err
    code, _, err = _cli(
        ["users", "add", "ben", "--role", "reviewer", "--db", db, "--password-stdin"], "ben pass 1234\n"
    )
    assert code == 0 and "accounts are on" not in err
    store = ReviewStore(db)
    review = _review(store, "an article")
    assert _cli(["users", "assign", "ben", str(review), "--db", db])[0] == 0
    assert A.assigned_to(store, review) == "ben"
    code, out, _ = _cli(["users", "list", "--db", db])
    assert out.splitlines() == [
        "name\trole\tstate\treviews\tsessions",
        "anna\tadmin\tenabled\t-\t0",
        f"ben\treviewer\tenabled\t{review}\t0",
    ]
    assert A.login(store, "ben", "ben pass 1234", "c")
    assert _cli(["users", "passwd", "ben", "--db", db, "--password-stdin"], "ben's new pass\n")[0] == 0
    assert A.login(store, "ben", "ben's new pass", "c")
    assert _cli(["users", "disable", "ben", "--db", db])[0] == 0
    assert "ben\treviewer\tdisabled" in _cli(["users", "list", "--db", db])[1]
    assert _cli(["users", "enable", "ben", "--db", db])[0] == 0


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["users", "add", "cleo", "--role", "reviewer", "--password-stdin"], "tiny\n", "at least 8 characters"),
        (["users", "add", "anna", "--role", "reviewer", "--password-stdin"], "long enough pw\n", "already an account"),
        (["users", "add", "cleo", "--role", "reviewer"], "", "--password-stdin"),
        (["users", "passwd", "zed", "--password-stdin"], "long enough pw\n", "no account 'zed'"),
        (["users", "disable", "anna"], "", "last enabled admin"),
        (["users", "assign", "anna", "99"], "", "no review 99"),
    ],
)
def test_users_errors_are_one_line_without_the_password(new_db, args: list[str], stdin: str, message: str) -> None:  # type: ignore[no-untyped-def]
    db = new_db()
    assert _cli(["users", "add", "anna", "--role", "admin", "--db", db, "--password-stdin"], "anna pass 123\n")[0] == 0
    code, out, err = _cli([*args, "--db", db], stdin)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err, err
    assert "tiny" not in err and "long enough pw" not in err


def test_users_messages_name_the_database_and_a_taken_name_is_refused_before_the_password(  # type: ignore[no-untyped-def]
    new_db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = new_db()
    assert _cli(["users", "add", "anna", "--role", "admin", "--db", db, "--password-stdin"], "anna pass 123\n")[0] == 0
    store = ReviewStore(db)
    shown = store.display  # a PostgreSQL URL without its password; said "in None" there before
    # passwd/disable of an unknown account name the database
    for args in (["users", "passwd", "zed", "--password-stdin"], ["users", "disable", "zed"]):
        code, _, err = _cli([*args, "--db", db], "long enough pw\n")
        assert code == 2 and f"no account 'zed' in {shown}" in err and "None" not in err, err
    # a taken name (any letter case) is refused before a password is asked for: no stdin, no terminal
    code, _, err = _cli(["users", "add", "ANNA", "--role", "reviewer", "--db", db])
    assert code == 2 and "already an account 'anna'" in err and "password" not in err, err
    # the database written to is named
    code, _, err = _cli(
        ["users", "add", "ben", "--role", "reviewer", "--db", db, "--password-stdin"], "ben pass 1234\n"
    )
    assert code == 0 and f"added reviewer ben to {shown}" in err and "did not exist" not in err, err
    # no --db, no ALIGN_DB: ./align-workbench.sqlite3 is made, and the command says so
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ALIGN_DB", raising=False)
    code, _, err = _cli(["users", "add", "cleo", "--role", "admin", "--password-stdin"], "cleo pass 123\n")
    assert code == 0 and "align-workbench.sqlite3" in err and "warning:" in err and "did not exist" in err, err
    assert (tmp_path / "align-workbench.sqlite3").exists()


# -- property: random logins against a model of the rules ----------------------------------------------

NAMES = ("anna", "ben", "ghost")
PASSWORDS = {"anna": "anna's long password", "ben": "ben's long password"}
step = st.one_of(
    st.tuples(
        st.just("login"), st.sampled_from(NAMES), st.booleans(), st.sampled_from(("c1", "c2"))
    ),  # name, right password?, client
    st.tuples(st.just("wait"), st.integers(0, 4000)),  # seconds
    st.tuples(st.just("use"), st.integers(0, 20)),  # a session (by index) is used
    st.tuples(st.just("logout"), st.integers(0, 20)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(step, max_size=40))
def test_random_logins_follow_the_lockout_and_session_rules(new_db, cheap_hashes: None, steps: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    policy, sessions_policy = A.DEFAULT_LOCKOUT, A.DEFAULT_SESSIONS
    with contextlib.closing(ReviewStore(new_db())) as store:  # a new database per example
        A.add_account(store, "anna", "admin", PASSWORDS["anna"])
        A.add_account(store, "ben", "reviewer", PASSWORDS["ben"])
        at = T0
        # the model: per scope (failures, last failure, locked until); sessions: [token, account, start, seen, alive]
        model: dict[str, tuple[int, datetime, datetime]] = {}
        sessions: list[list] = []

        def locked(scope: str) -> bool:
            return scope in model and model[scope][2] > at

        for item in steps:
            if item[0] == "wait":
                at += timedelta(seconds=item[1])
            elif item[0] == "login":
                _, name, right, client = item
                password = PASSWORDS.get(name, "ghost's password") if right else "a wrong password"
                scopes = {
                    lockout.account_scope(name): policy.account_free,
                    lockout.client_scope(client): policy.client_free,
                }
                try:
                    session = A.login(store, name, password, client, at=at)
                except A.LoginRefused as exc:
                    if any(locked(s) for s in scopes):
                        assert str(exc).startswith("too many failed logins")
                        continue
                    assert not (right and name in PASSWORDS), "the right password was refused without a lock"
                    for scope, free in scopes.items():
                        n, last, _ = model.get(scope, (0, at, at))
                        n = 0 if at - last > policy.forget_after else n
                        model[scope] = (n + 1, at, at + lockout.delay_after(n + 1, free, policy))
                    assert exc.retry_after == max(model[s][2] - at for s in scopes)
                    continue
                assert right and name in PASSWORDS and not any(locked(s) for s in scopes)
                model.pop(lockout.account_scope(name), None)
                sessions.append([session.token, name, at, at, True])
            elif sessions:
                s = sessions[item[1] % len(sessions)]
                token, name, start, seen, alive = s
                if item[0] == "logout":
                    A.logout(store, token)
                    s[4] = False
                    continue
                # the session is alive iff it was not ended and neither its lifetime nor the idle time ran out
                expect = alive and at < start + sessions_policy.lifetime and at - seen < sessions_policy.idle
                got = A.session_account(store, token, at=at)
                assert (got.name if got else None) == (name if expect else None)
                s[4] = expect
                if expect and at - seen >= sessions_policy.touch_every:
                    s[3] = at
