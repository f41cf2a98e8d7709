"""Coterminosity measures: how well one layer's areas nest in another's, partners per body, headline sentence."""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from geo.atlas import Atlas
from geo.overlap import exact_overlap
from geo.population_units import POPULATION_VINTAGE, PopulationUnavailableError, population_overlap, population_units
from geo.registry import LAYERS, get_layer

# Shares within this of 1 count as whole. The block path is exact; this only absorbs float rounding.
WHOLE = 1 - 1e-6
BOUNDARY_VINTAGE = "2013-19 district building blocks (ONS LSOA Dec 2011 boundaries dissolved)"

DEFINITIONS = {
    "wholly_inside": "an area whose whole extent lies inside a single area of the other layer",
    "split": "an area cut by a boundary of the other layer: it shares land with two or more areas of the other "
             "layer, and at least one of them reaches beyond it",
    "union_of_whole": "an area made up of two or more whole areas of the other layer: nothing is cut, it is a union",
    "outside": "an area lying wholly or partly where the other layer has no area at all (partial layers)",
    "partners": "the number of areas of the other layer that a body overlaps: the bodies it must deal with "
                "(the average counts only the bodies that meet the other layer at all)",
    "made_of_whole": "an area that is exactly a union of whole areas of the other layer",
    "share_not_in_main": "the part of an area (by km² or by residents) lying outside its largest partner",
}


def plural(layer_id: str) -> str:
    """The layer's body in the plural ('CRCs', 'police force areas', 'mayoral combined authorities')."""
    word = get_layer(layer_id).singular
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy")):
        return word[:-1] + "ies"
    return word + "s"


def upper_first(text: str) -> str:
    """Text with its first letter in capitals and the rest untouched ('CRCs', not 'Crcs')."""
    return text[:1].upper() + text[1:]


def body_table(overlap: pd.DataFrame, a_codes: list[str], population: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per A area: its partners in layer B, the largest one, and what share lies outside it (km², and residents).

    overlap: an intersection table (geo.overlap); a_codes: every area of layer A (so areas with no
    partner at all still appear); population: the matching geo.population_units.population_overlap."""
    rows = []
    by_a = dict(tuple(overlap.groupby("a_code")))
    pop_by_a = dict(tuple(population.groupby("a_code"))) if population is not None else {}
    for code in a_codes:
        part = by_a.get(code)
        row = {"a_code": code, "partners": 0, "main_partner": "", "share_in_main": 0.0,
               "share_outside_layer_b": 1.0, "partner_codes": ""}
        if part is not None:
            part = part.sort_values("shared_km2", ascending=False)
            covered = float(part["share_of_a"].sum())
            row.update(partners=len(part), main_partner=part["b_code"].iloc[0],
                       share_in_main=float(part["share_of_a"].iloc[0]),
                       share_outside_layer_b=max(0.0, 1.0 - covered),
                       partner_codes=";".join(part["b_code"]))
        row["share_not_in_main"] = 1.0 - row["share_in_main"]
        row["wholly_inside_one"] = row["partners"] == 1 and row["share_in_main"] >= WHOLE
        # Two or more partners each lying wholly inside it: a union of whole areas, not a split (CRCs of whole forces).
        row["union_of_whole"] = bool(row["partners"] >= 2 and part is not None and (part["share_of_b"] >= WHOLE).all())
        row["split"] = row["partners"] >= 2 and not row["union_of_whole"]
        if population is not None:
            pop = pop_by_a.get(code)
            if pop is None or row["partners"] == 0:
                row["population_share_not_in_main"] = math.nan if pop is None and row["partners"] else 1.0
            else:
                main = pop.loc[pop["b_code"] == row["main_partner"], "population_share_of_a"]
                row["population_share_not_in_main"] = 1.0 - float(main.iloc[0]) if len(main) else math.nan
        rows.append(row)
    return pd.DataFrame(rows)


def measures(overlap: pd.DataFrame, a_codes: list[str], b_codes: list[str], a_km2: pd.Series,
             population: pd.DataFrame | None = None) -> dict:
    """The coterminosity measures of layer A against layer B (plain numbers, JSON-ready).

    a_km2: each A area's size (indexed by code), for the area-weighted shares."""
    return bodies_measures(body_table(overlap, a_codes, population), overlap, b_codes, a_km2, population)


def bodies_measures(bodies: pd.DataFrame, overlap: pd.DataFrame, b_codes: list[str], a_km2: pd.Series,
                    population: pd.DataFrame | None = None) -> dict:
    """The measures from a body table already made (geo.coterminosity.body_table of the same overlap)."""
    size = a_km2.reindex(bodies["a_code"]).to_numpy(float)
    total = size.sum()
    b_parts = overlap.groupby("b_code")
    made_of_whole = [code for code in b_codes if code in b_parts.groups
                     and (b_parts.get_group(code)["share_of_a"] >= WHOLE).all()
                     and b_parts.get_group(code)["share_of_b"].sum() >= WHOLE]
    b_partners = overlap.groupby("b_code")["a_code"].nunique().reindex(b_codes).dropna()  # B areas meeting any A
    out = {
        "n_a": len(bodies), "n_b": len(b_codes),
        "a_wholly_inside_one_b": int(bodies["wholly_inside_one"].sum()),
        "a_split_between_several_b": int(bodies["split"].sum()),
        "a_union_of_whole_b": int(bodies["union_of_whole"].sum()),
        "a_wholly_outside_b": int((bodies["partners"] == 0).sum()),
        "a_partly_outside_b": int(((bodies["partners"] > 0) & (bodies["share_outside_layer_b"] > 1 - WHOLE)).sum()),
        "b_made_of_whole_a": len(made_of_whole),
        "b_meeting_any_a": len(b_partners),
        "mean_b_partners_per_a": round(float(bodies["partners"].mean()), 3) if len(bodies) else 0.0,
        "max_b_partners_per_a": int(bodies["partners"].max()) if len(bodies) else 0,
        "mean_a_partners_per_b": round(float(b_partners.mean()), 3) if len(b_partners) else 0.0,
        "max_a_partners_per_b": int(b_partners.max()) if len(b_partners) else 0,
        "area_share_of_a_wholly_inside_one_b": round(float(size[bodies["wholly_inside_one"]].sum() / total), 4),
        "area_share_of_a_not_in_main_b": round(float((size * bodies["share_not_in_main"]).sum() / total), 4),
    }
    if population is not None:
        a_pop = population.drop_duplicates("a_code").set_index("a_code")["a_population"].reindex(bodies["a_code"])
        known = a_pop.notna().to_numpy() & bodies["population_share_not_in_main"].notna().to_numpy()
        people = a_pop.to_numpy(float)[known]
        out["population_areas_missing"] = int((~known).sum())
        if people.sum() > 0:
            whole = bodies["wholly_inside_one"].to_numpy()[known]
            not_main = bodies["population_share_not_in_main"].to_numpy(float)[known]
            out["population_share_of_a_wholly_inside_one_b"] = round(float(people[whole].sum() / people.sum()), 4)
            out["population_share_of_a_not_in_main_b"] = round(float((people * not_main).sum() / people.sum()), 4)
        else:
            out["population_share_of_a_wholly_inside_one_b"] = None
            out["population_share_of_a_not_in_main_b"] = None
    return out


def headline(layer_a: str, layer_b: str, result: dict) -> str:
    """One sentence: 'Of 43 police force areas, 43 sit wholly inside one CRC; ...'."""
    a_plural, b_plural, b_one = plural(layer_a), plural(layer_b), get_layer(layer_b).singular

    def verb(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    parts = [f"Of {result['n_a']} {a_plural}, "
             + verb(result["a_wholly_inside_one_b"], "sits", "sit") + f" wholly inside one {b_one}"]
    if result.get("a_union_of_whole_b"):
        parts.append(verb(result["a_union_of_whole_b"], "is", "are") + f" made up of two or more whole {b_plural}")
    parts.append(verb(result["a_split_between_several_b"], "is", "are") + f" cut by {b_one} boundaries")
    outside = result["a_wholly_outside_b"] + result["a_partly_outside_b"]
    if outside:
        parts.append(verb(outside, "lies", "lie") + f" wholly or partly outside every {b_one}")
    sentence = "; ".join(parts) + "."
    each = "each" if result["b_meeting_any_a"] == result["n_b"] else f"the {result['b_meeting_any_a']} that meet any"
    sentence += (f" Of {result['n_b']} {b_plural}, " + verb(result["b_made_of_whole_a"], "is", "are")
                 + f" made up of whole {a_plural}"
                 f"; {each} deal{'s' if each == 'each' else ''} with {result['mean_a_partners_per_b']:.1f}"
                 f" {a_plural} on average (at most {result['max_a_partners_per_b']}).")
    return sentence


@dataclass(frozen=True)
class PairOverlap:
    """Two atlas layers measured once: the overlaps, their residents, each A area's partners and the measures."""

    layer_a: str
    layer_b: str
    table: pd.DataFrame  # geo.overlap's intersection table (area-weighted shares)
    population: pd.DataFrame | None  # geo.population_units.population_overlap, None without population figures
    bodies: pd.DataFrame  # body_table: one row per A area
    measures: dict
    headline: str


def pair_overlap(atlas: Atlas, layer_a: str, layer_b: str, units: pd.DataFrame | None = None) -> PairOverlap:
    """Every measure of layer A against layer B, each overlap computed once (units None: no population weighting)."""
    table = exact_overlap(atlas, layer_a, layer_b)
    a_areas, b_areas = atlas.layer_areas(layer_a), atlas.layer_areas(layer_b)
    population = population_overlap(atlas.block_table, units, layer_a, layer_b) if units is not None else None
    bodies = body_table(table, list(a_areas["area_code"]), population)
    result = bodies_measures(bodies, table, list(b_areas["area_code"]), a_areas.set_index("area_code")["area_km2"],
                             population)
    return PairOverlap(layer_a, layer_b, table, population, bodies, result, headline(layer_a, layer_b, result))


def atlas_measures(atlas: Atlas, layer_a: str, layer_b: str, with_population: bool = True,
                   units: pd.DataFrame | None = None) -> dict:
    """Measures, headline and definitions for two atlas layers (exact block path), with labels of weighting.

    units: geo.population_units.population_units() if already loaded (read from the sources otherwise)."""
    population_note = ""
    if with_population and units is None:
        try:
            units = population_units()
        except PopulationUnavailableError as error:
            population_note = str(error)
    pair = pair_overlap(atlas, layer_a, layer_b, units if with_population else None)
    return {"layer_a": layer_a, "layer_b": layer_b, "measures": pair.measures, "headline": pair.headline,
            "boundary_vintage": BOUNDARY_VINTAGE, "weighting": {
                "counts": "unweighted counts of areas",
                "area_": "area-weighted (km² of the building blocks)",
                "population_": (POPULATION_VINTAGE + "; areas whose 2023 districts straddle their edge are "
                                "left out (missing), never apportioned") if pair.population is not None
                else f"unavailable: {population_note}"},
            "definitions": DEFINITIONS}


# Today's bodies of offender management, the pairs the page may open on (regions and c.2016 court regions left out).
TODAY_BODIES = ("council", "upper_tier_council", "police_force_area", "probation_region", "lcjb_area", "cps_area",
                "combined_authority")
CROSSING_MEASURE = ("the share of the land both layers cover that lies in pieces where neither body's area contains "
                    "the other's (area-weighted, on the 2013 district blocks): 0% when one layer nests in the other")


def crossing_share(table: pd.DataFrame) -> float:
    """Share of the shared land in pieces where neither area holds the other whole (0 for layers that nest)."""
    crossing = table[(table["share_of_a"] < WHOLE) & (table["share_of_b"] < WHOLE)]
    total = float(table["shared_km2"].sum())
    return float(crossing["shared_km2"].sum()) / total if total else 0.0


def pairs_by_crossing(atlas: Atlas, layer_ids: tuple[str, ...] = TODAY_BODIES) -> pd.DataFrame:
    """Every pair of the layers, measured by crossing_share, least coterminous first.

    Layer A of each pair is the one with fewer areas (the bodies that must deal with the other layer)."""
    sizes = {layer_id: len(atlas.layer_areas(layer_id)) for layer_id in layer_ids}
    rows = []
    for i, first in enumerate(layer_ids):
        for second in layer_ids[i + 1:]:
            a, b = (first, second) if sizes[first] <= sizes[second] else (second, first)
            rows.append({"layer_a": a, "layer_b": b, "crossing_share": crossing_share(exact_overlap(atlas, a, b))})
    return pd.DataFrame(rows).sort_values("crossing_share", ascending=False, kind="stable").reset_index(drop=True)


def partner_counts(block_table: pd.DataFrame, layer_id: str) -> pd.DataFrame:
    """For each body of one layer, how many bodies of every other layer it overlaps (its partners)."""
    covered = block_table[block_table[layer_id] != ""]
    counts = {}
    for other in block_table.columns:
        if other == layer_id:
            continue
        codes = covered[[layer_id, other]]
        codes = codes[codes[other] != ""]
        counts[other] = codes.groupby(layer_id)[other].nunique()
    table = pd.DataFrame(counts).reindex(sorted(covered[layer_id].unique())).fillna(0).astype(int)
    table.index.name = "area_code"
    return table


def partners_summary(block_table: pd.DataFrame, layer_ids: list[str] | None = None) -> pd.DataFrame:
    """Whole-system summary: rows = a kind of body, columns = another layer, value = mean partners per body."""
    layer_ids = layer_ids or [layer.id for layer in LAYERS if layer.id in block_table.columns]
    rows = {}
    for layer_id in layer_ids:
        counts = partner_counts(block_table[layer_ids], layer_id)
        rows[layer_id] = counts.mean().round(2)
    summary = pd.DataFrame(rows).T.reindex(index=layer_ids, columns=layer_ids)
    return summary
