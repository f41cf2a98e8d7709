"""The coterminosity page's view: each pair of layers measured once per process, its figures and tables cached."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures.coterminosity import (
    intersection_table,
    matrix_figure,
    matrix_rows,
    measures_table,
    partners_sentence,
    partners_table,
    ranked_bodies,
    split_map,
)
from geo.coterminosity import (
    CROSSING_MEASURE,
    DEFINITIONS,
    PairOverlap,
    pair_overlap,
    pairs_by_crossing,
    partner_counts,
    partners_summary,
    plural,
    upper_first,
)
from geo.population_units import POPULATION_VINTAGE, PopulationUnavailableError, population_units
from geo.registry import LAYERS
from indicators.csv_safety import safe_csv_bytes
from ui import resources
from ui.figure_view import frozen
from ui.params import parse_choice

LAYER_IDS = [layer.id for layer in LAYERS]
WEIGHTS = {"area": "Area (km²)", "population": "Residents (mid-2022)"}
# The page opens on the pair of today's layers that is least coterminous, measured (geo.coterminosity.CROSSING_MEASURE).
# A pair's view holds a map with its layer's GeoJSON: keep the pairs a team is looking at, not all 132.
PAIRS_KEPT = 48


@dataclass(frozen=True)
class DefaultPair:
    """The pair the page opens on, and why, in words."""

    pair: tuple[str, str]
    why: str


@st.cache_resource(show_spinner=False)
def default_pair() -> DefaultPair:
    """The least coterminous pair of today's layers, every pair measured once per process (about 0.2 s)."""
    ranked = pairs_by_crossing(resources.atlas())
    top = ranked.iloc[0]
    a, b = top["layer_a"], top["layer_b"]
    why = (f"Opens on {plural(a)} against {plural(b)}: of the {len(ranked)} pairs of today's layers, the least "
           f"coterminous, with {100 * top['crossing_share']:.1f}% of the land in pieces where neither body's area "
           f"contains the other's. Measure: {CROSSING_MEASURE}. "
           f"{int((ranked['crossing_share'] == 0).sum())} of the pairs nest exactly (0%).")
    return DefaultPair((a, b), why)


def opening_choice(raw_a: str | None, raw_b: str | None, raw_weight: str | None,
                   default: tuple[str, str] | None = None) -> tuple[str, str, str, list[str]]:
    """Layer A, layer B and weighting from the link (the default pair where absent), and notices for anything unknown.

    A link naming only one known layer keeps it and takes the other from the default pair, so the two differ."""
    default_a, default_b = default or default_pair().pair
    layer_a, notices = parse_choice(raw_a, LAYER_IDS, default_a, "layer")
    layer_b, more = parse_choice(raw_b, LAYER_IDS, default_b, "layer")
    weight, most = parse_choice(raw_weight, list(WEIGHTS), "area", "weighting")
    if layer_a == layer_b and raw_b not in LAYER_IDS:
        layer_b = default_a if layer_a == default_b else default_b
    elif layer_a == layer_b and raw_a not in LAYER_IDS:
        layer_a = default_b if layer_b == default_a else default_a
    return layer_a, layer_b, weight, notices + more + most


@dataclass(frozen=True)
class PairView:
    """What the page shows for layer A against layer B, whichever weighting is chosen."""

    headline: str
    measures: pd.DataFrame
    measures_csv: bytes
    population_missing: int  # A areas that cannot be weighted by population (a 2019-23 merger straddles them)
    has_population: bool
    n_bodies: int
    intersections: pd.DataFrame
    intersections_csv: bytes
    split_map: go.Figure
    ranked: pd.DataFrame
    ranked_csv: bytes


@dataclass(frozen=True)
class MatrixView:
    """The overlap matrix of a pair in one weighting, and how many of layer A's areas it draws."""

    figure: go.Figure
    rows_shown: int
    weighting_label: str


@dataclass(frozen=True)
class PartnersView:
    """Every partner of each body of one layer: the sentence, the table and its download."""

    sentence: str
    table: pd.DataFrame
    csv: bytes


@dataclass(frozen=True)
class CoterminosityView:
    """Everything the page draws for one choice of layers and weighting."""

    pair: PairView
    matrix: MatrixView
    partners: PartnersView
    weight: str  # the weighting shown: area when population was asked for but is unavailable
    population_unavailable: bool


@st.cache_resource(show_spinner=False)
def population() -> pd.DataFrame | None:
    """The mid-2022 population units, or None where the official file is not on this machine (read once)."""
    try:
        return population_units()
    except PopulationUnavailableError:
        return None


@st.cache_resource(show_spinner=False)
def counts() -> dict[str, pd.DataFrame]:
    """Partner counts of every layer against every other (once per process: about 0.1 s for all of them)."""
    blocks = resources.atlas().block_table
    return {layer_id: partner_counts(blocks, layer_id) for layer_id in LAYER_IDS}


@st.cache_resource(show_spinner=False)
def system_summary() -> pd.DataFrame:
    """Mean partners per body, every layer against every other, labelled for the page (once per process)."""
    summary = partners_summary(resources.atlas().block_table)
    summary.index = [upper_first(plural(i)) for i in summary.index]
    summary.columns = [plural(c) for c in summary.columns]
    return summary


@st.cache_resource(show_spinner="Measuring the overlaps…", max_entries=2 * PAIRS_KEPT)
def measured(layer_a: str, layer_b: str) -> PairOverlap:
    """Layer A against layer B in both weightings, measured once per process (30-120 ms the first time)."""
    return pair_overlap(resources.atlas(), layer_a, layer_b, population())


@st.cache_resource(show_spinner=False, max_entries=PAIRS_KEPT)
def pair(layer_a: str, layer_b: str) -> PairView:
    """The measures, tables and split map of one pair (whichever weighting is shown), built once per process."""
    atlas, found = resources.atlas(), measured(layer_a, layer_b)
    measures = measures_table({"measures": found.measures}, layer_a, layer_b)
    intersections = intersection_table(atlas, found.table, layer_a, layer_b, found.population)
    ranked = ranked_bodies(atlas, found.bodies, layer_a, layer_b)
    return PairView(found.headline, measures, safe_csv_bytes(measures),
                    int(found.measures.get("population_areas_missing", 0)), found.population is not None,
                    len(found.bodies), intersections, safe_csv_bytes(intersections),
                    frozen(split_map(atlas, found.bodies, layer_a, layer_b)), ranked, safe_csv_bytes(ranked))


@st.cache_resource(show_spinner=False, max_entries=2 * PAIRS_KEPT)
def matrix(layer_a: str, layer_b: str, weight: str) -> MatrixView:
    """The overlap matrix of one pair in one weighting ('area' or 'population'), built once per process."""
    found = measured(layer_a, layer_b)
    table, value = found.table, "share_of_a"
    if weight == "population" and found.population is not None:
        table = table.merge(found.population[["a_code", "b_code", "population_share_of_a"]],
                            on=["a_code", "b_code"], how="left")
        value = "population_share_of_a"
    rows = matrix_rows(found.bodies)
    label = "population-weighted, mid-2022" if value.startswith("population") else "area-weighted"
    return MatrixView(frozen(matrix_figure(resources.atlas(), table, layer_a, layer_b, rows, value)), len(rows), label)


@st.cache_resource(show_spinner=False)
def partners(layer_id: str) -> PartnersView:
    """How many bodies of every other layer each body of this layer deals with (once per layer and process)."""
    layer_counts = counts()[layer_id]
    others = [other for other in LAYER_IDS if other != layer_id]
    table = partners_table(resources.atlas(), layer_counts, layer_id, others)
    return PartnersView(partners_sentence(layer_counts, layer_id), table, safe_csv_bytes(table))


def view(layer_a: str, layer_b: str, weight: str) -> CoterminosityView:
    """What the page shows for two different layers and a weighting: every part looked up once it is made."""
    shown_pair = pair(layer_a, layer_b)
    unavailable = weight == "population" and not shown_pair.has_population
    shown_weight = "area" if unavailable else weight
    return CoterminosityView(shown_pair, matrix(layer_a, layer_b, shown_weight), partners(layer_a), shown_weight,
                             unavailable)


def measures_glossary() -> str:
    """What each measure on the coterminosity page means, as a Markdown list."""
    return "\n".join(f"- **{term}**: {text}." for term, text in (
        ("Wholly inside", DEFINITIONS["wholly_inside"]),
        ("Made up of whole areas of the other layer", DEFINITIONS["union_of_whole"]), ("Cut", DEFINITIONS["split"]),
        ("Outside", DEFINITIONS["outside"]), ("Made up of whole areas", DEFINITIONS["made_of_whole"]),
        ("Partners", DEFINITIONS["partners"]), ("Outside the main partner", DEFINITIONS["share_not_in_main"]),
        ("Area-weighted", "each area counts by its size in km² of the 2013-19 district blocks"),
        ("Population-weighted", f"each area counts by its residents ({POPULATION_VINTAGE})")))
