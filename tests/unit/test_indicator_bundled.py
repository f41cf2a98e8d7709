"""Bundled indicator data: only 'commit: yes' files copied, every row sourced, partial tables kept partial."""
from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from geo.locations import sources_dir
from indicators.bundled import DATA_DIR, TRANSCRIBED
from indicators.sources import read_catalogue
from indicators.store import IndicatorStore


def _commit_yes_files() -> set[str]:
    readme = (sources_dir() / "README.md").read_text()
    section = readme.split("(commit: yes)")[1].split("\n## ")[0]
    return {line.strip("- ").strip().split("/")[-1] for line in section.splitlines() if line.startswith("- ")}


@pytest.mark.skipif(not (sources_dir() / "README.md").exists(), reason="needs ../shared/data/sources")
def test_only_commit_yes_files_are_copied_and_each_is_verbatim():
    allowed = _commit_yes_files()
    copied = {p.name for p in TRANSCRIBED.glob("*.csv")}
    assert copied and copied <= allowed
    for name in copied:
        original = next(sources_dir().rglob(name))
        assert (TRANSCRIBED / name).read_bytes() == original.read_bytes(), name
    provenance = (TRANSCRIBED / "PROVENANCE.md").read_text()
    assert all(name in provenance for name in copied)


def test_every_bundled_row_names_a_catalogued_source_with_vintage_and_licence():
    store = IndicatorStore.bundled()
    catalogue = read_catalogue().set_index("source_id")
    assert set(store.rows["source_id"]) <= set(catalogue.index)
    assert (catalogue["vintage"].str.len() > 0).all() and (catalogue["licence"].str.len() > 0).all()


def test_the_partial_1992_table_stays_partial_and_numerators_are_derived():
    rows = IndicatorStore.bundled().select("reconviction_rate_1yr_custody", "1992")
    assert len(rows) == 12
    met = rows.set_index("area_code").loc["E23000001"]
    assert (met["value"], met["denominator"], met["numerator"]) == (25.0, 4256.0, 1064.0)
    assert "derived" in met["note"]
    community_2yr = IndicatorStore.bundled().select("reconviction_rate_2yr_community", "1992")
    # Norfolk's value is truncated and City of London's is a dash in the source: no rows, not zeros.
    assert not community_2yr["area_code"].isin(["E23000024", "E23000034"]).any()


def test_seed_paper_figures_are_transcribed_with_their_source():
    table = pd.read_csv(DATA_DIR / "national_figures_from_seed_papers.csv")
    figures = {(r.indicator, r.source_id): r.value for r in table.itertuples()}
    assert figures[("adult_reoffending_frequency", "moj_2008_working_in_partnership")] == 167.9
    assert figures[("short_sentence_reoffending_rate", "moj_2008_working_in_partnership")] == 73
    assert figures[("imprisonment_rate", "ippr_2016_whole_system")] == 147
    seeds = {"moj_2008_working_in_partnership": "004_4afa9ff5c48e6492.txt", "ippr_2016_whole_system": "003_4baa7b694a4508cb.txt"}
    seed_dir = sources_dir().parent.parent / "seeds"
    if seed_dir.exists():
        for r in table.itertuples():
            text = (seed_dir / seeds[r.source_id]).read_text()
            number = f"{r.value:g}".replace("60000", "60,000")
            assert re.search(re.escape(number) + r"(?![0-9])", text), (r.indicator, number)


def test_area_name_matches_point_at_real_areas(atlas):
    codes = pd.read_csv(DATA_DIR / "area_codes_for_transcribed_tables.csv", dtype=str)
    for row in codes.itertuples():
        assert atlas.area_name(row.layer, row.area_code), row
    assert not math.isnan(IndicatorStore.bundled().layer_view(
        atlas, "local_adult_reoffending_rate", "2008", "county").table.set_index("area_code").at["E10000003", "value"])


def test_women_custody_rows_are_the_compilation_as_published():
    from indicators import bundled_custody

    folder = sources_dir() / bundled_custody.FOLDER
    if not (folder / bundled_custody.COUNTS).exists():
        pytest.skip("needs ../shared/data/sources/custody_by_area")
    store = IndicatorStore.bundled()
    published = pd.read_csv(folder / bundled_custody.COUNTS).set_index("pfa")
    years = [c for c in published.columns if c.isdigit()]
    for indicator in ("immediate_custody_sentences", "immediate_custody_under_6_months", "immediate_custody_rate"):
        assert store.breakdowns(indicator) == [bundled_custody.BREAKDOWN]
        assert store.periods(indicator, breakdown=bundled_custody.BREAKDOWN) == years
        rows = store.select(indicator, None, bundled_custody.BREAKDOWN)
        assert len(rows) == 42 * len(years) and set(rows["layer"]) == {"police_force_area"}
        assert "E23000034" not in set(rows["area_code"])  # City of London is inside the Met row
    counts = store.select("immediate_custody_sentences", None, bundled_custody.BREAKDOWN)
    for year in years:
        assert counts[counts["period"] == year]["value"].sum() == published[year].sum(), year
    met = counts[counts["area_code"] == "E23000001"].set_index("period")
    assert met.at["2024", "value"] == published.at["London", "2024"] and "City of London" in met.at["2024", "note"]
    assert counts[counts["period"] == "2017"]["note"].str.contains("2017 is suspect").all()
    assert not counts[counts["period"] != "2017"]["note"].str.contains("suspect").any()
    assert counts["note"].str.contains("sentencing court, not home address").all()
