"""Every page, walked with AppTest: no table on screen shows a raw float, None, NaN, an unseparated big number or a
snake_case header (what a board reads goes through formatting.tables); the board pack's views the same, step by step."""
from __future__ import annotations

import math
import numbers
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from exports.board_views import available_views
from formatting.tables import format_table
from ui.state_keys import PACK_STEP

PAGES = sorted((Path(__file__).resolve().parents[2] / "pages").glob("[0-9]*_*.py"))
SNAKE = re.compile(r"[a-z0-9]_[a-z0-9]")
TIMEOUT = 180


def problems(table: pd.DataFrame) -> list[str]:
    """What a board should not read in a displayed table: code-style headers and unformatted values."""
    found = [f"header {name!r}" for name in [*table.columns, table.index.name] if name and SNAKE.search(str(name))]
    for name in table.columns:
        for value in table[name].tolist():
            if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
                found.append(f"{name!r}: missing shown raw")
            elif isinstance(value, float):
                found.append(f"{name!r}: raw float {value!r}")
            elif isinstance(value, numbers.Integral) and not isinstance(value, bool) and abs(value) >= 1000:
                found.append(f"{name!r}: {value} without a thousands separator")
            elif isinstance(value, str) and value.strip() in ("None", "nan", "NaN", "<NA>"):
                found.append(f"{name!r}: {value!r}")
            else:
                continue
            break  # one finding a column is enough to say what is wrong
    return found


def shown_tables(at: AppTest) -> list[pd.DataFrame]:
    return [element.value for kind in ("dataframe", "table") for element in at.get(kind)]


def test_the_check_finds_what_a_board_should_not_read_and_the_layer_mends_it():
    raw = pd.DataFrame({"local_net": [-187720000.0000001], "reoffenders": [1033.7289], "receptions": [60000],
                        "note": [None], "value": [7.0], "unit": ["GBP billion per year"]})
    assert len(problems(raw)) == 6
    shown = format_table(raw)
    assert problems(shown) == []
    assert shown.iloc[0].tolist() == ["-£188m", "1,034", "60,000", "no data", "£7bn a year", ""]
    assert list(shown.columns) == ["Local net (£)", "Reoffenders", "Receptions", "Note", "Value", "Unit"]
    codes = format_table(pd.DataFrame({"name": ["diversion_share", "lag_years"], "title": ["my_file", "Costs 2016"]}))
    assert codes["Name"].tolist() == ["Diversion share", "Lag years"]  # a column of code names, in words
    assert codes["Title"].tolist() == ["my_file", "Costs 2016"]  # text as written, a user's included


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_table_on_a_page_reads_for_a_board(page):
    at = AppTest.from_file(str(page), default_timeout=TIMEOUT).run()
    assert not at.exception
    found = {f"table {n}": p for n, table in enumerate(shown_tables(at)) if (p := problems(table))}
    assert found == {}


def test_every_board_pack_view_table_reads_for_a_board():
    ids = [view.id for view in available_views()[0]]
    at = AppTest.from_file(str(next(p for p in PAGES if p.stem == "90_board_pack")), default_timeout=TIMEOUT)
    at.query_params["views"] = ",".join(ids)
    found = {}
    for step, view_id in enumerate(ids, start=1):
        at.session_state[PACK_STEP] = step
        at.run()
        assert not at.exception, view_id
        found.update({f"{view_id} table {n}": p for n, table in enumerate(shown_tables(at)) if (p := problems(table))})
    assert found == {}


def test_the_attributable_spend_table_reads_for_a_board_once_counts_are_loaded():
    # Made-up counts for this test only: the spend table appears only with counts by area.
    frame = pd.DataFrame({"area_code": ["E23000001", "E23000005"], "layer": "police_force_area", "period": "2016/17",
                          "indicator": "prisoners_sentence_under_12m", "value": [1000.0, 500.0], "source_id": "test"})
    sources = [{"source_id": "test", "title": "Test counts", "publisher": "tests", "address": "tests",
                "vintage": "2016/17", "licence": "n/a", "caveats": ""}]
    at = AppTest.from_file(str(next(p for p in PAGES if p.stem == "55_custody_cost")), default_timeout=TIMEOUT)
    at.session_state["uploaded_indicators"] = (frame, sources)
    at.run()
    assert not at.exception
    tables = shown_tables(at)
    assert any("Spend (£)" in table.columns for table in tables)
    assert {f"table {n}": p for n, table in enumerate(tables) if (p := problems(table))} == {}
