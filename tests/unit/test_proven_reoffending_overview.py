"""The proven reoffending overview data tool profile, on made-up files in its layout, and the bundled regions."""
from __future__ import annotations

import json

import pytest

from indicators.importer import Context, import_path
from indicators.profiles import proven_reoffending, proven_reoffending_overview
from indicators.profiles.registry import detect
from tests.official_fixtures.proven_reoffending_overview import HEADER, overview_rows, write_overview_csv

LONDON, NORTH_EAST, WALES, ENGLAND_AND_WALES = "E12000007", "E12000001", "W92000004", "K04000001"


@pytest.fixture(scope="module")
def context(atlas) -> Context:
    return Context(atlas)


def _figure(result, code, period, breakdown):
    rows = result.rows
    hit = rows[(rows["area_code"] == code) & (rows["period"] == period) & (rows["breakdown"] == breakdown)]
    assert len(hit) == 1, (code, period, breakdown)
    return hit.iloc[0]


def _counts(rows, group, cohort, region, ages=None):
    chosen = [r for r in rows if r[0] == group and r[1] == cohort and r[2] == region and (ages is None or r[4] in ages)]
    return sum(int(r[7]) for r in chosen), sum(int(r[6]) for r in chosen)


def test_the_overview_layout_is_recognised_and_not_taken_for_the_geographic_tool():
    assert detect(HEADER) is proven_reoffending_overview
    assert not proven_reoffending.matches(HEADER)
    assert not proven_reoffending_overview.matches(["Cohort", "Category", "Adult / Juvenile", "Geography", "offenders",
                                                    "reoffenders"])


def test_age_bands_are_breakdowns_and_groups_pool_their_counts(context, tmp_path):
    rows = overview_rows()
    result = import_path(write_overview_csv(tmp_path / "overview.csv", rows), context=context)[0]
    assert result.profile == "proven_reoffending_overview" and result.refused.empty
    period = "Apr 2019 to Mar 2020"
    band = _figure(result, LONDON, period, "Adult · aged 25 to 29")
    assert (band["numerator"], band["denominator"]) == _counts(rows, "Adult", period, "London", {"25 to 29"})
    adults = _figure(result, LONDON, period, "Adult")
    assert (adults["numerator"], adults["denominator"]) == _counts(rows, "Adult", period, "London")
    assert adults["value"] == pytest.approx(adults["numerator"] / adults["denominator"] * 100)
    everyone = _figure(result, WALES, period, "")
    adult_n, adult_d = _counts(rows, "Adult", period, "Wales")
    juvenile_n, juvenile_d = _counts(rows, "Juvenile", period, "Wales")
    assert (everyone["numerator"], everyone["denominator"]) == (adult_n + juvenile_n, adult_d + juvenile_d)
    national = _figure(result, ENGLAND_AND_WALES, period, "Juvenile")
    assert national["layer"] == "national"
    assert (national["numerator"], national["denominator"]) == _counts(rows, "Juvenile", period, "England and Wales")


def test_regions_are_never_added_into_england_and_wales(context, tmp_path):
    rows = [r for r in overview_rows() if r[2] != "England and Wales"]
    rows.append(["Adult", "Apr 2019 to Mar 2020", "Atlantis", "Age total", "18 to 20", "-", "100", "30", "90"])
    result = import_path(write_overview_csv(tmp_path / "overview.csv", rows), context=context)[0]
    assert ENGLAND_AND_WALES not in set(result.rows["area_code"])
    assert any("never added up" in note for note in result.notes)
    assert "not a region" in result.refused.loc[result.refused["value"] == "Atlantis", "reason"].iloc[0]


def test_the_bundled_regional_series_is_listed_for_9_regions_12_cohorts_adults_and_juveniles(capsys):
    from indicators.__main__ import main

    assert main(["list", "--json"]) == 0
    loaded = [item for item in json.loads(capsys.readouterr().out)["loaded"]
              if item["indicator"] == "proven_reoffending_rate" and item["layer"] == "region"]
    for breakdown in ("Adult", "Juvenile"):
        mine = [item for item in loaded if item["breakdown"] == breakdown]
        assert len({item["period"] for item in mine}) == 12 and {item["areas"] for item in mine} == {9}


def test_bundled_regions_match_the_provenance_spot_check():
    from indicators.bundled import regional_reoffending

    rows = regional_reoffending()
    london = rows[(rows["area_code"] == LONDON) & (rows["period"] == "Apr 2019 to Mar 2020")].set_index("breakdown")
    assert (london.at["Adult", "numerator"], london.at["Adult", "denominator"]) == (12995, 51071)
    assert (london.at["Juvenile", "numerator"], london.at["Juvenile", "denominator"]) == (1574, 4022)
    assert WALES not in set(rows["area_code"]) and ENGLAND_AND_WALES not in set(rows["area_code"])


def test_the_csv_format_of_data_tools_zip_reads_the_geographic_and_the_overview_tool(atlas, context, tmp_path):
    import zipfile

    from tests.official_fixtures.proven_reoffending import geographic_rows, write_geographic_csv

    overview = write_overview_csv(tmp_path / "overview.csv", overview_rows())
    geographic = write_geographic_csv(tmp_path / "geographic.csv", geographic_rows(atlas))
    archive = tmp_path / "proven_reoffending_csv_format_of_data_tools.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(overview, "PRSQ_Overview_data_April 2018 to March 2020.csv")
        out.write(geographic, "PRSQ_Geographic_data_April 2016 to Dec 2017.csv")
    results = import_path(archive, context=context)
    assert sorted(r.profile for r in results) == ["proven_reoffending_geographic", "proven_reoffending_overview"]
    assert all(r.ok and r.refused.empty for r in results)
