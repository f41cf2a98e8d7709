"""Today's councils on the 2013 blocks: each reorganisation of 2019-2023, and names, codes and postcodes of every vintage."""
from __future__ import annotations

import pytest

from geo.councils import councils_on, reorganisations, today_councils
from geo.stack import PlaceNotFoundError, resolve, stack_for

# Each reorganisation: (day, new council code, name, the 2013 districts it is made of, the county council it replaced)
REORGANISATIONS = [
    ("2019-04-01", "E06000058", "Bournemouth, Christchurch and Poole", {"E06000028", "E06000029", "E07000048"}, "E10000009"),
    ("2019-04-01", "E06000059", "Dorset Council", {"E07000049", "E07000050", "E07000051", "E07000052", "E07000053"},
     "E10000009"),
    ("2020-04-01", "E06000060", "Buckinghamshire", {"E07000004", "E07000005", "E07000006", "E07000007"}, "E10000002"),
    ("2021-04-01", "E06000061", "North Northamptonshire", {"E07000150", "E07000152", "E07000153", "E07000156"},
     "E10000021"),
    ("2021-04-01", "E06000062", "West Northamptonshire", {"E07000151", "E07000154", "E07000155"}, "E10000021"),
    ("2023-04-01", "E06000063", "Cumberland", {"E07000026", "E07000028", "E07000029"}, "E10000006"),
    ("2023-04-01", "E06000064", "Westmorland and Furness", {"E07000027", "E07000030", "E07000031"}, "E10000006"),
    ("2023-04-01", "E06000065", "North Yorkshire",
     {"E07000163", "E07000164", "E07000165", "E07000166", "E07000167", "E07000168", "E07000169"}, "E10000023"),
    ("2023-04-01", "E06000066", "Somerset", {"E07000187", "E07000188", "E07000189", "E07000190", "E07000191"},
     "E10000027"),
]


@pytest.mark.parametrize("day,code,name,blocks,county", REORGANISATIONS, ids=[r[2] for r in REORGANISATIONS])
def test_each_reorganisation_is_an_era_of_whole_2013_districts(atlas, day, code, name, blocks, county):
    council = atlas.councils[code]
    assert (council.name, council.start, council.in_being) == (name, day, True)
    assert council.blocks == blocks
    era = next(r for r in reorganisations(atlas.councils) if r["day"] == day)
    new = next(c for c in era["councils"] if c["code"] == code)
    assert county in new["replaced"]
    rows = atlas.assignments[(atlas.assignments["layer"] == "council") & (atlas.assignments["area_code"] == code)]
    assert set(rows["district_code"]) == blocks
    before = councils_on(atlas.councils, "2019-03-31")
    assert code not in {c.code for c in before}
    assert county in {c.code for c in councils_on(atlas.councils, "2019-03-31", "county")}
    assert county not in {c.code for c in councils_on(atlas.councils, day, "county")}


def test_council_counts_of_every_vintage_follow_the_reorganisations(atlas):
    counts = [len(councils_on(atlas.councils, day)) for day in ("2018-06-01", "2019-06-01", "2020-06-01",
                                                                 "2021-06-01", "2023-06-01")]
    assert counts == [348, 339, 336, 331, 318]
    assert len(today_councils(atlas.councils, "lower")) == 318
    assert len(today_councils(atlas.councils, "upper")) == 175
    checks = {c["name"]: c for c in atlas.manifest["checks"]}
    assert checks["ons_agreement:council"]["passed"] and checks["count_from_ons:council"]["passed"]
    assert checks["councils_in_being:2021"]["detail"].startswith("331 councils from the lookup, 331 in the ONS")


@pytest.mark.parametrize("query,code", [
    ("BCP", "E06000058"), ("BCP Council", "E06000058"), ("Bournemouth, Christchurch and Poole", "E06000058"),
    ("E06000058", "E06000058"), ("e06000058", "E06000058"), ("Cumberland", "E06000063"),
    ("Westmorland and Furness", "E06000064"), ("North Yorkshire", "E06000065"), ("Buckinghamshire", "E06000060"),
    ("Dorset", "E06000059"), ("Somerset", "E06000066"), ("West Northamptonshire", "E06000062"),
    ("City of Bristol", "E06000023"), ("Bristol", "E06000023"), ("Bristol, City of", "E06000023"),
    ("County of Herefordshire", "E06000019"), ("Herefordshire", "E06000019"),
    ("E08000038", "E08000016"), ("E08000020", "E08000037"),  # a 2025 code and a pre-2014 code
])
def test_names_short_forms_and_codes_of_today_answer_with_todays_council(atlas, query, code):
    place = resolve(atlas, query)
    assert place.area_code == code
    assert place.council[0]["code"] == code
    assert place.layer_id == "council"


@pytest.mark.parametrize("query,code,today", [
    ("Bournemouth", "E06000028", ["E06000058"]), ("E06000028", "E06000028", ["E06000058"]),
    ("Christchurch", "E07000048", ["E06000058"]), ("Aylesbury Vale", "E07000004", ["E06000060"]),
    ("Northampton", "E07000154", ["E06000062"]), ("Allerdale", "E07000026", ["E06000063"]),
    ("Craven", "E07000163", ["E06000065"]), ("Taunton Deane", "E07000190", ["E06000066"]),
    ("Somerset West and Taunton", "E07000246", ["E06000066"]), ("E07000246", "E07000246", ["E06000066"]),
    ("Dorset County", "E10000009", ["E06000058", "E06000059"]), ("E10000006", "E10000006", ["E06000063", "E06000064"]),
])
def test_councils_abolished_since_2013_answer_as_they_were_with_a_notice(atlas, query, code, today):
    place = resolve(atlas, query)
    assert place.area_code == code
    assert sorted(c["code"] for c in place.council) == today
    assert "Shown as it was (history)" in place.notice
    assert place.layer_id in ("district", "county", "")


@pytest.mark.parametrize("postcode,today,block", [
    ("BH2 6DY", "E06000058", "E06000028"), ("NN1 1DE", "E06000062", "E07000154"),
    ("CA1 1RQ", "E06000063", "E07000028"), ("YO11 1HW", "E06000065", "E07000168"),
    ("TA1 1HE", "E06000066", "E07000190"), ("HP20 1UA", "E06000060", "E07000004"),
    ("S70 2TA", "E08000016", "E08000016"),  # ONS gives Barnsley's 2025 code; the atlas keeps its 2013 one
])
def test_postcodes_answer_with_todays_council_and_the_2013_district(atlas, postcode, today, block):
    place = resolve(atlas, postcode)
    assert place.kind == "postcode"
    assert (place.area_code, place.district_codes) == (today, [block])
    assert place.council[0]["code"] == today


def test_stack_lists_todays_council_its_predecessors_and_the_2013_council(atlas):
    result = stack_for(atlas, "BH2 6DY")
    layers = {row["layer"]: [b["name"] for b in row["bodies"]] for row in result["stack"]}
    assert layers["council"] == ["Bournemouth, Christchurch and Poole"]
    assert layers["district"] == ["Bournemouth"]
    assert [p["name"] for p in result["predecessors"]] == ["Bournemouth"]
    bcp = stack_for(atlas, "BCP")
    assert {p["code"] for p in bcp["predecessors"]} == {"E06000028", "E06000029", "E07000048", "E10000009"}
    assert next(p for p in bcp["predecessors"] if p["code"] == "E10000009")["whole"] is False
    assert layers["lcjb_area"] == ["Dorset"] and layers["combined_authority"] == []


def test_unknown_codes_still_refused(atlas):
    with pytest.raises(PlaceNotFoundError, match="councils of 2013 to 2025"):
        resolve(atlas, "E06000099")


@pytest.mark.parametrize("name,when,blocks", [
    ("BCP", "2023-04-01", {"E06000028", "E06000029", "E07000048"}),
    ("Bournemouth, Christchurch and Poole Council", "", {"E06000028", "E06000029", "E07000048"}),
    ("Bournemouth", "2016-04-01", {"E06000028"}),  # a 2013-19 cohort names the old council
    ("Cumberland", "2023-04-01", {"E07000026", "E07000028", "E07000029"}),
    ("North Yorkshire", "2024-04-01", {"E07000163", "E07000164", "E07000165", "E07000166", "E07000167", "E07000168",
                                       "E07000169"}),
    ("City of Bristol", "", {"E06000023"}), ("Bristol, City of", "", {"E06000023"}),
    ("Somerset West and Taunton", "2020-04-01", {"E07000190", "E07000191"}),
])
def test_uploads_and_imports_place_council_names_of_every_vintage(atlas, name, when, blocks):
    from indicators.council_names import council_names

    found, why = council_names(atlas).districts(name, when)
    assert (set(found), why) == (blocks, "")


def test_the_indicator_store_pools_2013_19_council_figures_into_todays_councils_and_lcjb_areas(atlas):
    import pandas as pd

    from indicators.store import IndicatorStore

    # Made-up test figures (never reach the app): Bournemouth, Poole and Christchurch in a 2013-19 cohort.
    source = {"source_id": "test_fixture", "title": "Made-up test figures", "publisher": "tests", "address": "tests",
              "vintage": "2099", "licence": "n/a", "caveats": "not real"}
    rows = pd.DataFrame({"area_code": ["E06000028", "E06000029", "E07000048"], "layer": "district", "period": "2099",
                         "indicator": "proven_reoffending_rate", "value": [25.0, 50.0, 10.0],
                         "numerator": [100.0, 100.0, 10.0], "denominator": [400.0, 200.0, 100.0],
                         "source_id": "test_fixture", "is_estimate": False, "note": ""})
    store = IndicatorStore.bundled().with_extra(rows, [source])
    view = store.layer_view(atlas, "proven_reoffending_rate", "2099", "council").table.set_index("area_code")
    assert view.at["E06000058", "value"] == pytest.approx(210 / 700 * 100)  # pooled, never averaged
    assert view.at["E06000058", "status"] == "pooled"
    assert view.at["E06000059", "status"] == "no data"  # Dorset Council: no figures, missing stays missing


def test_the_what_if_baseline_shares_national_totals_out_to_lcjb_areas(atlas):
    from scenario.area_population import SHAREABLE_LAYERS, force_area_units

    assert "lcjb_area" in SHAREABLE_LAYERS  # LCJB areas are whole force areas, so shares add up exactly
    units = force_area_units(atlas, "lcjb_area")
    assert len(units) == 43 and units.nunique() == 40
    assert units["E23000013"] == units["E23000008"] == "lcjb_cleveland_and_durham"


def test_combined_authorities_of_each_era_from_the_ons_boundaries(atlas):
    def members(layer: str) -> dict[str, int]:
        rows = atlas.assignments[atlas.assignments["layer"] == layer]
        return rows.groupby("area_code")["district_code"].nunique().to_dict()

    early, first_mayors, today = (members(layer) for layer in
                                  ("combined_authority_2015", "combined_authority_2019", "combined_authority"))
    assert early == {"E61000001": 33, "E47000001": 10, "E47000002": 4, "E47000003": 5, "E47000004": 6, "E47000005": 7}
    assert first_mayors["E47000010"] == 4 and first_mayors["E47000011"] == 3 and len(first_mayors) == 11
    assert "E47000006" in first_mayors and "E47000006" not in early  # Tees Valley began in 2016
    assert len(today) == 16 and today["E47000012"] == 8  # York and North Yorkshire: York and the 7 districts
    assert today["E47000015"] == 9  # Devon and Torbay (2025): Devon's 8 districts and Torbay
    checks = {c["name"]: c["passed"] for c in atlas.manifest["checks"]}
    assert all(checks[f"count_from_ons:{layer}"] for layer in ("combined_authority_2015", "combined_authority_2019",
                                                                "combined_authority"))
