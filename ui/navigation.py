"""The sidebar's sections: pages grouped by what a person came to do, by the number their file name starts with."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

# (heading, first page number, last page number): pages/NN_name.py falls in the section whose range holds NN.
SECTIONS = (("See the patchwork", 10, 39), ("Compare areas", 40, 69), ("Ask what if", 70, 89),
            ("Present and explain", 90, 99))


def page_number(path: Path) -> int:
    """The number a page's file name starts with (pages/40_prisons.py -> 40)."""
    return int(path.stem.split("_", 1)[0])


def section_of(path: Path) -> str:
    """The heading of the section a page is listed under."""
    number = page_number(path)
    return next(heading for heading, first, last in SECTIONS if first <= number <= last)


def grouped(paths: list[Path]) -> dict[str, list[Path]]:
    """Pages in number order under their sections, in the sections' order (a section with no page is left out)."""
    groups: dict[str, list[Path]] = {heading: [] for heading, _, _ in SECTIONS}
    for path in sorted(paths, key=page_number):
        groups[section_of(path)].append(path)
    return {heading: pages for heading, pages in groups.items() if pages}


NAV_KEY = "pw_nav"  # the sidebar container of the links (.st-key-pw_nav), which tests wait for


def sidebar_links(sections: dict[str, list]) -> None:
    """Every page as a link under its section's heading, none hidden. Drawn here rather than by st.navigation's
    own sections, whose markup puts headings inside the list (axe: list, listitem, serious)."""
    with st.container(key=NAV_KEY):
        for heading, pages in sections.items():
            st.markdown(f"**{heading}**")
            for page in pages:
                st.page_link(page, width="stretch")
