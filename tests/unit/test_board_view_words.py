"""Every built-in board view's title, takeaway and source line read for a board: no file path, file name, command
or code id (a source is named by its publication and vintage in words)."""
from __future__ import annotations

import re

import pytest

from exports import board_views
from exports.board_views import available_views, board_sources
from indicators.store import IndicatorStore
from scenario.persistence import Scenario, dumps

# What a board must never read: paths, file names, commands, snake_case code ids (a GSS code is not snake_case).
NOT_FOR_A_BOARD = re.compile(r"data/|\.\./shared|\.(csv|tsv|xlsx|ods|zip)\b|python -m|\b[a-z0-9]+_[a-z0-9_]+\b",
                             re.IGNORECASE)


def _unreadable(*texts: str) -> list[str]:
    return [m.group(0) for text in texts for m in NOT_FOR_A_BOARD.finditer(text)]


@pytest.fixture(scope="module")
def views():
    found, problems = available_views()
    assert not problems
    return found


def test_every_built_in_view_reads_for_a_board(atlas, views):
    assert {v.id for v in views} >= {v.id for v in board_views.BUILT_IN}
    for view in views:
        content = view.build(atlas, {})
        assert not _unreadable(content.title, content.takeaway, content.sources), view.id


@pytest.mark.parametrize("kind", ["national", "population_share", "indicator_store", "store_and_estimate"])
def test_the_scenario_view_reads_for_a_board_on_every_baseline(atlas, kind):
    options = {"scenario": dumps(Scenario("Ours", baseline_kind=kind, layer="probation_region"))}
    content = board_views.scenario_view(atlas, options)
    assert not _unreadable(content.title, content.takeaway, content.sources)


def test_an_imported_files_name_and_a_lost_sources_code_stay_off_the_reoffending_slide(atlas):
    bundled = IndicatorStore.bundled()
    catalogue = bundled.catalogue.copy()
    reoffending = catalogue["source_id"].str.contains("proven_reoffending_overview_english_regions")
    assert reoffending.any()
    catalogue.loc[reoffending, "title"] = "Proven reoffending overview (PRSQ_Geographic_data_Apr 2019.csv)"
    content = board_views._reoffending(atlas, IndicatorStore(bundled.rows, catalogue))
    assert "Proven reoffending overview — " in content.sources
    assert not _unreadable(content.title, content.takeaway, content.sources)
    assert board_sources(bundled, ["gone_upload_123"]) == "figures whose source is no longer loaded"
    catalogue.loc[reoffending, "title"] = "my figures.xlsx"
    said = board_sources(IndicatorStore(bundled.rows, catalogue), catalogue.loc[reoffending, "source_id"])
    assert said.startswith("Figures uploaded by a user — ") and not _unreadable(said)
