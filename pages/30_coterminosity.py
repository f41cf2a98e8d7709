"""Coterminosity: how well the boundaries of any two layers line up, measured."""
from __future__ import annotations

import pandas as pd
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
from figures.overlay_map import ATTRIBUTION
from geo.coterminosity import (
    BOUNDARY_VINTAGE,
    DEFINITIONS,
    atlas_measures,
    body_table,
    partner_counts,
    partners_summary,
    plural,
    upper_first,
)
from geo.overlap import exact_overlap
from geo.population_units import POPULATION_VINTAGE, PopulationUnavailableError, population_overlap, population_units
from geo.registry import LAYERS, get_layer
from indicators.csv_safety import safe_csv_bytes
from ui import resources
from ui.params import parse_choice

atlas = resources.atlas()
LAYER_IDS = [layer.id for layer in LAYERS]
WEIGHTS = {"area": "Area (km²)", "population": "Residents (mid-2022)"}


@st.cache_data(show_spinner=False)
def _units() -> pd.DataFrame | None:
    try:
        return population_units()
    except PopulationUnavailableError:
        return None


@st.cache_data(show_spinner="Measuring the overlaps…")
def _pair(layer_a: str, layer_b: str) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame, dict]:
    units = _units()
    table = exact_overlap(atlas, layer_a, layer_b)
    population = population_overlap(atlas.block_table, units, layer_a, layer_b) if units is not None else None
    bodies = body_table(table, list(atlas.layer_areas(layer_a)["area_code"]), population)
    result = atlas_measures(atlas, layer_a, layer_b, with_population=units is not None, units=units)
    return table, population, bodies, result


@st.cache_data(show_spinner=False)
def _partners(layer_id: str) -> pd.DataFrame:
    return partner_counts(atlas.block_table, layer_id)


st.title("Coterminosity: do the boundaries line up?")
st.caption("Pick two layers. Patchwork measures how the areas of the first sit inside the areas of the second: "
           "which lie wholly inside one, which are split, and how many bodies each must deal with. "
           f"Boundaries: {BOUNDARY_VINTAGE}; every layer is built from the same 348 district blocks, so the "
           "overlaps are exact (no slivers, no threshold).")

notices: list[str] = []
if "cot_a" not in st.session_state:
    st.session_state["cot_a"], n1 = parse_choice(st.query_params.get("a"), LAYER_IDS, "police_force_area", "layer")
    st.session_state["cot_b"], n2 = parse_choice(st.query_params.get("b"), LAYER_IDS, "crc", "layer")
    st.session_state["cot_w"], n3 = parse_choice(st.query_params.get("weight"), list(WEIGHTS), "area", "weighting")
    notices = n1 + n2 + n3
resources.show_notices(notices)
left, middle, right = st.columns([2, 2, 1])
with left:
    layer_a = st.selectbox("Layer A: the areas measured", LAYER_IDS, key="cot_a",
                           format_func=lambda i: get_layer(i).name)
with middle:
    layer_b = st.selectbox("Layer B: the areas they should sit inside", LAYER_IDS, key="cot_b",
                           format_func=lambda i: get_layer(i).name)
with right:
    weight = st.radio("Weight shares by", list(WEIGHTS), key="cot_w", format_func=WEIGHTS.get)
st.query_params["a"], st.query_params["b"], st.query_params["weight"] = layer_a, layer_b, weight

if layer_a == layer_b:
    st.error("Choose two different layers: a layer always lines up with itself.")
    st.stop()

table, population, bodies, result = _pair(layer_a, layer_b)
if weight == "population" and population is None:
    st.warning("Population figures are not available here (the official file was not found), so shares are "
               "area-weighted.")
    weight = "area"
a_many, b_many = plural(layer_a), plural(layer_b)

st.header("Headline")
st.info(result["headline"])
st.caption(f"Counts of whole areas (unweighted). Boundaries: {BOUNDARY_VINTAGE}.")
measures = measures_table(result, layer_a, layer_b)
st.dataframe(measures, hide_index=True, width="stretch")
missing = result["measures"].get("population_areas_missing", 0)
st.caption(f"Population-weighted rows use {POPULATION_VINTAGE}. "
           + (f"{missing} {a_many} cannot be weighted by population because a later (2019-23) merged council "
              "straddles their edge; they are left out, not apportioned." if missing else
              "Every area could be weighted: no 2019-23 council merger straddles these boundaries."))
with st.expander("What the measures mean", expanded=False):
    st.markdown("\n".join(f"- **{term}**: {text}." for term, text in (
        ("Wholly inside", DEFINITIONS["wholly_inside"]), ("Split", DEFINITIONS["split"]),
        ("Outside", DEFINITIONS["outside"]), ("Made up of whole areas", DEFINITIONS["made_of_whole"]),
        ("Partners", DEFINITIONS["partners"]), ("Outside the main partner", DEFINITIONS["share_not_in_main"]),
        ("Area-weighted", "each area counts by its size in km² of the 2013-19 district blocks"),
        ("Population-weighted", f"each area counts by its residents ({POPULATION_VINTAGE})"))))
st.download_button("Download the measures (CSV)", safe_csv_bytes(measures),
                   file_name=f"coterminosity_measures_{layer_a}_{layer_b}.csv", mime="text/csv")

weighting_label = "population-weighted, mid-2022" if weight == "population" else "area-weighted"
st.header(f"Overlap matrix ({weighting_label})")
rows = matrix_rows(bodies)
if len(rows) < len(bodies):
    st.caption(f"{len(bodies)} {a_many} are too many to draw: the matrix shows the {len(rows)} most split; "
               "the table below and the download hold them all.")
merged = table if population is None else table.merge(
    population[["a_code", "b_code", "population_share_of_a"]], on=["a_code", "b_code"], how="left")
value = "population_share_of_a" if weight == "population" else "share_of_a"
st.plotly_chart(matrix_figure(atlas, merged, layer_a, layer_b, rows, value), key="cot_matrix", width="stretch",
                config={"displaylogo": False})
st.caption("Each row is one area of layer A; each cell the share of it lying in one area of layer B. Percentages "
           "are written in the cells where they fit; otherwise hover, or open the table below. "
           f"Boundaries: {BOUNDARY_VINTAGE}.")
intersections = intersection_table(atlas, table, layer_a, layer_b, population)
with st.expander(f"Table: every overlap of a {get_layer(layer_a).singular} and a {get_layer(layer_b).singular}"):
    st.dataframe(intersections, hide_index=True, width="stretch")
st.download_button("Download the overlaps (CSV)", safe_csv_bytes(intersections),
                   file_name=f"coterminosity_{layer_a}_{layer_b}.csv", mime="text/csv", key="dl_overlaps")

st.header(f"Where the {a_many} are split")
st.plotly_chart(split_map(atlas, bodies, layer_a, layer_b), key="cot_map", theme=None, width="stretch",
                config={"scrollZoom": True, "displaylogo": False})
st.caption(f"Fill and outline width mark each {get_layer(layer_a).singular}: split areas have a thick black edge. "
           f"The {get_layer(layer_b).name} boundaries are drawn on top in their own line style. " + ATTRIBUTION)

st.header(f"The most fragmented {a_many}")
ranked = ranked_bodies(atlas, bodies, layer_a, layer_b)
st.dataframe(ranked, hide_index=True, width="stretch", height=360)
st.caption(f"Ranked by the number of {b_many} each deals with, then by the share lying outside its main one. "
           f"Boundaries: {BOUNDARY_VINTAGE}.")
st.download_button("Download the ranked table (CSV)", safe_csv_bytes(ranked),
                   file_name=f"most_fragmented_{layer_a}_by_{layer_b}.csv", mime="text/csv", key="dl_ranked")

st.header(f"Every partner of each {get_layer(layer_a).singular}")
st.caption("For each body, how many bodies of every other layer it overlaps and so must deal with (unweighted "
           "counts; partial layers such as combined authorities count only where they exist).")
others = [layer.id for layer in LAYERS if layer.id != layer_a]
st.markdown(partners_sentence(_partners(layer_a), layer_a))
partners = partners_table(atlas, _partners(layer_a), layer_a, others)
st.dataframe(partners, hide_index=True, width="stretch", height=320)
st.download_button("Download the partner counts (CSV)", safe_csv_bytes(partners),
                   file_name=f"partners_per_{layer_a}.csv", mime="text/csv", key="dl_partners")
with st.expander("Whole system: mean partners per body, every layer against every other"):
    summary = partners_summary(atlas.block_table)
    summary.index = [upper_first(plural(i)) for i in summary.index]
    summary.columns = [plural(c) for c in summary.columns]
    st.dataframe(summary, width="stretch")
    st.caption("Row = a kind of body; column = another layer; value = how many bodies of that layer the average "
               "body of the row overlaps (unweighted).")
