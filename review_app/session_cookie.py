"""The login session's cookie as an HttpOnly cookie, set by the web server rather than by page JavaScript.

Streamlit has no call that sets a cookie; the app reads the cookie server-side (``st.context.cookies``, the
WebSocket handshake's cookies). Streamlit's ASGI mode (``st.App``, :mod:`review_server`) lets the app add HTTP
routes, and a route's response can carry ``Set-Cookie: ...; HttpOnly``. So after a login the page is handed a
one-time code (single use, valid :data:`CODE_TTL` seconds), and its component POSTs that code to
:data:`ROUTE`, which answers with the session cookie: the token itself never reaches page JavaScript, and a
script injected into the page cannot read it. Under plain ``streamlit run streamlit_app.py`` the route does
not exist (:func:`mounted` is False) and the page writes the cookie itself, as before (not HttpOnly).

The codes live in this process's memory: the route and the script runs share the process.
"""

from __future__ import annotations

import secrets
import threading
import time
from typing import Any

#: The route that turns a one-time code into the session cookie (an empty code: deletes the cookie).
ROUTE = "/_align/session"
COOKIE = "align_session"
#: Seconds a one-time code is good for: the page posts it as soon as it is drawn.
CODE_TTL = 60.0

_codes: dict[str, tuple[str, float, int]] = {}  # code -> (token, deadline, cookie max-age)
_lock = threading.Lock()
_mounted = False


def mounted() -> bool:
    """Whether :data:`ROUTE` is served in this process (the app runs as :mod:`review_server`)."""
    return _mounted


def hand_over(token: str, max_age: int) -> str:
    """A one-time code the page exchanges at :data:`ROUTE` for the cookie holding ``token``."""
    code = secrets.token_urlsafe(32)
    now = time.monotonic()
    with _lock:
        for k in [k for k, (_, deadline, _) in _codes.items() if deadline < now]:
            del _codes[k]
        _codes[code] = (token, now + CODE_TTL, max_age)
    return code


def take(code: str) -> tuple[str, int] | None:
    """The token and max-age a code stands for, once (None: unknown, used or expired)."""
    with _lock:
        entry = _codes.pop(code, None)
    if entry is None or entry[1] < time.monotonic():
        return None
    return entry[0], entry[2]


async def _session(request: Any) -> Any:
    from starlette.responses import Response

    # JSON only: a cross-site form cannot send it without a CORS preflight, which this route does not answer.
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return Response(status_code=415)
    try:
        body = await request.json()
        code = str(body.get("code", ""))
    except Exception:  # not a JSON object
        return Response(status_code=400)
    secure = request.url.scheme == "https"
    response = Response(status_code=204)
    if not code:
        response.delete_cookie(COOKIE, path="/", secure=secure, httponly=True, samesite="strict")
        return response
    found = take(code)
    if found is None:
        return Response(status_code=403)
    token, max_age = found
    response.set_cookie(COOKIE, token, max_age=max_age, path="/", secure=secure, httponly=True, samesite="strict")
    return response


def routes() -> list[Any]:
    """The routes to give ``st.App`` (marks the route as served in this process)."""
    from starlette.routing import Route

    global _mounted
    _mounted = True
    return [Route(ROUTE, _session, methods=["POST"])]
