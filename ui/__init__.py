"""Streamlit glue shared by pages: cached resources, URL state and common notes."""
from ui.entry import run_through_app_py

# A server whose first visitors follow deep links (/board_pack?present=1) would otherwise serve pages/
# in Streamlit's old pages-folder mode, bypassing app.py (no page config, no presentation toggle).
run_through_app_py()
