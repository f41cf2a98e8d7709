"""The indicator store: rates pooled from numerators and denominators on any layer, never split or averaged."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from geo.locations import FACTS_DIR
from indicators.schema import IndicatorSchemaError
from indicators.store import IndicatorStore

# Made-up test figures (never reach the app): one row per police force area.
FIXTURE_SOURCE = {"source_id": "test_fixture", "title": "Made-up test figures", "publisher": "tests",
                  "address": "tests/unit", "vintage": "2099", "licence": "n/a", "caveats": "not real"}


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return pd.read_csv(FACTS_DIR / "police_force_area_to_justice_areas.csv", dtype=str)


@pytest.fixture(scope="module")
def pfa_rows(facts) -> pd.DataFrame:
    rng = np.random.default_rng(4)
    denominators = rng.integers(80, 20000, len(facts)).astype(float)
    numerators = np.floor(denominators * rng.uniform(0.15, 0.45, len(facts)))
    return pd.DataFrame({"area_code": facts["police_force_area_code"], "layer": "police_force_area", "period": "2099",
                         "indicator": "proven_reoffending_rate", "value": numerators / denominators * 100,
                         "numerator": numerators, "denominator": denominators, "source_id": "test_fixture",
                         "is_estimate": False, "note": ""})


@pytest.fixture(scope="module")
def store(pfa_rows) -> IndicatorStore:
    return IndicatorStore.bundled().with_extra(pfa_rows, [FIXTURE_SOURCE])


def test_a_crc_rate_is_the_pooled_rate_of_its_force_areas(atlas, store, facts, pfa_rows):
    view = store.layer_view(atlas, "proven_reoffending_rate", "2099", "crc").table.set_index("area_code")
    by_pfa = pfa_rows.set_index("area_code")
    averaged_differs = 0
    for crc, members in facts.groupby("crc_code")["police_force_area_code"]:
        parts = by_pfa.loc[list(members)]
        pooled = parts["numerator"].sum() / parts["denominator"].sum() * 100
        assert view.at[crc, "value"] == pytest.approx(pooled, rel=1e-12)
        assert view.at[crc, "denominator"] == parts["denominator"].sum()
        assert view.at[crc, "status"] == "pooled"
        if len(members) > 1 and abs(parts["value"].mean() - pooled) > 0.01:
            averaged_differs += 1
    assert len(view) == 21 and view["value"].notna().all()
    assert averaged_differs >= 5  # the fixture makes averaging percentages give a different answer


def test_every_layer_that_nests_pools_to_the_same_national_total(atlas, store, pfa_rows):
    total = pfa_rows["numerator"].sum() / pfa_rows["denominator"].sum() * 100
    for layer in ("nps_division", "probation_region", "region"):
        view = store.layer_view(atlas, "proven_reoffending_rate", "2099", layer).table
        assert view["value"].notna().all(), layer
        assert view["numerator"].sum() / view["denominator"].sum() * 100 == pytest.approx(total)


def test_force_area_figures_are_not_split_into_districts(atlas, store):
    view = store.layer_view(atlas, "proven_reoffending_rate", "2099", "district")
    table = view.table.set_index("area_code")
    # Manchester is one of ten districts of Greater Manchester: no value may be invented for it.
    assert math.isnan(table.at["E08000003", "value"])
    assert table.at["E08000003", "note"].startswith("published only at")
    assert "Published only at Police force areas" in view.message
    # The City of London district is the whole City of London force area: same area, same figure.
    assert table.at["E09000001", "status"] == "pooled"


def test_real_1992_rates_pool_for_london_and_stay_missing_where_a_force_is_missing(atlas):
    store = IndicatorStore.bundled()
    view = store.layer_view(atlas, "reconviction_rate_1yr_custody", "1992", "crc").table.set_index("area_code")
    # Metropolitan 25% of 4,256 and City of London 16% of 51 (Hansard 11 Jun 1996): (1064 + 8.16) / 4307.
    assert view.at["CPA20", "value"] == pytest.approx((1064 + 8.16) / 4307 * 100)
    # Cumbria has no 1992 figure in the stored copy, so Cumbria and Lancashire CRC is not pooled from Lancashire.
    assert math.isnan(view.at["CPA02", "value"])
    assert "no data for 1 of the 2" in view.at["CPA02", "note"]


def test_counts_add_up_and_money_is_not_combined(atlas):
    rows = pd.DataFrame({"area_code": ["E23000001", "E23000034"], "layer": "police_force_area", "period": "2099",
                         "indicator": ["women_prisoners", "women_prisoners"], "value": [400.0, 3.0],
                         "source_id": "test_fixture"})
    store = IndicatorStore.bundled().with_extra(rows, [FIXTURE_SOURCE])
    view = store.layer_view(atlas, "women_prisoners", "2099", "crc").table.set_index("area_code")
    assert view.at["CPA20", "value"] == 403.0
    money = rows.assign(indicator="cost_of_reoffending_low")
    store = IndicatorStore.bundled().with_extra(money, [FIXTURE_SOURCE])
    view = store.layer_view(atlas, "cost_of_reoffending_low", "2099", "crc").table.set_index("area_code")
    assert math.isnan(view.at["CPA20", "value"])


def test_with_extra_leaves_the_bundled_store_alone_and_later_rows_win(atlas, pfa_rows):
    bundled = IndicatorStore.bundled()
    before = bundled.rows.copy()
    met = pd.DataFrame([{"area_code": "E23000001", "layer": "police_force_area", "period": "1992",
                         "indicator": "reconviction_rate_1yr_custody", "value": 30.0, "numerator": 30.0,
                         "denominator": 100.0, "source_id": "test_fixture"}])
    extended = bundled.with_extra(met, [FIXTURE_SOURCE])
    pd.testing.assert_frame_equal(bundled.rows, before)
    assert len(extended.rows) == len(before) + 1
    view = extended.layer_view(atlas, "reconviction_rate_1yr_custody", "1992", "police_force_area").table
    assert view.set_index("area_code").at["E23000001", "value"] == 30.0
    assert "test_fixture" in extended.extra_sources and "test_fixture" not in bundled.catalogue["source_id"].values


@pytest.mark.parametrize("change, message", [
    ({"indicator": "made_up_rate"}, "unknown indicator"),
    ({"layer": "parish"}, "unknown layer"),
    ({"source_id": "nowhere"}, "not in the source catalogue"),
    ({"value": "forty"}, "is not a number"),
    ({"denominator": 0.0}, "denominator is zero"),
])
def test_bad_extra_rows_are_refused_with_a_reason(pfa_rows, change, message):
    bad = pfa_rows.head(2).astype(object).assign(**change)
    with pytest.raises(IndicatorSchemaError) as error:
        IndicatorStore.bundled().with_extra(bad, [FIXTURE_SOURCE])
    assert any(message in problem for problem in error.value.problems)


def test_duplicate_extra_rows_are_refused(pfa_rows):
    with pytest.raises(IndicatorSchemaError, match="duplicate"):
        IndicatorStore.bundled().with_extra(pd.concat([pfa_rows.head(1), pfa_rows.head(1)]), [FIXTURE_SOURCE])
