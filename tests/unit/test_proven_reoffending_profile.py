"""The proven reoffending geographic data tool profile, on made-up files in the published layout."""
from __future__ import annotations

import math

import pytest

from geo.registry import LAYERS
from indicators.council_names import council_names
from indicators.periods import NEW_METHOD, OLD_METHOD
from indicators.probation_names import add_probation_names
from indicators.profiles import proven_reoffending as profile
from indicators.store import IndicatorStore
from indicators.upload import read_upload
from indicators.upload_validation import AreaIndex
from tests.official_fixtures.proven_reoffending import (
    COHORTS,
    HEADER,
    MERGED,
    district_counts,
    geographic_rows,
    write_geographic_csv,
)

OLD, NEW = COHORTS


@pytest.fixture(scope="module")
def context(atlas):
    areas = AreaIndex(atlas.areas[["layer", "area_code", "area_name"]], {layer.id: layer.name for layer in LAYERS})
    return areas, council_names(atlas)


def _run(atlas, context, tmp_path, rows, header=HEADER, name="PRSQ_Geographic_data_April 2016 to Dec 2017.csv"):
    path = write_geographic_csv(tmp_path / "prsq.csv", rows, header)
    raw = read_upload(name, path.read_bytes(), max_rows=1_000_000)
    areas, councils = context
    return profile.run(raw, atlas=atlas, areas=areas, councils=councils)


def _expected(atlas, cohort, group, codes):
    counts = district_counts(atlas)
    groups = ("Adult", "Juvenile") if group == "" else (group,)
    offenders = sum(counts[cohort, g, c][0] for g in groups for c in codes)
    reoffenders = sum(counts[cohort, g, c][1] for g in groups for c in codes)
    return offenders, reoffenders


def _figure(result, layer, code, period, breakdown):
    rows = result.rows
    hit = rows[(rows["layer"] == layer) & (rows["area_code"] == code) & (rows["period"] == period)
               & (rows["breakdown"] == breakdown)]
    assert len(hit) == 1, (layer, code, period, breakdown, len(hit))
    return hit.iloc[0]


def test_the_layout_is_recognised_from_its_header():
    assert profile.matches(HEADER)
    assert not profile.matches(["Cohort", "Geography", "offenders"])
    assert profile.matches([" cohort ", "CATEGORY", "Adult/Juvenile", "Geography", "Offenders", "Reoffenders"])


def test_every_row_goes_to_the_layer_its_kind_of_geography_names(atlas, context, tmp_path):
    result = _run(atlas, context, tmp_path, geographic_rows(atlas))
    assert result.refused.empty, result.refused.head().to_string()
    counts = result.rows.groupby(["layer", "period", "breakdown"])["area_code"].nunique()
    for breakdown in ("Adult", "Juvenile", ""):
        for period in COHORTS:
            assert counts["district", period, breakdown] == 348
            assert counts["county", period, breakdown] == 27
            assert counts["police_force_area", period, breakdown] == 43
            assert counts["region", period, breakdown] == 10
            assert counts["national", period, breakdown] == 1


def test_adults_and_juveniles_are_kept_apart_and_added_for_everyone(atlas, context, tmp_path):
    result = _run(atlas, context, tmp_path, geographic_rows(atlas))
    blocks = atlas.block_table
    kent = blocks.index[blocks["police_force_area"] == "E23000032"]
    for group in ("Adult", "Juvenile", ""):
        offenders, reoffenders = _expected(atlas, NEW, group, kent)
        row = _figure(result, "police_force_area", "E23000032", NEW, group)
        assert (row["denominator"], row["numerator"]) == (offenders, reoffenders)
        assert math.isclose(row["value"], reoffenders / offenders * 100)
    adult = _figure(result, "district", "E07000112", OLD, "Adult")
    juvenile = _figure(result, "district", "E07000112", OLD, "Juvenile")
    assert adult["denominator"] != juvenile["denominator"]


def test_cohorts_are_periods_labelled_by_their_side_of_the_2017_method_change(atlas, context, tmp_path):
    rows = geographic_rows(atlas)
    for row in rows:
        row[0] = row[0].replace("Apr 2016 to Mar 2017", "April 2016 - March 2017")
    result = _run(atlas, context, tmp_path, rows)
    assert set(result.rows["period"]) == {OLD, NEW}
    old_notes = result.rows.loc[result.rows["period"] == OLD, "note"]
    new_notes = result.rows.loc[result.rows["period"] == NEW, "note"]
    assert old_notes.str.contains(OLD_METHOD, regex=False).all()
    assert new_notes.str.contains(NEW_METHOD, regex=False).all()
    assert any("12-month and 3-month cohorts" in note for note in result.notes)


def test_probation_rows_under_mojs_own_spellings_land_on_their_areas(atlas, tmp_path):
    """CRC and NPS rows as MoJ spells them (contract names, misspellings) go to the atlas's CRCs and divisions."""
    plain = AreaIndex(atlas.areas[["layer", "area_code", "area_name"]], {layer.id: layer.name for layer in LAYERS})
    areas = add_probation_names(AreaIndex(atlas.areas[["layer", "area_code", "area_name"]],
                                          {layer.id: layer.name for layer in LAYERS}))
    cohort = NEW
    spelt = {"Hampshire CRC": "CPA15", "West Mercia and Warwickshire CRC": "CPA12",
             "North Yorkshire, Humberside and Lincolnshire CRC": "CPA04", "SouthYorkshire CRC": "CPA08",
             "Durham and Cleveland CRC": "CPA03", "Gloucetsershire, Avon and Somerset and Wiltshire CRC": "CPA13",
             "NPS South West": "nps_south_west_and_south_central", "NPS Wales": "nps_wales"}
    rows = [[cohort, "NPS division" if name.startswith("NPS") else "CRC", "Adult", name, "1,000", "300", "900"]
            for name in spelt]
    path = write_geographic_csv(tmp_path / "prsq.csv", rows)
    raw = read_upload("PRSQ_Geographic_data.csv", path.read_bytes(), max_rows=1_000)
    result = profile.run(raw, atlas=atlas, areas=areas, councils=council_names(atlas))
    placed = set(zip(result.rows["layer"], result.rows["area_code"]))
    assert {("crc" if code.startswith("CPA") else "nps_division", code) for code in spelt.values()} <= placed
    assert result.refused.empty
    # Without MoJ's spellings the renamed CRCs are refused: the names, not the rows, were the problem.
    bare = profile.run(raw, atlas=atlas, areas=plain, councils=council_names(atlas))
    assert ("crc", "CPA15") not in set(zip(bare.rows["layer"], bare.rows["area_code"]))


def test_council_names_of_other_vintages_are_placed_and_pooled_into_force_areas(atlas, context, tmp_path):
    rows = geographic_rows(atlas, force_rows=False, merged_names=True, old_names={"E07000112": "Shepway"})
    result = _run(atlas, context, tmp_path, rows)
    assert result.refused.empty, result.refused.head().to_string()
    shepway = _figure(result, "district", "E07000112", NEW, "Adult")
    assert shepway["denominator"] == _expected(atlas, NEW, "Adult", ["E07000112"])[0]
    blocks = atlas.block_table
    for force in ("E23000022", "E23000032", "E23000001"):  # Northamptonshire (merged councils), Kent, the Met
        inside = blocks.index[blocks["police_force_area"] == force]
        row = _figure(result, "police_force_area", force, NEW, "Juvenile")
        assert (row["denominator"], row["numerator"]) == _expected(atlas, NEW, "Juvenile", inside)
        assert "counts added from" in row["note"]
    northamptonshire = _figure(result, "police_force_area", "E23000022", OLD, "Adult")
    assert "North Northamptonshire" in northamptonshire["note"]
    assert not (result.rows["area_code"].isin(MERGED["North Northamptonshire"])).any()  # a merger is never split


def test_suppressed_counts_are_refused_and_left_missing_never_zero(atlas, context, tmp_path):
    rows = geographic_rows(atlas, force_rows=False)
    target = next(r for r in rows if r[1] == "LTLA total" and r[3] == "Maidstone" and r[0] == NEW and r[2] == "Adult")
    target[4] = "*"
    result = _run(atlas, context, tmp_path, rows)
    refused = result.refused
    assert len(refused) == 1 and refused.iloc[0]["value"] == "*" and "suppressed" in refused.iloc[0]["reason"]
    maidstone = result.rows[(result.rows["area_code"] == "E07000110") & (result.rows["period"] == NEW)]
    assert set(maidstone["breakdown"]) == {"Juvenile"}  # no Adult figure, and so no everyone figure either
    kent = _figure(result, "police_force_area", "E23000032", NEW, "Adult")  # built from Kent county instead
    assert "Kent" in kent["note"] and kent["denominator"] == _expected(
        atlas, NEW, "Adult", atlas.block_table.index[atlas.block_table["police_force_area"] == "E23000032"])[0]


def test_unknown_kinds_of_geography_and_areas_are_reported(atlas, context, tmp_path):
    rows = geographic_rows(atlas)
    rows.append([NEW, "Ward total", "Adult", "Somewhere", "100", "20", "40"])
    rows.append([NEW, "LTLA total", "Adult", "Gotham", "100", "20", "40"])
    rows.append([NEW, "PCC total", "Adult", "Thames Vally", "100", "20", "40"])
    result = _run(atlas, context, tmp_path, rows)
    reasons = dict(zip(result.refused["value"], result.refused["reason"]))
    assert "kind of geography" in reasons["Ward total"]
    assert "council not placed" in reasons["Gotham"]
    assert "Thames Valley" in reasons["Thames Vally"]
    assert len(result.rows) > 0


def test_dorset_is_read_by_the_cohort_date(atlas, context):
    _, councils = context
    before, _ = councils.districts("Dorset", "2016-04-01")
    after, _ = councils.districts("Dorset", "2020-04-01")
    assert "E07000048" in before and "E07000048" not in after  # Christchurch went to BCP in April 2019
    neither, why = councils.districts("Dorset")
    assert not neither and "different areas" in why


def test_a_file_in_another_layout_is_refused_with_the_missing_columns(atlas, context, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Cohort,Geography,offenders\nApr 2019 to Mar 2020,Kent,100\n", encoding="utf-8")
    raw = read_upload("other.csv", path.read_bytes())
    areas, councils = context
    with pytest.raises(profile.LayoutError, match="reoffenders"):
        profile.run(raw, atlas=atlas, areas=areas, councils=councils)


def test_round_trip_into_the_store_fills_every_layer_and_pools_rates(atlas, context, tmp_path):
    result = _run(atlas, context, tmp_path, geographic_rows(atlas, force_rows=False))
    store = IndicatorStore.bundled().with_extra(result.rows, [result.source])
    assert "Adult" in store.breakdowns("proven_reoffending_rate")
    view = store.layer_view(atlas, "proven_reoffending_rate", NEW, "police_force_area", "Adult")
    assert view.table["value"].notna().sum() == 43
    crc = store.layer_view(atlas, "proven_reoffending_rate", NEW, "crc", "Adult")
    assert crc.table["value"].notna().sum() == 21  # force areas nest in CRCs: pooled, not averaged
    national = store.national("proven_reoffending_rate", NEW, "Adult")
    offenders, reoffenders = _expected(atlas, NEW, "Adult", atlas.block_table.index)
    assert math.isclose(national.iloc[0]["value"], reoffenders / offenders * 100)
