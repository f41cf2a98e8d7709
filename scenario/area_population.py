"""Resident population by area for sharing national totals out (read at run time from ../shared, never copied)."""
from __future__ import annotations

import pandas as pd

from geo.atlas import Atlas

# Layers made of whole police force areas: population shares add up exactly on them.
SHAREABLE_LAYERS = ("police_force_area", "crc", "nps_division", "probation_region", "cps_area", "hmcts_region")


class PopulationMissingError(FileNotFoundError):
    """No population file could be read: per-area estimates are unavailable."""


def layer_population(atlas: Atlas, layer: str) -> tuple[pd.Series, str]:
    """People per area of a layer built from force areas, and the vintage said on screen.

    Prefers ONS mid-2018 by force area (via the indicators package, if present); otherwise ONS mid-2022 by
    district, each merged 2023 district counted once."""
    if layer not in SHAREABLE_LAYERS:
        raise ValueError(f"population shares are only exact on layers of whole force areas: {', '.join(SHAREABLE_LAYERS)}")
    by_pfa, vintage = _pfa_population(atlas)
    if layer == "police_force_area":
        return by_pfa.rename("people"), vintage
    mapping = atlas.block_table[["police_force_area", layer]].drop_duplicates()
    mapping = mapping[mapping[layer] != ""].set_index("police_force_area")[layer]
    frame = pd.DataFrame({"people": by_pfa}).join(mapping.rename("area"), how="inner")
    return frame.groupby("area")["people"].sum(), vintage


def _pfa_population(atlas: Atlas) -> tuple[pd.Series, str]:
    try:  # another engineer's package: use it when it is there
        from indicators.population import VINTAGE, pfa_population
        people = pfa_population()
        if not people.empty:
            return people, f"{VINTAGE} by police force area"
    except ImportError:
        pass
    try:
        from geo.population_units import POPULATION_VINTAGE, PopulationUnavailableError, population_units
        units = population_units()
    except (ImportError, PopulationUnavailableError) as error:
        raise PopulationMissingError(f"no population file could be read: {error}") from error
    frame = units.join(atlas.block_table["police_force_area"])
    frame = frame.drop_duplicates("unit_code")  # merged 2023 districts lie within one force area
    return frame.groupby("police_force_area")["unit_population"].sum().astype(float), POPULATION_VINTAGE
