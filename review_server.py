"""Align Workbench review app for a team with accounts: `streamlit run review_server.py [-- --db URL]`.

The same app as streamlit_app.py, served through Streamlit's ASGI mode (st.App) with one extra route, so that
the login session's cookie is set by the server as HttpOnly (see review_app/session_cookie.py).
"""

import streamlit as st

from review_app import session_cookie

app = st.App("streamlit_app.py", routes=session_cookie.routes())
