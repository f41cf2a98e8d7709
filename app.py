"""Patchwork: an interactive atlas of offender management in England and Wales (Streamlit entry point)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui import presentation
from ui.navigation import grouped, sidebar_links
from ui.page_titles import page_title

PAGES_DIR = Path(__file__).parent / "pages"


def discover_pages() -> dict[str, list[st.Page]]:
    """Every pages/NN_name.py file under its sidebar section, in number order; the first is the default page."""
    groups = grouped(list(PAGES_DIR.glob("[0-9]*_*.py")))
    first = next(iter(groups.values()))[0]
    return {heading: [st.Page(str(path), title=page_title(path), url_path=path.stem.split("_", 1)[1],
                              default=path == first) for path in paths] for heading, paths in groups.items()}


st.set_page_config(page_title="Patchwork — offender management atlas", page_icon="🧩", layout="wide",
                   initial_sidebar_state="collapsed" if presentation.is_presenting() else "auto")
pages = discover_pages()
navigation = st.navigation(pages, position="hidden")  # the sidebar lists every page itself, under its section
with st.sidebar:
    sidebar_links(pages)
    presentation.apply_accessible_style()
    presentation.presentation_toggle()
if presentation.is_presenting() and navigation.title != "Board pack":  # the pack steps its own views with these keys
    presentation.page_keys([page for section in pages.values() for page in section], navigation)
navigation.run()
