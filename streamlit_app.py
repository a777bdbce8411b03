"""Align Workbench review app: `streamlit run streamlit_app.py [-- --db reviews.sqlite3]`.

The views live in the review_app package (sidebar, navigation, table, bead panel, heat map,
quality, export); this file is only the entry point.
"""

from review_app.page import main

main()
