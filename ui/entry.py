"""Make every session run through app.py, even when a server's first visitors follow deep links."""
from __future__ import annotations


def run_through_app_py() -> None:
    """Leave Streamlit's old pages-folder mode and rerun the page through app.py's st.navigation.

    Streamlit starts in that mode because a pages/ folder exists, and leaves it only once app.py has
    called st.navigation; until then a deep link runs the page file alone."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        import streamlit as st

        PagesManager.uses_pages_directory = False
        st.rerun()  # same page (its hash is its URL path), now through app.py
