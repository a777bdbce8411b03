"""Align Workbench review app: the views of ``streamlit_app.py``, one module each.

A thin layer over the library: alignment comes from align.review_start, every write goes straight
to align.review_store (st.session_state holds UI state only), exports use align.exporters.

Document text, comments and names are only ever shown through st.text, dataframe cells or
html.escape: never as markdown or raw HTML, so markup inside a document cannot render or run.
"""
