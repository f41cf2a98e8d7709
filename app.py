"""Patchwork: an interactive atlas of offender management in England and Wales (Streamlit entry point)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import presentation
from ui.page_titles import page_title

PAGES_DIR = Path(__file__).parent / "pages"


def discover_pages() -> list[st.Page]:
    """Every pages/NN_name.py file in number order; the first is the default page."""
    files = sorted(p for p in PAGES_DIR.glob("[0-9]*_*.py"))
    return [st.Page(str(path), title=page_title(path), url_path=path.stem.split("_", 1)[1],
                    default=(i == 0)) for i, path in enumerate(files)]


st.set_page_config(page_title="Patchwork — offender management atlas", page_icon="🧩", layout="wide",
                   initial_sidebar_state="collapsed" if presentation.is_presenting() else "auto")
navigation = st.navigation(discover_pages())
with st.sidebar:
    presentation.apply_accessible_style()
    presentation.presentation_toggle()
navigation.run()
