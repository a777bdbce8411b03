"""Accounts in a real headless Chromium against `streamlit run`: the login form, the session cookie, a
reviewer against a review that is not theirs, and a guesser slowed down. Screenshots go to artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_server import BROWSER_MARKS, ROOT, Server, chromium_page, wait_idle
from playwright.sync_api import expect
from seed_review import copy_seed_db, session_cache_dir

from align import accounts as A
from align.review_store import ReviewStore

ARTIFACTS = ROOT / "artifacts"

pytestmark = BROWSER_MARKS
BEN = ("ben", "ben's long password")


@pytest.fixture
def team(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, int, int]]:
    """The seed review assigned to ben, "Other review" (the same pair) to cleo; the app serving them."""
    yield from _team(tmp_path, tmp_path_factory, "streamlit_app.py")


@pytest.fixture
def team_server(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, int, int]]:
    """The same, served as a team's server: `streamlit run review_server.py` (the HttpOnly session cookie)."""
    yield from _team(tmp_path, tmp_path_factory, "review_server.py")


def _team(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, script: str) -> Iterator[tuple[Server, int, int]]:
    base = tmp_path_factory.getbasetemp()
    db = copy_seed_db(base, tmp_path / "browser.sqlite3")
    store = ReviewStore(db)
    seed = store.list_reviews()[0].id
    other = store.create_review(store.alignment(seed), "Other review")
    A.add_account(store, "anna", "admin", "anna's long password")
    A.add_account(store, *BEN[:1], "reviewer", BEN[1])
    A.add_account(store, "cleo", "reviewer", "cleo's long password")
    A.assign_review(store, seed, "ben")
    A.assign_review(store, other, "cleo")
    store.close()
    srv = Server(db, session_cache_dir(base), tmp_path / "streamlit.log", script)
    srv.start()
    yield srv, seed, other
    srv.kill()


@pytest.fixture
def page() -> Iterator[object]:
    with chromium_page(height=1100) as pg:
        yield pg


def _idle(page) -> None:  # type: ignore[no-untyped-def]
    wait_idle(page)


def _login_form(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Log in").wait_for(timeout=60_000)
    _idle(page)


def _log_in(page, name: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    _idle(page)


def _body(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.locator("[data-testid='stApp']").inner_text())


def test_an_anonymous_visitor_sees_only_the_login_form_and_a_wrong_password_is_refused(team, page) -> None:  # type: ignore[no-untyped-def]
    server, _, other = team
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server.url}/?review={other}&bead=3", wait_until="domcontentloaded")
    _login_form(page)
    page.screenshot(path=str(ARTIFACTS / "accounts-login.png"))
    body = _body(page)
    assert "log in to see your reviews" in body
    for hidden in ("Other review", "Sample", "ニュース", "notizia", "Open review", "Export"):
        assert hidden not in body
    assert page.locator("[data-testid='stMain'] table").count() == 0
    assert page.locator("[data-testid='stSidebar']").count() == 0
    _log_in(page, "ben", "not ben's password")
    page.get_by_text("Wrong name or password").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stMain'] table").count() == 0
    assert page.get_by_label("Password", exact=True).input_value() == ""
    # the right password: the review; a reload keeps the session (its cookie); Log out ends it
    _log_in(page, *BEN)
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    assert "Logged in as ben (reviewer)" in _body(page)
    page.reload(wait_until="domcontentloaded")
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    page.get_by_role("button", name="Log out").click()
    _login_form(page)
    page.reload(wait_until="domcontentloaded")
    _login_form(page)
    assert page.locator("[data-testid='stMain'] table").count() == 0


def _session_cookie(page) -> dict | None:  # type: ignore[no-untyped-def,type-arg]
    return next((c for c in page.context.cookies() if c["name"] == "align_session"), None)


def test_on_the_team_server_the_session_cookie_is_httponly(team_server, page) -> None:  # type: ignore[no-untyped-def]
    """Served as review_server.py, the session cookie is set by the server (HttpOnly, SameSite=Strict): page
    scripts cannot read the token, the server still knows the browser after a reload, and Log out deletes it."""
    server, _, _ = team_server
    page.goto(server.url, wait_until="domcontentloaded")
    _login_form(page)
    _log_in(page, *BEN)
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)  # the component's POST answered
    cookie = _session_cookie(page)
    assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Strict", cookie
    assert "align_session" not in page.evaluate("document.cookie")
    store = ReviewStore(server.db)
    assert A.session_account(store, cookie["value"]).name == "ben"  # type: ignore[union-attr]
    # the one-time code is spent: posting a made-up or reused code sets nothing
    status = page.evaluate(
        "async () => (await fetch('/_align/session', {method: 'POST', headers: {'Content-Type': "
        "'application/json'}, body: JSON.stringify({code: 'made-up'})})).status"
    )
    assert status == 403
    page.reload(wait_until="domcontentloaded")
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    assert "Logged in as ben (reviewer)" in _body(page)
    page.get_by_role("button", name="Log out").click()
    _login_form(page)
    page.wait_for_timeout(1000)
    assert _session_cookie(page) is None
    assert A.session_account(store, cookie["value"]) is None
    store.close()
    page.reload(wait_until="domcontentloaded")
    _login_form(page)


def test_a_reviewer_cannot_open_a_review_not_theirs_by_changing_the_address(team, page) -> None:  # type: ignore[no-untyped-def]
    server, seed, other = team
    page.goto(f"{server.url}/?review={other}", wait_until="domcontentloaded")
    _login_form(page)
    _log_in(page, *BEN)
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    _idle(page)
    body = _body(page)
    assert "Sample" in body and "Other review" not in body
    assert f"review={seed}" in page.url
    # the address changed by hand, in the same browser (the session cookie is sent): still only theirs
    page.goto(f"{server.url}/?review={other}&bead=5", wait_until="domcontentloaded")
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    _idle(page)
    body = _body(page)
    assert "Logged in as ben" in body and "Sample" in body and "Other review" not in body
    page.screenshot(path=str(ARTIFACTS / "accounts-reviewer-other-address.png"))
    # the review selector offers only theirs
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
    options = page.get_by_role("option").all_inner_texts()
    assert len(options) == 1 and options[0].startswith("Sample")


def test_brute_force_is_slowed(team, page) -> None:  # type: ignore[no-untyped-def]
    server, _, _ = team
    page.goto(server.url, wait_until="domcontentloaded")
    _login_form(page)
    for k in range(A.DEFAULT_LOCKOUT.account_free):
        _log_in(page, "ben", f"guess number {k}")
    page.get_by_text("too many failed logins: try again in 30 s").wait_for(timeout=30_000)
    # now even the right password is refused until the lock ends
    _log_in(page, *BEN)
    page.get_by_text("Too many failed logins").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "accounts-locked.png"))
    assert page.locator("[data-testid='stMain'] table").count() == 0
    store = ReviewStore(server.db)
    assert A.session_account(store, "") is None and not store._q("SELECT 1 FROM sessions")
    store.close()


def test_a_click_after_the_account_was_disabled_saves_nothing_and_shows_one_line(team, page) -> None:  # type: ignore[no-untyped-def]
    """The admin's run: ben opened "✓ Approve", was disabled, clicked "Mark N beads correct": the beads were saved
    (the callback ran before the login gate). Now: nothing saved, one line and the login form, no traceback; and
    Log out leaves no ?review=&bead= in the address for the next user."""
    server, seed, _ = team
    page.goto(f"{server.url}/?review={seed}&bead=3", wait_until="domcontentloaded")
    _login_form(page)
    _log_in(page, *BEN)
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    _idle(page)
    page.get_by_role("button", name="✓ Approve").click()
    button = page.get_by_role("button", name="beads correct")
    # Opening the popover reruns the page (it is tracked, so that approving can close it): until that run is over
    # the old popover's button can still be in the page beside the new one (CI once found two).
    _idle(page)
    expect(button).to_have_count(1, timeout=30_000)
    store = ReviewStore(server.db)
    before = [(b.status, b.version) for b in store.beads(seed)]
    A.set_disabled(store, "ben")
    button.click()
    _login_form(page)
    body = _body(page)
    assert "Not saved: your account has been disabled." in body and "Traceback" not in body, body[:500]
    assert [(b.status, b.version) for b in store.beads(seed)] == before
    A.set_disabled(store, "ben", False)
    store.close()
    _log_in(page, *BEN)
    page.locator("[data-testid='stMain'] table tbody tr").first.wait_for(timeout=60_000)
    page.get_by_role("button", name="Log out").click()
    _login_form(page)
    assert "review=" not in page.url and "bead=" not in page.url, page.url
