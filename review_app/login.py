"""Logins in the app: the gate every run passes, the login form, the account box, and admin assignment.

Without accounts in the database the gate lets every run through with the store itself: the single-user
workbench. Once one exists, a run without a live session draws the login form and nothing else; a run with
one gets the store as the account may use it (:func:`align.accounts.guard`), so every view reads and writes
through the permission checks, and every change is credited to the account.

The browser keeps its session in a cookie; the database keeps only the token's hash. Streamlit reads cookies
(``st.context.cookies``) but has no call to set one: served as review_server.py (Streamlit's ASGI mode) a route
sets it as HttpOnly for a one-time code the page posts (:mod:`review_app.session_cookie`); under plain
``streamlit run streamlit_app.py`` a small inline component writes it (readable by page scripts).
The session is checked on every run, so an expired, logged-out or disabled one ends at the next click.
"""

from __future__ import annotations

import streamlit as st

from align.accounts import (
    DEFAULT_SESSIONS,
    AccessDenied,
    Account,
    LoginRefused,
    accounts_enabled,
    assign_review,
    assigned_to,
    guard,
    list_accounts,
    login,
    logout,
    session_account,
)
from align.errors import AlignError
from align.review_store import ReviewStore
from review_app import session_cookie
from review_app.state import md_escape

COOKIE = session_cookie.COOKIE
_TOKEN = "_session_token"  # session_state key of this browser tab's session token
_ACCOUNT = "_account"
_REFUSED = "_refused"  # a write refused in a click's callback: the one line the next run shows

_COOKIE_JS = """
export default function ({ data }) {
  if (data.route) {  // HttpOnly: the server sets (or, for an empty code, deletes) it for the one-time code
    fetch(data.route, {method: "POST", credentials: "same-origin", headers: {"Content-Type": "application/json"},
                       body: JSON.stringify({code: data.code})});
    return;
  }
  const secure = location.protocol === "https:" ? "; Secure" : "";
  const value = data.token ? encodeURIComponent(data.token) : "";
  const age = data.token ? data.max_age : 0;  // 0: the browser forgets it now
  document.cookie = `${data.name}=${value}; path=/; max-age=${age}; SameSite=Strict${secure}`;
}
"""
_cookie_component = st.components.v2.component("session_cookie", js=_COOKIE_JS)


def _write_cookie(token: str) -> None:
    st.html("<style>.st-key-session_cookie { display: none; }</style>")  # nothing to see; no gap in the page
    with st.container(key="session_cookie"):
        max_age = int(DEFAULT_SESSIONS.lifetime.total_seconds())
        if session_cookie.mounted():
            code = session_cookie.hand_over(token, max_age) if token else ""
            data: dict[str, object] = {"route": session_cookie.ROUTE, "code": code}
        else:
            data = {"name": COOKIE, "token": token, "max_age": max_age}
        _cookie_component(data=data, key=f"cookie_{bool(token)}")


def account() -> Account | None:
    """The logged-in account of this run, None when accounts are off (or nobody is logged in)."""
    return st.session_state.get(_ACCOUNT)


def gate(store: ReviewStore) -> ReviewStore | None:
    """The store this run may use, or None when the run drew the login form (then it must draw nothing else)."""
    s = st.session_state
    if not accounts_enabled(store):
        s.pop(_ACCOUNT, None)
        return store
    token = s.get(_TOKEN) or _cookie()
    user = session_account(store, token) if token else None
    refused = s.pop(_REFUSED, None)
    if refused:
        st.error(md_escape(refused), icon="🔒")
    if user is None:
        s.pop(_TOKEN, None)
        s.pop(_ACCOUNT, None)
        if token or s.pop("_cookie_dead", False):
            _write_cookie("")  # a dead session's cookie would be tried again at every reload
        login_form(store)
        return None
    s[_TOKEN] = token
    s[_ACCOUNT] = user
    s["reviewer"] = user.name  # what the views pass as the reviewer; the guard credits the account anyway
    if "reviewer" in st.query_params:  # a typed ?reviewer=Mallory names nobody here: not left to look as if it did
        del st.query_params["reviewer"]
    if s.pop("_cookie_new", False):
        _write_cookie(token)
    # The session goes with the guard: a click's callback runs before this gate, with this run's guard, and each
    # write then checks that the session is still live and the account enabled (see align.accounts.access).
    return guard(store, user, token=token, on_denied=_refused)


def _in_callback() -> bool:
    """Whether this code runs in a widget's callback (before the page's script), not in the script itself."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx is not None and not ctx.has_script_started


def refusal_text(exc: AccessDenied) -> str:
    """One line for a reviewer: "Review 18 is no longer assigned to you" rather than "you have no review 18"."""
    message = str(exc)
    for prefix, thing in (("you have no review set ", "Review set"), ("you have no review ", "Review")):
        if message.startswith(prefix):
            return f"{thing} {message[len(prefix) :]} is no longer assigned to you: not saved."
    return f"Not saved: {message}."


def _refused(exc: AccessDenied) -> None:
    """A write refused in a click's callback (the account was disabled, logged out, the review reassigned since
    the page was drawn): the callback would end in a traceback with the server's paths. Instead the next run shows
    one line, and the review list (or the login form). In the script itself the view that asked handles it."""
    if not _in_callback():
        return
    s = st.session_state
    s[_REFUSED] = refusal_text(exc)
    for key in ("review", "_open_review", "_review_shown", "bead"):
        s.pop(key, None)  # the sidebar opens the first review the account still has
    for key in ("review", "bead"):
        st.query_params.pop(key, None)
    st.rerun()  # ends the callback here: none of its later writes or messages


def _cookie() -> str:
    try:
        value = st.context.cookies.get(COOKIE, "")
    except Exception:  # no browser behind this run (AppTest): no cookies
        return ""
    return value if isinstance(value, str) else ""


def _client() -> str:
    """The client's address, for the per-client lockout (behind a proxy: the proxy's, unless it forwards)."""
    try:
        forwarded = st.context.headers.get("X-Forwarded-For", "")
        address = st.context.ip_address
    except Exception:  # no browser behind this run (AppTest)
        return "unknown"
    forwarded = forwarded if isinstance(forwarded, str) else ""
    return forwarded.split(",")[0].strip() or (address if isinstance(address, str) else "") or "unknown"


def login_form(store: ReviewStore) -> None:
    st.title("Align Workbench")
    st.caption("This workbench has accounts: log in to see your reviews.")
    # clear_on_submit: the password does not stay in the session's widget state after the attempt.
    with st.form("login", enter_to_submit=True, clear_on_submit=True):
        # autocomplete: password managers fill (and offer to save) the login instead of guessing.
        name = st.text_input("Name", key="login_name", autocomplete="username")
        password = st.text_input("Password", type="password", key="login_password", autocomplete="current-password")
        submitted = st.form_submit_button("Log in", type="primary")
    if not submitted:
        return
    try:
        session = login(store, name, password, _client())
    except LoginRefused as exc:
        message = str(exc)
        st.error(md_escape(message[:1].upper() + message[1:]), icon="🔒")
        return
    finally:
        del password
        st.session_state.pop("login_password", None)  # not kept in the session after the attempt
    st.session_state.update({_TOKEN: session.token, _ACCOUNT: session.account, "_cookie_new": True})
    st.rerun()


def _log_out(store: ReviewStore) -> None:
    token = st.session_state.pop(_TOKEN, "")
    if token:
        logout(store, token)
    # Nothing of this account's stays for whoever logs in next in this tab: the address (?review=5&bead=3 took the
    # next user there), the open review and bead, filters, drafts.
    st.query_params.clear()
    st.session_state.clear()
    st.session_state["_cookie_dead"] = True


def account_box(store: ReviewStore) -> bool:
    """In the sidebar: who is logged in, and Log out. False (nothing drawn) when accounts are off."""
    user = account()
    if user is None:
        return False
    st.subheader("Account")
    st.markdown(f"Logged in as **{md_escape(user.name)}** ({user.role})")
    raw = getattr(store, "_store", store)  # logout needs the store itself: it is not a review operation
    st.button("Log out", key="logout", on_click=_log_out, args=(raw,))
    return True


def may(what: str) -> bool:
    """Whether this run's account may ``what`` ("create", "export", "assign"); True with accounts off."""
    user = account()
    return user is None or user.is_admin


def assignment_box(store: ReviewStore, review_id: int) -> None:
    """Admins: who the open review is assigned to, changeable."""
    user = account()
    if user is None or not user.is_admin:
        return
    raw = getattr(store, "_store", store)
    names = [""] + [a.name for a in list_accounts(raw) if not a.disabled]
    current = assigned_to(raw, review_id) or ""
    if current not in names:
        names.append(current)  # assigned (by a batch) to a name that has no account yet
    choice = st.selectbox(
        "Assigned to",
        names,
        index=names.index(current),
        key=f"assign_{review_id}",
        format_func=lambda n: n or "— nobody —",
    )
    if choice != current:
        try:
            assign_review(raw, review_id, choice)
        except AlignError as exc:
            st.error(md_escape(str(exc)))
