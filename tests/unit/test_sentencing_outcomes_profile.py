"""The "Outcomes by offence" sentencing profile and its band rules, on made-up files in the published layout."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from geo.registry import LAYERS
from indicators.population_by_age import POPULATION_FILE, population_by_age
from indicators.profiles import sentencing_outcomes as profile
from indicators.schema import validate as schema_validate
from indicators.sentence_bands import is_ambiguous, is_under, parse_band, read_bands, straddles
from indicators.upload_validation import AreaIndex, normalise_name
from tests.official_fixtures.sentencing_outcomes import (
    AGE_GROUPS,
    BANDS,
    HEADER,
    OUTCOMES,
    SEXES,
    SMALL_EXPECTED,
    SMALL_NOT_KNOWN_PEOPLE,
    SMALL_ROWS,
    SMALL_UNKNOWN_AREA,
    outcome_row,
    write_outcomes_csv,
    write_rows,
)

AVON, DYFED, MET, CITY, KENT = "E23000036", "W15000004", "E23000001", "E23000034", "E23000032"
# A made-up population, so rates are checked against numbers known here (not read through the module under test).
POPULATION = pd.DataFrame({"10+": [1000.0, 2000.0, 500.0, 400.0], "10-17": [100.0, 200.0, 50.0, 40.0],
                           "18-20": [50.0, 80.0, 20.0, 10.0], "21+": [850.0, 1720.0, 430.0, 350.0]},
                          index=pd.Index([AVON, DYFED, MET, CITY], name="area_code"))


@pytest.fixture(scope="module")
def areas(atlas) -> AreaIndex:
    return AreaIndex(atlas.areas[["layer", "area_code", "area_name"]], {layer.id: layer.name for layer in LAYERS})


def _run(tmp_path: Path, areas: AreaIndex, rows, header=HEADER, name="sentence_outcomes_2017_2024.csv", **kwargs):
    path = write_rows(tmp_path / name, rows, header, **{k: kwargs.pop(k) for k in ("before", "encoding") if k in kwargs})
    return profile.run(path, file_name=name, sha256="ab" * 32, areas=areas, population=POPULATION, **kwargs)


def _figure(result, code: str, period: str, breakdown: str, indicator: str) -> pd.Series:
    rows = result.rows
    hit = rows[(rows["area_code"] == code) & (rows["period"] == period) & (rows["breakdown"] == breakdown)
               & (rows["indicator"] == indicator)]
    assert len(hit) == 1, (code, period, breakdown, indicator, len(hit))
    return hit.iloc[0]


def _value(result, code, period, breakdown, indicator) -> float:
    return float(_figure(result, code, period, breakdown, indicator)["value"])


def _refusal(result, value: str) -> str:
    hits = result.refused[result.refused["value"] == value]
    assert len(hits) == 1, (value, result.refused.to_dict("records"))
    return hits.iloc[0]["reason"]


# ---- band rules -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "under_6", "under_12", "under_24"), [
    ("Up to and including 1 month", True, True, True),
    ("More than 1 month and up to 2 months", True, True, True),
    ("More than 2 months and less than 3 months", True, True, True),
    ("3 months", True, True, True),
    ("6 months", False, True, True),
    ("More than 6 months and less than 12 months", False, True, True),
    ("12 months", False, False, True),
    ("More than 12 months and up to 18 months", False, False, True),
    ("More than 2 years and up to 3 years", False, False, False),
    ("4 years", False, False, False),
    ("More than 10 years and less than 15 years", False, False, False),
    ("Life", False, False, False),
    ("Indeterminate sentence", False, False, False),
    ("Indeterminate - imprisonment for public protection", False, False, False),
    ("07: Custody - More than 6 months and up to and including 9 months", False, True, True),
    ("Over 1 month and up to and including 2 months", True, True, True),
    ("More than 3 months and under 6 months", True, True, True),
    ("More than 15 years and less than life", False, False, False),
])
def test_band_rules_place_each_published_text(text, under_6, under_12, under_24):
    band = parse_band(text)
    assert band.kind in ("length", "life"), band
    assert [is_under(band, months) for months in (6, 12, 24)] == [under_6, under_12, under_24]


def test_band_thresholds_include_or_exclude_the_bound_as_written():
    assert is_under(parse_band("Up to and including 6 months"), 6) is False  # 6 months is not below 6
    assert is_under(parse_band("Less than 6 months"), 6) is True
    assert is_ambiguous(parse_band("Up to 6 months"), 6) and is_under(parse_band("Up to 6 months"), 6) is False
    settled = read_bands(["More than 3 months and up to 6 months", "6 months", "More than 18 months and up to 2 years",
                          "More than 2 years and up to 3 years"])
    assert is_under(settled["More than 3 months and up to 6 months"], 6) is True  # "6 months" is its own band
    # no 2-year band, and the next starts "More than 2 years": 2-year sentences are in it, so not under 24
    assert is_under(settled["More than 18 months and up to 2 years"], 24) is False
    assert not is_ambiguous(settled["More than 18 months and up to 2 years"], 24)
    assert is_under(parse_band("Up to and including 5 months"), 6) is True
    assert parse_band("4 years").high == 48 and parse_band("More than 18 months and up to 2 years").high == 24
    assert straddles(parse_band("More than 3 months and up to and including 9 months"), 6)
    assert not straddles(parse_band("6 months"), 6)


@pytest.mark.parametrize("text", ["Not applicable", "N/A", "", "-", None])
def test_non_custodial_values_are_not_lengths(text):
    band = parse_band(text)
    assert band.kind == "not_custodial"
    assert is_under(band, 6) is None


@pytest.mark.parametrize("text", ["Something odd", "Not known", "5", "Between 3 and 6 months"])
def test_texts_the_rules_cannot_read_are_unplaced_with_a_reason(text):
    band = parse_band(text)
    assert band.kind == "unplaced" and band.why
    assert is_under(band, 6) is None


# ---- header -----------------------------------------------------------------------------------------------------

def test_the_layout_is_recognised_from_its_header():
    assert profile.matches(list(HEADER))
    assert profile.matches(["YEAR ", "sex", "Age group", "Police force area", "Offence", "Sentence outcome",
                            "Custodial sentence length", "Number sentenced", "Notes"])
    assert not profile.matches(["Year", "Sex", "Police Force Area", "Sentenced"])
    assert not profile.matches(["Cohort", "Category", "Adult / Juvenile", "Geography", "offenders", "reoffenders"])


def test_a_file_without_the_columns_is_refused_naming_them(tmp_path, areas):
    header = ("Year", "Sex", "Police Force Area", "Count")
    with pytest.raises(profile.LayoutError) as error:
        _run(tmp_path, areas, [("2019", "Male", "Kent", "3")], header=header)
    message = str(error.value)
    assert "Age Group" in message and "Sentence Outcome" in message and "Custodial Sentence Length" in message
    assert isinstance(error.value, ValueError)


def test_aliases_extra_columns_other_order_and_title_lines(tmp_path, areas):
    header = ("Notes", "Police force area", "Year of appearance", "Sex", "Age group", "Outcome",
              "Custodial sentence length", "Count")
    rows = [("x", "Kent", "2021", "Female", "Adults", "Immediate custody", "6 months", "2"),
            ("y", "Kent", "2021", "Male", "Adults", "Fine", "", "5")]
    result = _run(tmp_path, areas, rows, header=header, before=["Table 1: made up", ""])
    assert _value(result, KENT, "2021", "", "people_sentenced") == 7
    assert _value(result, KENT, "2021", "Women", "immediate_custody_under_12_months") == 2
    assert "header on line 3" in result.notes[0]


# ---- the small file: totals known by construction ---------------------------------------------------------------

@pytest.fixture(scope="module")
def small(tmp_path_factory, areas):
    return _run(tmp_path_factory.mktemp("small"), areas, SMALL_ROWS)


@pytest.mark.parametrize(("key", "indicator", "expected"), [
    (key, indicator, value) for key, figures in SMALL_EXPECTED.items() for indicator, value in figures.items()])
def test_small_file_figures_equal_the_known_totals(small, key, indicator, expected):
    code, period, breakdown = key
    assert _value(small, code, period, breakdown, indicator) == expected


def test_rows_go_to_their_force_areas_and_periods(small):
    assert set(small.rows["area_code"]) == {AVON, DYFED}  # 'Dyfed Powys' spelt without the hyphen still placed
    assert set(small.rows["period"]) == {"2019", "2020"}
    assert set(small.rows["layer"]) == {"police_force_area"}
    assert set(small.rows["breakdown"]) == {"", "Women", "Men", "Children (10-17)", "Young adults (18-20)",
                                            "Adults (21+)", "Women (18+)"}


def test_not_known_area_is_counted_and_reported_never_spread(small):
    reason = _refusal(small, "Not known")
    assert f"{SMALL_NOT_KNOWN_PEOPLE} people" in reason and "1 rows" in reason
    everyone = small.rows[(small.rows["indicator"] == "immediate_custody_sentences") & (small.rows["breakdown"] == "")]
    assert everyone["value"].sum() == 18 + 6 + 3  # the 9 custody sentences of "Not known" are in no area


def test_unknown_area_is_reported_with_its_people(small):
    name, people = SMALL_UNKNOWN_AREA
    assert f"{people} people" in _refusal(small, name)


def test_total_row_is_skipped_and_reported(small):
    assert "total" in _refusal(small, "Total")
    assert small.rows.loc[small.rows["indicator"] == "people_sentenced", "value"].max() < 99999
    people = small.rows[(small.rows["indicator"] == "people_sentenced") & (small.rows["breakdown"] == "")]
    assert people["value"].sum() == 58 + 1206 + 3


def test_breakdowns_are_kept_apart(small):
    women = _value(small, AVON, "2019", "Women", "people_sentenced")
    men = _value(small, AVON, "2019", "Men", "people_sentenced")
    assert (women, men) == (22, 33)
    assert women + men + 3 == _value(small, AVON, "2019", "", "people_sentenced")  # 3 of sex not known
    ages = sum(_value(small, AVON, "2019", b, "people_sentenced")
               for b in ("Children (10-17)", "Young adults (18-20)", "Adults (21+)"))
    assert ages == 58


def test_thousands_separator_in_a_count(small):
    assert _value(small, AVON, "2020", "", "people_sentenced") == 1206


def test_custody_share_numerator_and_denominator(small):
    share = _figure(small, AVON, "2019", "", "immediate_custody_share")
    assert (share["numerator"], share["denominator"]) == (18, 58)
    assert share["value"] == pytest.approx(100 * 18 / 58)
    women = _figure(small, AVON, "2019", "Women", "immediate_custody_share")
    assert (women["numerator"], women["denominator"]) == (7, 22)


def test_custody_rate_uses_the_matching_population(small):
    rate = _figure(small, AVON, "2019", "", "immediate_custody_rate")
    assert (rate["numerator"], rate["denominator"]) == (18, 1000)
    assert rate["value"] == pytest.approx(1800.0)
    adults = _figure(small, AVON, "2019", "Adults (21+)", "immediate_custody_rate")
    assert (adults["numerator"], adults["denominator"]) == (17, 850)
    young = _figure(small, AVON, "2019", "Young adults (18-20)", "immediate_custody_rate")
    assert (young["numerator"], young["denominator"]) == (1, 50)
    children = _figure(small, AVON, "2019", "Children (10-17)", "immediate_custody_rate")
    assert (children["numerator"], children["denominator"]) == (0, 100)


def test_no_rate_by_sex_and_other_years_marked_estimates(small):
    rates = small.rows[small.rows["indicator"] == "immediate_custody_rate"]
    assert not rates["breakdown"].isin(["Women", "Men", "Women (18+)"]).any()
    assert rates["is_estimate"].all()  # 2019 and 2020 use the mid-2022 population
    assert rates["note"].str.contains("2022 population is used").all()
    assert any("no split by sex" in note for note in small.notes)


def test_the_band_rule_is_named_in_each_under_figure(small):
    under = small.rows[small.rows["indicator"].str.startswith("immediate_custody_under_")]
    assert under["note"].str.contains("Band rule").all()


def test_rows_fit_the_indicator_schema_and_source_entry(small):
    schema_validate(small.rows, {small.source["source_id"]})
    source = small.source
    assert source["source_id"] == "upload:sentence_outcomes_2017_2024.csv:abababab"
    assert source["vintage"] == "years 2019-2020"
    assert source["licence"] == "Open Government Licence v3.0"
    assert source["publisher"] == "Ministry of Justice (file as downloaded by the user)"
    assert "SENTENCING COURT" in source["caveats"] and "never mix editions" in source["caveats"]
    assert small.rows_read == len(SMALL_ROWS)


# ---- traps ------------------------------------------------------------------------------------------------------

def _kent(sex="Female", age="Adults", outcome="Immediate custody", band="6 months", count=1, year=2022):
    return outcome_row(year, sex, age, "Kent", outcome, band, count)


def test_suppressed_counts_leave_the_figures_they_feed_missing_not_zero(tmp_path, areas):
    rows = [_kent(count=3), _kent(count="*"), _kent(sex="Male", count=4), _kent(sex="Male", outcome="Fine", band="",
                                                                                 count=10),
            outcome_row(2022, "Female", "Adults", "Avon and Somerset", "Immediate custody", "6 months", 2)]
    result = _run(tmp_path, areas, rows)
    for breakdown in ("", "Women", "Women (18+)", "Adults (21+)"):
        for indicator in ("immediate_custody_sentences", "people_sentenced", "immediate_custody_under_12_months"):
            figure = _figure(result, KENT, "2022", breakdown, indicator)
            assert math.isnan(figure["value"]), (breakdown, indicator)
            assert "Left missing, not zero" in figure["note"]
    assert _value(result, KENT, "2022", "Men", "immediate_custody_sentences") == 4  # the suppressed row is a woman's
    assert _value(result, KENT, "2022", "Women", "suspended_sentences") == 0  # it is custody, not suspended
    assert _value(result, AVON, "2022", "", "immediate_custody_sentences") == 2
    assert "suppressed" in _refusal(result, "*")
    rate = _figure(result, KENT, "2022", "", "immediate_custody_share")
    assert math.isnan(rate["value"])


def test_unplaced_band_is_reported_with_rows_and_people_never_dropped(tmp_path, areas):
    rows = [_kent(band="Something odd", count=3), _kent(band="Something odd", count=2), _kent(count=4),
            outcome_row(2022, "Male", "Adults", "Avon and Somerset", "Immediate custody", "3 months", 6)]
    result = _run(tmp_path, areas, rows)
    reason = _refusal(result, "Something odd")
    assert "2 rows" in reason and "5 people" in reason
    assert _value(result, KENT, "2022", "", "immediate_custody_sentences") == 9  # still immediate custody
    assert math.isnan(_value(result, KENT, "2022", "", "immediate_custody_under_6_months"))
    assert _value(result, AVON, "2022", "", "immediate_custody_under_6_months") == 6


def test_unknown_sex_age_and_outcome_texts_are_reported_and_leave_only_their_figures_missing(tmp_path, areas):
    rows = [_kent(sex="Banana", outcome="Fine", band="", count=2), _kent(age="Elders", sex="Male", count=3),
            _kent(outcome="Mystery order", band="", sex="Male", count=4), _kent(count=5)]
    result = _run(tmp_path, areas, rows)
    assert "2 people" in _refusal(result, "Banana")
    assert "3 people" in _refusal(result, "Elders")
    assert "4 people" in _refusal(result, "Mystery order")
    assert _value(result, KENT, "2022", "", "people_sentenced") == 14
    assert math.isnan(_value(result, KENT, "2022", "Women", "people_sentenced"))  # Banana might be a woman
    assert _value(result, KENT, "2022", "Women", "immediate_custody_sentences") == 5  # ... but Banana was fined
    assert math.isnan(_value(result, KENT, "2022", "Adults (21+)", "people_sentenced"))  # Elders might be 21+
    assert _value(result, KENT, "2022", "Children (10-17)", "suspended_sentences") == 0  # Elders: custody
    assert math.isnan(_value(result, KENT, "2022", "", "immediate_custody_sentences"))  # the mystery might be
    assert _value(result, KENT, "2022", "Women (18+)", "community_sentences") == 0  # the mystery row is a man's


def test_london_is_the_met_with_the_city_and_says_so(tmp_path, areas):
    rows = [outcome_row(2022, "Male", "Adults", "London", "Immediate custody", "12 months", 9),
            outcome_row(2022, "Male", "Adults", "Metropolitan", "Fine", "", 1)]
    result = _run(tmp_path, areas, rows)
    figure = _figure(result, MET, "2022", "", "immediate_custody_sentences")
    assert figure["value"] == 9 and "City of London" in figure["note"]
    rate = _figure(result, MET, "2022", "", "immediate_custody_rate")
    assert rate["denominator"] == 500 + 400  # the Met and the City together
    assert not rate["is_estimate"]  # 2022 is the population's own year
    assert any("City of London" in note for note in result.notes)
    assert _value(result, MET, "2022", "", "people_sentenced") == 10


def test_malformed_lines_are_reported_with_their_line_numbers(tmp_path, areas):
    path = tmp_path / "broken.csv"
    write_rows(path, [_kent(count=2)])
    with open(path, "a") as handle:
        handle.write("2022,Male,Adults,Kent,x,y,Fine,,3,extra,cells\r\n")
    result = profile.run(path, file_name="broken.csv", sha256="cd" * 32, areas=areas, population=POPULATION)
    bad = result.refused[result.refused["row"].notna()]
    assert list(bad["row"]) == [3]
    assert _value(result, KENT, "2022", "", "people_sentenced") == 2


def test_latin_1_file_is_read_with_a_note(tmp_path, areas):
    rows = [outcome_row(2022, "Female", "Adults", "Kent", "Immediate custody", "6 months", 2, offence="Café théft")]
    result = _run(tmp_path, areas, rows, encoding="latin-1")
    assert _value(result, KENT, "2022", "", "immediate_custody_sentences") == 2
    assert result.source["encoding"] == "latin-1"


def test_progress_is_reported_up_to_done(tmp_path, areas):
    seen: list[tuple[float, str]] = []
    _run(tmp_path, areas, [_kent()], progress=lambda fraction, words: seen.append((fraction, words)))
    fractions = [fraction for fraction, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and all(words for _, words in seen)


# ---- a random generated file against the generator's own sums ------------------------------------------------------

def test_generated_file_matches_the_generators_totals(tmp_path, areas):
    path = tmp_path / "sentence_outcomes_2017_2024.csv"
    truth = write_outcomes_csv(path, 60_000, seed=7, years=range(2019, 2022), extra_areas=("Atlantis",))
    result = profile.run(path, file_name=path.name, sha256="ef" * 32, areas=areas, population=POPULATION)
    truth = truth[~truth["area"].isin(["Not known", "Atlantis"])].copy()
    truth["code"] = truth["area"].map(lambda name: areas.names["police_force_area"][normalise_name(name)])
    truth["custody"] = truth["outcome"].map(OUTCOMES) == "custody"
    truth["women"] = truth["sex"].map(SEXES) == "women"
    truth["adult"] = truth["age"].map(AGE_GROUPS) == "adults"
    truth["under_6"] = truth["custody"] & truth["band"].map(lambda b: BANDS.get(b, (False,) * 3)[0])
    truth["under_24"] = truth["custody"] & truth["band"].map(lambda b: BANDS.get(b, (False,) * 3)[2])
    for code, year in [(KENT, "2019"), (AVON, "2021"), (DYFED, "2020")]:
        mine = truth[(truth["code"] == code) & (truth["year"] == year)]
        assert _value(result, code, year, "", "people_sentenced") == mine["people"].sum()
        assert _value(result, code, year, "", "immediate_custody_sentences") == mine.loc[mine["custody"], "people"].sum()
        assert _value(result, code, year, "", "immediate_custody_under_6_months") == mine.loc[mine["under_6"],
                                                                                              "people"].sum()
        assert _value(result, code, year, "Women", "immediate_custody_under_24_months") == mine.loc[
            mine["under_24"] & mine["women"], "people"].sum()
        assert _value(result, code, year, "Adults (21+)", "people_sentenced") == mine.loc[mine["adult"], "people"].sum()
    everyone = result.rows[(result.rows["indicator"] == "people_sentenced") & (result.rows["breakdown"] == "")]
    assert everyone["value"].sum() == truth["people"].sum()
    assert result.rows["value"].notna().all()  # nothing suppressed or unplaced in this file


def test_generated_unplaced_band_is_reported_with_the_generators_counts(tmp_path, areas):
    path = tmp_path / "sentence_outcomes_2017_2024.csv"
    truth = write_outcomes_csv(path, 20_000, seed=3, years=(2023,), extra_bands=("99: Something odd",))
    result = profile.run(path, file_name=path.name, sha256="ef" * 32, areas=areas, population=POPULATION)
    odd = truth[(truth["band"] == "99: Something odd") & (truth["area"] != "Not known")]
    assert len(odd) > 0
    assert f"{odd['people'].sum():,} people" in _refusal(result, "99: Something odd")
    hit = set(odd["area"].map(lambda name: areas.names["police_force_area"][normalise_name(name)]))
    under = result.rows[(result.rows["indicator"] == "immediate_custody_under_6_months") & (result.rows["breakdown"] == "")]
    assert set(under.loc[under["value"].isna(), "area_code"]) == hit  # missing exactly where the band occurs
    custody = result.rows[(result.rows["indicator"] == "immediate_custody_sentences") & (result.rows["breakdown"] == "")]
    assert custody["value"].notna().all()  # the unplaced band is still immediate custody


# ---- the population of the rate denominators --------------------------------------------------------------------

def test_population_by_age_adds_up_to_england_and_wales():
    table = population_by_age()
    assert len(table) == 43 and table.index.str.match(r"^(E23|W15)").all()
    from geo.locations import sources_dir

    country = pd.read_csv(sources_dir() / POPULATION_FILE, dtype={"code": str}).set_index("code").loc["K04000001"]
    assert table["10+"].sum() == country["age_10_plus"]
    assert table["10-17"].sum() == country["age_10_17"]
    assert table["21+"].sum() == country["age_18_plus"] - country["age_18_20"]
