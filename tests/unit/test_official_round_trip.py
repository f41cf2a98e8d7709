"""From an official file (made-up numbers, published layout) to the map's table, funnel plot, ranked table and what-if."""
from __future__ import annotations

import math

import pytest

from figures.indicators import funnel, ranked_table
from indicators.catalogue import get_indicator
from indicators.importer import Context, import_path
from indicators.store import IndicatorStore
from scenario.area_population import layer_names
from scenario.baseline import indicator_store_baseline, national_baseline
from tests.official_fixtures.proven_reoffending import COHORTS, geographic_rows, write_geographic_csv
from tests.official_fixtures.sentencing_outcomes import SMALL_ROWS, write_rows

NEW = COHORTS[1]


@pytest.fixture(scope="module")
def context(atlas) -> Context:
    return Context(atlas)


def _store_with(results) -> IndicatorStore:
    store = IndicatorStore.bundled()
    for result in results:
        store = store.with_extra(result.rows, [result.source])
    return store


def test_proven_reoffending_file_to_map_funnel_and_ranked_table(atlas, context, tmp_path):
    path = write_geographic_csv(tmp_path / "PRSQ_Geographic_data.csv", geographic_rows(atlas, force_rows=False))
    store = _store_with(import_path(path, context=context))
    indicator = get_indicator("proven_reoffending_rate")
    view = store.layer_view(atlas, "proven_reoffending_rate", NEW, "police_force_area", "Juvenile")
    assert view.table["value"].notna().sum() == 43 and view.table["denominator"].notna().all()
    national = store.national("proven_reoffending_rate", NEW, "Juvenile").iloc[0]
    p0 = national["value"] / 100
    assert math.isclose(p0, view.table["numerator"].sum() / view.table["denominator"].sum())  # the councils add up
    points = [trace for trace in funnel(view.table, indicator, p0, "England and Wales").data
              if trace.mode == "markers" or getattr(trace, "mode", "") == "markers+text"]
    assert sum(len(trace.x) for trace in points) == 43
    ranked = ranked_table(view.table, indicator, p0, dict(zip(store.catalogue["source_id"], store.catalogue["title"])))
    assert len(ranked) == 43 and ranked["Against the funnel limits"].notna().all()
    worst = view.table.loc[view.table["value"].idxmax(), "area_code"]
    assert ranked.iloc[0]["Code"] == worst and str(ranked.iloc[0]["Rank"]) == "1"  # higher reoffending first


def test_sentencing_file_to_the_what_if_baseline_per_cohort(atlas, context, tmp_path):
    path = write_rows(tmp_path / "sentence_outcomes_2017_2024.csv", SMALL_ROWS)
    results = import_path(path, context=context)
    store = _store_with(results)
    base = indicator_store_baseline(national_baseline(), store, "police_force_area",
                                    layer_names(atlas, "police_force_area"), atlas)
    assert base.cohorts == ("short_sentence", "women", "young_offenders")
    # Under-24-month custody, latest year imported (2020): only Avon and Somerset has a 2020 row (a 4-year sentence).
    assert base.area_codes == ("E23000036",)
    women_2024 = store.select("immediate_custody_sentences", "2024", "Women (18+)").set_index("area_code")["value"]
    assert base.receptions.tolist() == [[0.0, women_2024["E23000036"], 0.0]]
    assert results[0].source["source_id"] in base.method and "sentences to immediate custody under 24 months, 2020" in base.method


def test_formula_cells_in_an_official_file_are_refused_never_read_as_numbers(atlas, context, tmp_path):
    rows = geographic_rows(atlas)
    target = next(r for r in rows if r[1] == "LTLA total" and r[3] == "Maidstone" and r[2] == "Adult")
    target[4] = "=SUM(A1:A9)"
    result = import_path(write_geographic_csv(tmp_path / "prsq.csv", rows), context=context)[0]
    refused = result.refused[result.refused["value"] == "=SUM(A1:A9)"]
    assert len(refused) == 1 and "formula" in refused.iloc[0]["reason"]
    maidstone = result.rows[(result.rows["area_code"] == "E07000110") & (result.rows["breakdown"] == "Adult")
                            & (result.rows["period"] == target[0])]
    assert maidstone.empty


@pytest.mark.parametrize("suffix, engine", [(".xlsx", "openpyxl"), (".ods", "odf")])
def test_the_data_tool_as_a_workbook_is_read_from_its_table_sheet(atlas, context, tmp_path, suffix, engine):
    import pandas as pd

    from tests.official_fixtures.proven_reoffending import HEADER

    rows = geographic_rows(atlas)
    table = pd.DataFrame(rows, columns=HEADER)
    path = tmp_path / f"Geographical_data_tool{suffix}"
    with pd.ExcelWriter(path, engine=engine) as book:
        pd.DataFrame({"Proven reoffending statistics": ["Geographical data tool", "Made-up test figures"]}).to_excel(
            book, sheet_name="Cover", index=False)
        pd.DataFrame({"Notes": ["Cohorts changed in October 2017."]}).to_excel(book, sheet_name="Notes", index=False)
        table.to_excel(book, sheet_name="Data", index=False)
    result = import_path(path, context=context)[0]
    assert result.profile == "proven_reoffending_geographic" and result.refused.empty
    forces = result.rows[(result.rows["layer"] == "police_force_area") & (result.rows["breakdown"] == "Adult")]
    assert forces.groupby("period")["area_code"].nunique().to_dict() == {period: 43 for period in COHORTS}
