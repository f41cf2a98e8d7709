"""The sidebar's sections: every page listed once, under the section its number falls in, in number order."""
from __future__ import annotations

from pathlib import Path

from ui.navigation import SECTIONS, grouped, section_of

PAGES = sorted((Path(__file__).resolve().parents[2] / "pages").glob("[0-9]*_*.py"))


def test_every_page_is_listed_once_in_number_order():
    groups = grouped(list(reversed(PAGES)))
    listed = [path for paths in groups.values() for path in paths]
    assert listed == PAGES
    assert list(groups) == [heading for heading, _, _ in SECTIONS]


def test_pages_sit_under_what_a_person_came_to_do():
    by_stem = {path.stem: section_of(path) for path in PAGES}
    assert by_stem["10_overlay_map"] == by_stem["35_reform_timeline"] == "See the patchwork"
    assert by_stem["40_prisons"] == by_stem["55_custody_cost"] == "Compare areas"
    assert by_stem["75_boundary_what_if"] == "Ask what if"
    assert by_stem["90_board_pack"] == by_stem["95_about_the_data"] == "Present and explain"
