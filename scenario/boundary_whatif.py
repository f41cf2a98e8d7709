"""Boundary what-if: reassign force areas between probation provider areas and measure fragmentation against today.

Provider areas are built from whole police force areas (as the CRC contract package areas were). The partner
counts use geo.coterminosity.partner_counts on the district block table with a 'provider' column added; the
rest are simple counts on the same blocks.
"""
from __future__ import annotations

import re

import pandas as pd

from geo.atlas import Atlas
from geo.coterminosity import partner_counts

PROVIDER = "provider"
PRESETS = {
    "crc": "Today's CRCs (2014-21 contract package areas)",
    "police_force_area": "Align to force areas (one provider per PCC)",
    "mayoral_combined_authority": "Align to mayoral combined authorities (the rest keep their CRC)",
    "probation_region": "The 2021 probation regions",
}
PARTNER_LAYERS = {"police_force_area": "PCCs (force areas)", "district": "District and unitary councils",
                  "county": "County councils", "mayoral_combined_authority": "Mayoral combined authorities",
                  "cps_area": "CPS areas", "hmcts_region": "HMCTS regions", "nps_division": "NPS divisions"}
MOVE_PATTERN = re.compile(r"^(E23|W15)\d{6}$")


def force_area_table(atlas: Atlas) -> pd.DataFrame:
    """One row per force area with its code, name and the areas of the layers it nests in."""
    table = atlas.block_table[["police_force_area", "crc", "probation_region", "nps_division"]].drop_duplicates()
    table = table.set_index("police_force_area").sort_index()
    table["name"] = [atlas.area_name("police_force_area", c) for c in table.index]
    return table


def preset(atlas: Atlas, name: str) -> pd.Series:
    """Force area -> provider area code under a preset (KeyError for an unknown preset)."""
    if name not in PRESETS:
        raise KeyError(f"unknown preset '{name}' (known: {', '.join(PRESETS)})")
    forces = force_area_table(atlas)
    if name == "police_force_area":
        return pd.Series(forces.index, index=forces.index, name=PROVIDER)
    if name in ("crc", "probation_region"):
        return forces[name].rename(PROVIDER)
    return _combined_authority_preset(atlas, forces)


def mayor_or_pcc(atlas: Atlas) -> pd.Series:
    """IPPR (2016, ch.4) devolution units: force area -> its mayoral combined authority where one holds most of it,
    else the force area itself (the PCC)."""
    forces = force_area_table(atlas)
    units = _combined_authority_preset(atlas, forces, fallback=pd.Series(forces.index, index=forces.index))
    return units.rename("devolution_unit")


def _combined_authority_preset(atlas: Atlas, forces: pd.DataFrame, fallback: pd.Series | None = None) -> pd.Series:
    """A force area joins the mayoral combined authority holding most of its area (km2 of blocks); others keep their
    CRC (or the fallback's value)."""
    blocks = atlas.block_table[["police_force_area", "mayoral_combined_authority"]].copy()
    districts = atlas.layer_areas("district").set_index("area_code")["area_km2"]
    blocks["km2"] = districts.reindex(blocks.index).to_numpy(float)
    total = blocks.groupby("police_force_area")["km2"].sum()
    inside = blocks[blocks["mayoral_combined_authority"] != ""].groupby(
        ["police_force_area", "mayoral_combined_authority"])["km2"].sum().reset_index()
    inside["share"] = inside["km2"] / inside["police_force_area"].map(total)
    main = inside.sort_values("share", ascending=False).drop_duplicates("police_force_area")
    joined = main[main["share"] > 0.5].set_index("police_force_area")["mayoral_combined_authority"]
    out = (forces["crc"] if fallback is None else fallback).copy()
    out.loc[joined.index] = joined
    return out.rename(PROVIDER)


def apply_moves(assignment: pd.Series, moves: dict[str, str]) -> pd.Series:
    """The assignment with some force areas moved to another provider area (unknown force areas: ValueError)."""
    unknown = set(moves) - set(assignment.index)
    if unknown:
        raise ValueError(f"unknown force area(s): {', '.join(sorted(unknown))}")
    out = assignment.copy()
    for force, provider in moves.items():
        out.loc[force] = provider
    return out


def parse_moves(raw: str | None, forces: list[str], providers: set[str]) -> tuple[dict[str, str], list[str]]:
    """'E23000005:CPA03;E23000010:E23000010' from a link -> moves, with notices for anything unusable."""
    moves, notices = {}, []
    for part in (raw or "").split(";"):
        if not part.strip():
            continue
        force, _, provider = part.strip().partition(":")
        if force in forces and (provider in providers or provider == force) and MOVE_PATTERN.match(force):
            moves[force] = provider
        else:
            notices.append(f"The link's move '{part[:40]}' was not usable; ignored.")
    return moves, notices


def provider_blocks(atlas: Atlas, assignment: pd.Series) -> pd.DataFrame:
    """The block table with a 'provider' column: each district's force area's provider area."""
    table = atlas.block_table.copy()
    table[PROVIDER] = table["police_force_area"].map(assignment).fillna("")
    if (table[PROVIDER] == "").any():
        raise ValueError("every force area needs a provider area")
    return table


def partners(atlas: Atlas, assignment: pd.Series) -> pd.DataFrame:
    """Per provider area: its force areas and how many bodies of each partner layer it must deal with."""
    blocks = provider_blocks(atlas, assignment)
    counts = partner_counts(blocks[[PROVIDER, *PARTNER_LAYERS]], PROVIDER)
    counts["councils"] = counts["district"] + counts["county"]
    forces = assignment.groupby(assignment).apply(lambda s: "; ".join(atlas.area_name("police_force_area", c)
                                                                      for c in s.index))
    counts.insert(0, "force_areas", forces.reindex(counts.index))
    counts.insert(0, "name", [provider_name(atlas, code) for code in counts.index])
    return counts


def provider_name(atlas: Atlas, code: str) -> str:
    """A provider area's name: the body it matches (CRC, force area, combined authority or region), else its code."""
    for layer in ("crc", "police_force_area", "mayoral_combined_authority", "probation_region"):
        name = atlas.area_name(layer, code)
        if name:
            return name
    return code


def measures(atlas: Atlas, assignment: pd.Series) -> dict[str, float]:
    """Fragmentation of one arrangement: provider areas, partners per provider, bodies split between providers."""
    blocks = provider_blocks(atlas, assignment)
    table = partners(atlas, assignment)
    out = {"Provider areas": len(table)}
    for layer, label in (("police_force_area", "PCCs"), ("councils", "councils"),
                         ("mayoral_combined_authority", "mayoral combined authorities"), ("cps_area", "CPS areas"),
                         ("hmcts_region", "HMCTS regions")):
        out[f"Mean {label} per provider area"] = round(float(table[layer].mean()), 2)
        out[f"Most {label} for one provider area"] = int(table[layer].max())
    for layer, label in (("mayoral_combined_authority", "Mayoral combined authorities"),
                         ("district", "Councils (districts and unitaries)"), ("county", "County councils")):
        covered = blocks[blocks[layer] != ""]
        spread = covered.groupby(layer)[PROVIDER].nunique()
        out[f"{label} split between provider areas"] = int((spread > 1).sum())
    pcc_counts = table["police_force_area"]
    out["Provider areas matching exactly one PCC"] = int((pcc_counts == 1).sum())
    return out


def compare(atlas: Atlas, today: pd.Series, proposed: pd.Series) -> pd.DataFrame:
    """Today's and the proposed arrangement's measures side by side, with the change."""
    before, after = measures(atlas, today), measures(atlas, proposed)
    rows = [{"measure": k, "today": before[k], "proposed": after[k], "change": round(after[k] - before[k], 2)}
            for k in before]
    return pd.DataFrame(rows)


def force_area_neighbours(atlas: Atlas) -> set[tuple[str, str]]:
    """Pairs of force areas that share a border (polygons within 50 m, absorbing boundary noise)."""
    areas = atlas.areas[atlas.areas["layer"] == "police_force_area"].reset_index(drop=True)
    left, right = areas.sindex.query(areas.geometry.buffer(50), predicate="intersects")
    codes = areas["area_code"].to_numpy()
    return {(codes[i], codes[j]) for i, j in zip(left, right) if i != j}


def colour_groups(assignment: pd.Series, neighbours: set[tuple[str, str]], colours: int) -> dict[str, int]:
    """A colour index per provider area so that bordering provider areas differ where the palette allows (greedy)."""
    touching: dict[str, set[str]] = {p: set() for p in assignment.unique()}
    for a, b in neighbours:
        if a in assignment.index and b in assignment.index and assignment[a] != assignment[b]:
            touching[assignment[a]].add(assignment[b])
            touching[assignment[b]].add(assignment[a])
    chosen: dict[str, int] = {}
    for provider in sorted(touching, key=lambda p: (-len(touching[p]), p)):
        used = {chosen[n] for n in touching[provider] if n in chosen}
        chosen[provider] = next((i for i in range(colours) if i not in used), len(chosen) % colours)
    return chosen
