"""Resident population by area for sharing national totals out (read at run time from ../shared, never copied)."""
from __future__ import annotations

import pandas as pd

from geo.atlas import Atlas
from geo.population_units import POPULATION_VINTAGE, PopulationUnavailableError, population_units
from indicators.population import VINTAGE, pfa_population

# Layers made of whole police force areas: population shares add up exactly on them. The last is not an atlas
# layer: IPPR's devolution units (a mayoral combined authority where one holds most of a force area, else the PCC).
DEVOLUTION_UNIT = "mayor_or_pcc"
SHAREABLE_LAYERS = ("police_force_area", "crc", "nps_division", "probation_region", "lcjb_area", "cps_area", "hmcts_region",
                    DEVOLUTION_UNIT)
DEVOLUTION_UNIT_NAME = "IPPR devolution units: city-region mayors, PCCs elsewhere"
# The City of London police area: every per-area source we have counts its people inside the Metropolitan row.
CITY_OF_LONDON, METROPOLITAN = "E23000034", "E23000001"


def layer_label(layer: str) -> str:
    """A layer's name for the page (the atlas registry's, or the devolution units')."""
    if layer == DEVOLUTION_UNIT:
        return DEVOLUTION_UNIT_NAME
    from geo.registry import get_layer
    return get_layer(layer).name


def area_words(layer: str) -> str:
    """What a layer's areas are called in a sentence: 'police force areas', 'IPPR devolution units (mayors or PCCs)'."""
    if layer == DEVOLUTION_UNIT:
        return "IPPR devolution units (mayors or PCCs)"
    label = layer_label(layer).split(" (")[0]
    return label[0].lower() + label[1:]


def layer_names(atlas: Atlas, layer: str) -> dict[str, str]:
    """Area code -> name for one of the shareable layers."""
    if layer == DEVOLUTION_UNIT:
        from scenario.boundary_whatif import mayor_or_pcc, provider_name
        return {code: provider_name(atlas, code) for code in mayor_or_pcc(atlas).unique()}
    areas = atlas.layer_areas(layer)
    return dict(zip(areas["area_code"], areas["area_name"]))


def force_area_units(atlas: Atlas, layer: str) -> pd.Series:
    """Force area -> area of the layer (every shareable layer is a union of whole force areas)."""
    if layer == DEVOLUTION_UNIT:
        from scenario.boundary_whatif import mayor_or_pcc
        return mayor_or_pcc(atlas)
    if layer == "police_force_area":
        codes = atlas.block_table["police_force_area"].drop_duplicates()
        return pd.Series(codes.to_numpy(), index=codes.to_numpy())
    mapping = atlas.block_table[["police_force_area", layer]].drop_duplicates()
    return mapping[mapping[layer] != ""].set_index("police_force_area")[layer]


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
        return _city_in_met(by_pfa).rename("people"), vintage
    frame = pd.DataFrame({"people": by_pfa}).join(force_area_units(atlas, layer).rename("area"), how="inner")
    return frame.groupby("area")["people"].sum(), vintage


def _pfa_population(atlas: Atlas) -> tuple[pd.Series, str]:
    people = pfa_population()
    if not people.empty:
        return people, f"{VINTAGE} by police force area"
    try:  # the mid-2018 file is optional in ../shared; the mid-2022 council file then gives the shares
        units = population_units()
    except PopulationUnavailableError as error:
        raise PopulationMissingError(f"no population file could be read: {error}") from error
    frame = units.join(atlas.block_table["police_force_area"])
    frame = frame.drop_duplicates("unit_code")  # merged 2023 districts lie within one force area
    return frame.groupby("police_force_area")["unit_population"].sum().astype(float), POPULATION_VINTAGE


def _city_in_met(by_pfa: pd.Series) -> pd.Series:
    """Force-area populations with the City of London's people counted inside the Metropolitan Police area."""
    if CITY_OF_LONDON not in by_pfa.index or METROPOLITAN not in by_pfa.index:
        return by_pfa
    merged = by_pfa.drop(CITY_OF_LONDON)
    merged[METROPOLITAN] += by_pfa[CITY_OF_LONDON]
    return merged


def drawn_units(atlas: Atlas, layer: str, codes: tuple[str, ...]) -> pd.Series | None:
    """Force area -> the result's area each force area is drawn with, where the map needs it: IPPR's devolution
    units, and force areas whose result holds the City of London inside the Met; None where areas draw as they are."""
    if layer == DEVOLUTION_UNIT:
        return force_area_units(atlas, layer)
    if layer == "police_force_area" and CITY_OF_LONDON not in codes and METROPOLITAN in codes:
        units = force_area_units(atlas, layer).copy()
        units[CITY_OF_LONDON] = METROPOLITAN
        return units
    return None
