"""Per-area views: which figure a page opens on, breakdowns kept apart, 2017 never joined, missing files named."""
from __future__ import annotations

import sys
from datetime import date

import pandas as pd
import pytest

from figures import per_area
from figures.indicators import trend
from indicators import bundled_custody
from indicators.catalogue import SENTENCING_INDICATORS, get_indicator
from indicators.periods import NEW_METHOD, OLD_METHOD, cohort_method
from indicators.store import IndicatorStore

SOURCE = [{"source_id": "test_set", "title": "Test set", "publisher": "tests", "vintage": "2099", "licence": "n/a"}]


@pytest.fixture(scope="module")
def bundled() -> IndicatorStore:
    """The bundled store, read once for these tests."""
    return IndicatorStore.bundled()


def _rows(rows: list[tuple]) -> pd.DataFrame:
    """Made-up tidy rows for these tests only: (area, layer, period, indicator, breakdown, value, num, den)."""
    return pd.DataFrame([{"area_code": a, "layer": layer, "period": p, "indicator": i, "breakdown": b, "value": v,
                          "numerator": n, "denominator": d, "source_id": "test_set"}
                         for a, layer, p, i, b, v, n, d in rows])


def test_reoffending_measures_leave_sentencing_out_and_put_proven_reoffending_first(bundled):
    assert not set(per_area.reoffending_indicators(bundled)) & set(SENTENCING_INDICATORS)
    assert "reconviction_rate_1yr_custody" in per_area.reoffending_indicators(bundled)
    store = bundled.with_extra(_rows([("E23000013", "police_force_area", "2099", "proven_reoffending_rate", "Adult",
                                       30.0, 30.0, 100.0)]), SOURCE)
    assert per_area.reoffending_indicators(store)[0] == "proven_reoffending_rate"
    assert per_area.sentencing_indicators(bundled) == ["immediate_custody_sentences",
                                                       "immediate_custody_under_6_months", "immediate_custody_rate"]


def test_the_bundled_store_opens_on_the_regions_not_on_a_fragment(bundled, atlas):
    assert per_area.has_area_figures(bundled, "proven_reoffending_rate")
    indicators = per_area.reoffending_indicators(bundled)
    assert per_area.opening_figure(bundled, atlas, indicators) == (
        "proven_reoffending_rate", "Adult", "Apr 2019 to Mar 2020", "region")
    # the fragments cover too little of their layer to open a page, however recent
    fragments = [i for i in indicators if i != "proven_reoffending_rate"]
    assert per_area.opening_figure(bundled, atlas, fragments) is None
    cambridgeshire = per_area.area_figure(bundled, atlas, "local_adult_reoffending_rate", "2008", "police_force_area")
    assert per_area.is_fragment(cambridgeshire) and "historical fragment" in per_area.fragment_note(cambridgeshire)
    assert per_area.sentencing_default(bundled, per_area.sentencing_indicators(bundled)) == (
        "immediate_custody_sentences", "Women (18+)", "2024")
    assert not per_area.has_sentencing_beyond_bundled(bundled)


def test_pointers_name_the_registry_files_and_survive_a_registry_that_cannot_import(monkeypatch):
    from indicators.profiles import proven_reoffending

    text = per_area.proven_reoffending_pointer()
    assert all(name in text for name in proven_reoffending.FILES) and "`python -m indicators import PATH`" in text
    assert "`" not in per_area.proven_reoffending_pointer(markdown=False)
    monkeypatch.setitem(sys.modules, "indicators.profiles.registry", None)  # importing it now raises ImportError
    assert proven_reoffending.FILES[0] in per_area.proven_reoffending_pointer()
    try:
        from indicators.profiles import sentencing_outcomes
    except ImportError:  # the sentencing profile has not landed: the pointer still names MoJ's file
        assert "'Outcomes by offence' CSV" in per_area.sentencing_pointer()
    else:
        assert sentencing_outcomes.FILES[0] in per_area.sentencing_pointer()


def test_the_england_and_wales_comparator_uses_the_same_breakdown(atlas, bundled):
    store = bundled.with_extra(_rows([
        ("E23000013", "police_force_area", "Jan 2099 to Mar 2099", "proven_reoffending_rate", "Adult", 30, 30, 100),
        ("E23000014", "police_force_area", "Jan 2099 to Mar 2099", "proven_reoffending_rate", "Adult", 20, 40, 200),
        ("K04000001", "national", "Jan 2099 to Mar 2099", "proven_reoffending_rate", "Adult", 25, None, None),
        ("K04000001", "national", "Jan 2099 to Mar 2099", "proven_reoffending_rate", "", 45, None, None)]), SOURCE)
    adults = per_area.area_figure(store, atlas, "proven_reoffending_rate", "Jan 2099 to Mar 2099",
                                  "police_force_area", "Adult")
    assert adults.p0 == 0.25 and adults.reference == "England and Wales (Jan 2099 to Mar 2099, Adult)"
    assert len(adults.shown) == 2 and list(adults.national["value"]) == [25.0]
    everyone = per_area.area_figure(store, atlas, "proven_reoffending_rate", "Jan 2099 to Mar 2099",
                                    "police_force_area", "")
    assert everyone.shown.empty and everyone.p0 == 0.45


def test_one_area_is_no_reference_for_itself(atlas, bundled):
    figure = per_area.area_figure(bundled, atlas, "local_adult_reoffending_rate", "2008", "police_force_area")
    assert len(figure.shown) == 1 and figure.p0 is None and "Against the funnel limits" not in figure.ranked


def test_trend_lines_split_at_october_2017_and_keep_one_area(atlas, bundled):
    periods = ["Apr 2016 to Mar 2017", "Jul 2017 to Sep 2017", "Oct 2017 to Dec 2017", "Jan 2018 to Mar 2018"]
    store = bundled.with_extra(_rows(
        [("E23000013", "police_force_area", p, "proven_reoffending_rate", "Adult", 30 + n, 30 + n, 100)
         for n, p in enumerate(periods)]), SOURCE)
    lines = per_area.trend_lines(store, atlas, "proven_reoffending_rate", "police_force_area", "Adult", "E23000013")
    cleveland = lines[lines["series"].str.startswith("Cleveland")]
    assert list(cleveland["period"]) == periods and list(cleveland["value"]) == [30, 31, 32, 33]
    # by length: "Jul 2017 to Sep 2017" is a 3-month cohort, though it starts before October 2017
    assert list(cleveland["series"]) == [f"Cleveland — {OLD_METHOD}"] + [f"Cleveland — {NEW_METHOD}"] * 3
    # England and Wales only from the area's own source: the bundled headlines are another measure
    assert not lines["series"].str.startswith("England and Wales").any()
    for _, group in lines.groupby("series"):
        assert len({cohort_method(p) for p in group["period"]}) == 1


def test_national_headlines_keep_breakdowns_and_methods_apart(bundled):
    table = per_area.national_headlines(bundled)
    juveniles = table[table["measure"] == "Proven reoffending rate (juveniles)"]
    assert list(juveniles["period"]) == ["Apr 2013 to Mar 2014", "Oct 2018 to Dec 2018", "Jul 2019 to Sep 2019",
                                         "Apr 2023 to Jun 2023"]
    assert list(juveniles["method"]) == [OLD_METHOD, NEW_METHOD, NEW_METHOD, NEW_METHOD]
    undated = table[table["method"] == ""]
    assert set(undated["period"]) >= {"2008 (cohort not stated)", "PRT (year not stated)"}
    assert (undated["series"] == undated["measure"]).all()


def test_women_custody_figure_marks_the_city_inside_the_met_and_flags_2017(atlas, bundled):
    figure = per_area.area_figure(bundled, atlas, "immediate_custody_sentences", "2017", "police_force_area",
                                  bundled_custody.BREAKDOWN)
    table = figure.table.set_index("area_code")
    assert pd.isna(table.at["E23000034", "value"]) and table.at["E23000034", "note"] == per_area.CITY_OF_LONDON_NOTE
    assert figure.flags == {"2017": bundled_custody.SUSPECT_NOTE}
    assert {"Numerator", "Denominator", "Small cohort"}.isdisjoint(figure.ranked.columns)
    numbers = per_area.area_summary(figure)
    rows = bundled.select("immediate_custody_sentences", "2017", bundled_custody.BREAKDOWN)
    assert numbers["areas"] == 42 and numbers["total"] == rows["value"].sum()
    rate = per_area.area_figure(bundled, atlas, "immediate_custody_rate", "2024", "police_force_area",
                                bundled_custody.BREAKDOWN)
    assert per_area.area_summary(rate)["total"] != per_area.area_summary(rate)["total"]  # NaN: rates never added


def test_trend_figure_orders_periods_in_time_and_marks_flagged_ones():
    series = pd.DataFrame({"series": ["A — x", "A — x", "A — y", "B"], "value": [1.0, 2.0, 3.0, 4.0],
                           "period": ["Oct 2016 to Sep 2017", "Apr 2016 to Mar 2017", "Oct 2018 to Dec 2018",
                                      "Jul 2019 to Sep 2019"]})
    figure = trend(series, get_indicator("proven_reoffending_rate"), flags={"Apr 2016 to Mar 2017": "suspect"})
    assert figure.layout.xaxis.type == "date"  # spaced by time: every period names its months
    first, second, other = figure.data
    assert list(first.x) == [date(2016, 9, 30), date(2017, 4, 1)] and list(first.text) == ["⚑", ""]
    assert "Apr 2016 to Mar 2017" in first.hovertext[0]
    assert "⚑ suspect" in first.hovertext[0]
    # Two parts of one series share colour and marker and differ in dash; another series differs in colour.
    assert first.line.color == second.line.color and first.line.dash != second.line.dash
    assert first.marker.symbol == second.marker.symbol and other.line.color != first.line.color
    three_parts = series.assign(series=["A — x — s1", "A — x — s1", "A — x — s2", "B"])
    assert [t.name for t in trend(three_parts, get_indicator("proven_reoffending_rate")).data] == [
        "A — x — s1", "A — x — s2", "B"]


def test_quarterly_and_annual_cohorts_are_spaced_by_time_and_unknown_periods_fall_back_to_categories():
    series = pd.DataFrame({"series": ["A", "A", "B", "B"], "value": [1.0, 2.0, 3.0, 4.0],
                           "period": ["Jan 2022 to Dec 2022", "Jan 2023 to Dec 2023", "Jan 2023 to Mar 2023",
                                      "Apr 2023 to Jun 2023"]})
    annual, quarterly = trend(series, get_indicator("proven_reoffending_rate")).data
    year_apart = (annual.x[1] - annual.x[0]).days
    quarter_apart = (quarterly.x[1] - quarterly.x[0]).days
    assert 364 <= year_apart <= 366 and 89 <= quarter_apart <= 92  # a quarter sits a quarter from the next
    assert quarterly.x[0] == date(2023, 2, 15)  # the middle of January to March 2023
    years = trend(series.assign(period=["2023", "2024", "2016/17", "2017-18"]), get_indicator("proven_reoffending_rate"))
    assert [list(t.x) for t in years.data] == [[date(2023, 7, 1), date(2024, 7, 1)],
                                               [date(2016, 10, 1), date(2017, 10, 1)]]
    odd = trend(series.assign(period=["2023", "2024", "latest", "2017-18"]), get_indicator("proven_reoffending_rate"))
    assert odd.layout.xaxis.type == "category"  # a period that names no time: no invented date


def test_a_sentencing_trend_never_joins_years_from_two_sources(atlas, bundled):
    # A made-up import that repeats Cleveland's women's count for 2024: it wins that year, and the line breaks.
    store = bundled.with_extra(_rows([("E23000013", "police_force_area", "2024", "immediate_custody_sentences",
                                       bundled_custody.BREAKDOWN, 1.0, None, None)]), SOURCE)
    lines = per_area.trend_lines(store, atlas, "immediate_custody_sentences", "police_force_area",
                                 bundled_custody.BREAKDOWN, "E23000013", split_sources=True)
    by_series = lines.groupby("series")["period"].apply(list).to_dict()
    assert by_series["Cleveland — Test set"] == ["2024"]
    compiled = next(name for name in by_series if name != "Cleveland — Test set")
    assert compiled.startswith("Cleveland — Women sentenced") and by_series[compiled] == [str(y) for y in range(2014, 2024)]
    joined = per_area.trend_lines(store, atlas, "immediate_custody_sentences", "police_force_area",
                                  bundled_custody.BREAKDOWN, "E23000013")
    assert set(joined["series"]) == {"Cleveland"} and len(joined) == 11
