"""Build the baseline a scenario asks for (national, own area, population-share estimate or indicator store)."""
from __future__ import annotations

from geo.atlas import Atlas
from scenario.area_population import layer_names, layer_population
from scenario.baseline import (
    Baseline,
    BaselineError,
    indicator_store_baseline,
    national_baseline,
    own_area_baseline,
    population_share_baseline,
    store_and_estimate_baseline,
)
from scenario.persistence import Scenario


def build_baseline(scenario: Scenario, atlas: Atlas | None = None, store=None) -> tuple[Baseline, list[str]]:
    """The scenario's baseline and notices (e.g. a fallback when the indicator store has no per-area figures)."""
    national = national_baseline(short_band=scenario.short_sentence_band)
    notices: list[str] = []
    if scenario.baseline_kind == "national":
        return national, notices
    if scenario.baseline_kind == "own_area":
        return own_area_baseline(scenario.own_area_name, scenario.own_area_figures), notices
    if atlas is None:
        raise BaselineError("per-area baselines need the atlas")
    names = layer_names(atlas, scenario.layer)
    found = None
    if scenario.baseline_kind in ("indicator_store", "store_and_estimate"):
        found = (indicator_store_baseline(national, store, scenario.layer, names, atlas,
                                          short_band=scenario.short_sentence_band) if store is not None else None)
        if found is not None and scenario.baseline_kind == "indicator_store":
            return found, notices
        if found is None:
            notices.append("The indicator store has no per-area custody counts for this layer (import the MoJ "
                           "Outcomes by offence CSV on the upload page): showing the population-share ESTIMATE "
                           "instead.")
    population, vintage = layer_population(atlas, scenario.layer)
    estimate = population_share_baseline(national, population, names, vintage)
    if scenario.baseline_kind == "store_and_estimate":
        return store_and_estimate_baseline(found, estimate), notices
    return estimate, notices
