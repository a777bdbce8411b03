"""The review app with accounts, driven by Streamlit's AppTest on a copy of the real seed review, on both back
ends (an SQLite file, and the real PostgreSQL server the tests start: tests/pg_server.py).

The browser tests (tests/test_browser_accounts.py) drive the same through Chromium, with the session cookie.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from seed_review import session_cache_dir
from streamlit.testing.v1 import AppTest

from align import accounts as A
from align.review_store import ReviewStore

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


@pytest.fixture
def team(
    seeded_db: str, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, int, int]:
    """The seed review assigned to ben; a second review ("Other review", the same pair) assigned to cleo."""
    base = tmp_path_factory.getbasetemp()
    db = seeded_db
    monkeypatch.setenv("ALIGN_DB", str(db))
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(session_cache_dir(base)))
    store = ReviewStore(db)
    seed = store.list_reviews()[0].id
    other = store.create_review(store.alignment(seed), "Other review")
    A.add_account(store, "anna", "admin", "anna's long password")
    A.add_account(store, "ben", "reviewer", "ben's long password")
    A.add_account(store, "cleo", "reviewer", "cleo's long password")
    A.assign_review(store, seed, "ben")
    A.assign_review(store, other, "cleo")
    store.close()
    return db, seed, other


def _log_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    at.button(key="FormSubmitter:login-Log in").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in [*at.markdown, *at.text, *at.caption, *at.title, *at.info, *at.error])


def _start(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_anonymous_visitor_gets_only_the_login_form(team: tuple[str, int, int]) -> None:
    _, _, other = team
    at = _start(review=str(other), bead="3")
    assert [t.label for t in at.text_input] == ["Name", "Password"]
    assert not at.selectbox and not at.radio and not at.sidebar.children
    shown = _shown(at)
    assert "log in" in shown and "Sample" not in shown and "Other review" not in shown


def test_a_wrong_password_is_refused(team: tuple[str, int, int]) -> None:
    at = _start()
    # a browser's password manager knows which field is which
    assert at.text_input(key="login_password").proto.autocomplete == "current-password"
    assert at.text_input(key="login_name").proto.autocomplete == "username"
    at = _log_in(at, "ben", "not ben's password")
    assert [e.value for e in at.error] == ["Wrong name or password"]
    assert [t.label for t in at.text_input] == ["Name", "Password"]
    assert "login_password" not in at.session_state  # the password is not kept after the attempt


def test_a_reviewer_opens_only_their_review_whatever_the_address_or_session_state(team: tuple[str, int, int]) -> None:
    db, seed, other = team
    at = _log_in(_start(review=str(other)), "ben", "ben's long password")
    (review_box,) = [s for s in at.selectbox if s.label == "Open review"]
    assert review_box.options == [review_box.format_func(seed)] and review_box.value == seed
    assert "Other review" not in _shown(at) and "Logged in as **ben** (reviewer)" in _shown(at)
    # the address named cleo's review: ben is told why another one is shown (it opened without a word)
    assert any(e.value.startswith(f"Review {other} is not assigned to you") for e in at.error), at.error
    # nothing of the server's for a reviewer: no database path, no empty "Versions of one text" heading
    assert not any("Database" in str(c.value) for c in at.caption)
    assert "Versions of one text" not in [h.value for h in at.subheader]
    assert [r.options for r in at.radio if r.key == "view"] == [["Review pairs", "Heat map", "Quality"]]  # no Export
    assert not [t for t in at.text_input if t.label.startswith("Your name")]  # no typed name
    # a review id put into the session state from outside: still their own review
    at.session_state["_open_review"] = other
    at.run()
    assert not at.exception and at.session_state["review"] == seed and "Other review" not in _shown(at)
    # a change is credited to the account (there is no name to type)
    at.button(key="mark_correct").click().run()
    assert not at.exception
    store = ReviewStore(db)
    first = store.beads(seed)[0]
    assert (first.status, first.status_by) == ("correct", "ben")
    assert all(b.status == "unreviewed" for b in store.beads(other))
    store.close()


def test_an_admin_sees_every_review_assigns_and_exports(team: tuple[str, int, int]) -> None:
    db, seed, other = team
    at = _log_in(_start(), "anna", "anna's long password")
    (review_box,) = [s for s in at.selectbox if s.label == "Open review"]
    assert sorted(review_box.options) == sorted(review_box.format_func(i) for i in (seed, other))
    assert [r.options for r in at.radio if r.key == "view"] == [["Review pairs", "Heat map", "Quality", "Export"]]
    (assign,) = [s for s in at.selectbox if s.label == "Assigned to"]
    shown = at.session_state["review"]
    assert assign.value == {seed: "ben", other: "cleo"}[shown]
    new = {seed: "cleo", other: "ben"}[shown]
    assign.select(new).run()
    assert not at.exception
    store = ReviewStore(db)
    assert A.assigned_to(store, shown) == new
    store.close()


def test_logging_out_shows_the_login_form_again(team: tuple[str, int, int]) -> None:
    at = _log_in(_start(), "ben", "ben's long password")
    at.button(key="logout").click().run()
    assert [t.label for t in at.text_input] == ["Name", "Password"] and not at.selectbox


def test_a_typed_reviewer_name_is_dropped_from_the_address_with_accounts(team: tuple[str, int, int]) -> None:
    """Work is credited to the account; a ?reviewer=Mallory left in the address looked as if it were hers."""
    db, seed, _ = team
    at = _log_in(_start(reviewer="Mallory"), "ben", "ben's long password")
    assert "reviewer" not in at.query_params and at.query_params.get("review") == str(seed)
    at.button(key="mark_correct").click().run()
    assert not at.exception and "reviewer" not in at.query_params
    store = ReviewStore(db)
    assert store.beads(seed)[0].status_by == "ben"
    store.close()


def _statuses(db: str, review: int) -> list[tuple[str, int]]:
    store = ReviewStore(db)
    try:
        return [(b.status, b.version) for b in store.beads(review)]
    finally:
        store.close()


def test_a_disabled_reviewers_next_click_is_refused_with_one_line(team: tuple[str, int, int]) -> None:
    """A click's callback runs before the login gate, with the previous run's guard: 'Mark N beads correct' of a
    reviewer disabled meanwhile was saved. Now refused, with one line and the login form (no traceback)."""
    db, seed, _ = team
    at = _log_in(_start(), "ben", "ben's long password")
    before = _statuses(db, seed)
    store = ReviewStore(db)
    A.set_disabled(store, "ben")
    store.close()
    at.button(key="approve_view").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value.replace("\\", "") for e in at.error] == ["Not saved: your account has been disabled."]
    assert [t.label for t in at.text_input] == ["Name", "Password"]  # and the login form
    assert _statuses(db, seed) == before


@pytest.mark.parametrize("click", ["mark_correct", "approve_view"])
def test_a_click_on_a_review_reassigned_meanwhile_is_refused_with_one_line(
    team: tuple[str, int, int], click: str
) -> None:
    db, seed, other = team
    store = ReviewStore(db)
    A.assign_review(store, other, "ben")  # ben has two reviews; the open one is taken from him
    store.close()
    at = _log_in(_start(review=str(seed), bead="3"), "ben", "ben's long password")
    assert at.session_state["review"] == seed
    before = _statuses(db, seed)
    store = ReviewStore(db)
    A.assign_review(store, seed, "cleo")
    store.close()
    at.button(key=click).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value.replace("\\", "") for e in at.error] == [f"Review {seed} is no longer assigned to you: not saved."]
    assert at.session_state["review"] == other and at.query_params.get("review") == str(other)  # his review list
    assert _statuses(db, seed) == before


def test_logging_out_forgets_the_review_and_bead_in_the_address(team: tuple[str, int, int]) -> None:
    """The next user in that browser landed on the review and bead the last one had open (?review=5&bead=3)."""
    _, seed, _ = team
    at = _log_in(_start(review=str(seed), bead="3"), "ben", "ben's long password")
    assert at.query_params.get("bead") == "3"
    at.button(key="logout").click().run()
    assert not at.exception and not dict(at.query_params)
    at = _log_in(at, "anna", "anna's long password")
    assert at.session_state["bead"] == 0 and at.query_params.get("bead") == "0"
