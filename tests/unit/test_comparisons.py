"""Comparisons: Spiegelhalter's overdispersion adjustment of the funnel and ONS similar areas."""
from __future__ import annotations

import csv

import numpy as np
import pytest

from geo.locations import sources_dir
from indicators import similar_areas
from indicators.funnel import Z95, classify, limits, overdispersion

MAIDSTONE = "E07000110"


def test_overdispersion_worked_by_hand():
    # p0 0.5, n 100 each: z = -4, 0, 0, 4; winsorised at the 10% and 90% quantiles to -2.8 and 2.8;
    # phi = (2.8² + 2.8²) / 4 = 3.92; tau² = (4 × 3.92 − 3) / (1600 − 400) = 0.0105667
    found = overdispersion([0.3, 0.5, 0.5, 0.7], [100, 100, 100, 100], 0.5)
    assert found.phi == pytest.approx(3.92) and found.tau2 == pytest.approx(12.68 / 1200)
    assert found.overdispersed and found.areas == 4  # 15.68 > 7.81, chi-squared 95% on 3 degrees of freedom


def test_areas_spread_as_chance_allows_are_not_overdispersed():
    rng = np.random.default_rng(1)
    n = rng.integers(500, 5000, 40)
    found = overdispersion(rng.binomial(n, 0.3) / n, n, 0.3)
    assert not found.overdispersed and found.phi < 1.5


def test_the_adjustment_widens_the_limits_so_fewer_areas_stand_out():
    rng = np.random.default_rng(2)
    n = rng.integers(2000, 20000, 40)
    true = np.clip(rng.normal(0.3, 0.04, 40), 0.05, 0.95)  # real differences between areas
    y = rng.binomial(n, true) / n
    found = overdispersion(y, n, 0.3)
    assert found.overdispersed and found.tau2 > 0
    plain = sum(classify(v * 100, m, 0.3).startswith(("above 99.8", "below 99.8")) for v, m in zip(y, n))
    wide = sum(classify(v * 100, m, 0.3, tau2=found.tau2).startswith(("above 99.8", "below 99.8")) for v, m in zip(y, n))
    assert wide < plain
    low, high = limits(0.3, 1000, Z95, found.tau2)
    assert high - 0.3 == pytest.approx(Z95 * np.sqrt(0.21 / 1000 + found.tau2))


def test_similar_areas_are_the_ons_neighbours_on_the_layer_in_rank_order(atlas):
    codes = set(atlas.layer_areas("district")["area_code"])
    peers = similar_areas.similar(MAIDSTONE, codes, "global")
    with open(sources_dir() / similar_areas.FILES["global"], encoding="utf-8-sig") as handle:
        row = next(r for r in csv.reader(handle) if r[0] == MAIDSTONE)[1:]
    assert len(peers) == similar_areas.PEERS and set(peers) <= codes and MAIDSTONE not in peers
    assert peers == [c for c in row if c in codes][:similar_areas.PEERS]
    assert similar_areas.similar(MAIDSTONE, codes, "economic") != peers  # each kind its own neighbours
    assert similar_areas.similar("E07000150", codes) is None  # Corby, abolished in 2021: no ONS neighbours


def test_no_peer_group_is_invented_for_force_areas():
    assert not similar_areas.available("police_force_area") and not similar_areas.available("region")
    assert similar_areas.available("district") and similar_areas.available("mayoral_combined_authority")
    assert "none is invented" in similar_areas.NONE_FOR_LAYER


def test_the_funnel_rings_and_names_only_the_chosen_areas():
    import pandas as pd

    from figures.indicators import funnel
    from indicators.catalogue import get_indicator

    table = pd.DataFrame({"area_code": ["A", "B", "C"], "area_name": ["Aa", "Bb", "Cc"], "value": [25.0, 30.0, 28.0],
                          "denominator": [1000.0, 2000.0, 1500.0]})
    figure = funnel(table, get_indicator("proven_reoffending_rate"), 0.28, "reference", highlight=frozenset({"A", "C"}))
    points = [t for t in figure.data if t.mode == "markers+text"]
    named = {text for t in points for text in t.text if text}
    faded = [o for t in points for o, text in zip(t.marker.opacity, t.text) if not text]
    assert named == {"Aa", "Cc"} and faded == [0.3]
