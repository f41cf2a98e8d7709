"""Page titles: parsed from each page's docstring, the same from many threads at once (as sessions rerun app.py)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ui.page_titles import page_title

PAGES = sorted((Path(__file__).resolve().parents[2] / "pages").glob("[0-9]*_*.py"))


def test_titles_are_the_docstring_up_to_the_colon():
    assert page_title(PAGES[0]) == "Overlay map"
    assert page_title(next(p for p in PAGES if p.stem == "90_board_pack")) == "Board pack"


def test_titles_are_stable_under_concurrent_reruns(tmp_path):
    page = tmp_path / "99_example.py"
    page.write_text('"""Example page: with a colon."""\nx = [' + ", ".join(["(1, [2, {3: 4}])"] * 500) + "]\n")
    with ThreadPoolExecutor(16) as pool:
        titles = list(pool.map(page_title, [page] * 64 + PAGES * 8))
    assert titles[:64] == ["Example page"] * 64
    assert titles[64:] == [page_title(p) for p in PAGES] * 8
