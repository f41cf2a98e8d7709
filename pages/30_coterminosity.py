"""Coterminosity: how well the boundaries of any two layers line up, measured."""
from __future__ import annotations

import streamlit as st

from figures.overlay_map import ATTRIBUTION
from geo.coterminosity import BOUNDARY_VINTAGE, plural
from geo.population_units import POPULATION_VINTAGE
from geo.registry import get_layer
from ui import coterminosity_view, resources
from ui.coterminosity_view import LAYER_IDS, WEIGHTS
from ui.presentation import is_presenting, lead_and_details, present_map
from ui.state_keys import COT_LAYER_A, COT_LAYER_B, COT_WEIGHT
from ui.tables import display_table

st.title("Coterminosity: do the boundaries line up?")
presenting = is_presenting()
lead, rest = lead_and_details()  # presenting: the headline and the split-area map, the rest on demand
with rest:
    st.caption("Pick two layers. Patchwork measures how the areas of the first sit inside the areas of the second: "
               "which lie wholly inside one, which are unions of whole areas, which are cut by the other's "
               "boundaries, and how many bodies each must deal with. Layers of today come first; earlier ones are "
               "marked history. "
               f"Boundaries: {BOUNDARY_VINTAGE}; every layer is built from the same 348 district blocks, so the "
               "overlaps are exact (no slivers, no threshold).")

notices: list[str] = []
if COT_LAYER_A not in st.session_state:
    (st.session_state[COT_LAYER_A], st.session_state[COT_LAYER_B], st.session_state[COT_WEIGHT],
     notices) = coterminosity_view.opening_choice(st.query_params.get("a"), st.query_params.get("b"),
                                                  st.query_params.get("weight"))
resources.show_notices(notices)
left, middle, right = st.columns([2, 2, 1])
with left:
    layer_a = st.selectbox("Layer A: the areas measured", LAYER_IDS, key=COT_LAYER_A,
                           format_func=lambda i: get_layer(i).name)
with middle:
    layer_b = st.selectbox("Layer B: the areas they should sit inside", LAYER_IDS, key=COT_LAYER_B,
                           format_func=lambda i: get_layer(i).name)
with right:
    weight = st.radio("Weight shares by", list(WEIGHTS), key=COT_WEIGHT, format_func=WEIGHTS.get)
st.query_params["a"], st.query_params["b"], st.query_params["weight"] = layer_a, layer_b, weight

if layer_a == layer_b:
    st.error("Choose two different layers: a layer always lines up with itself.")
    st.stop()

shown = coterminosity_view.view(layer_a, layer_b, weight)
pair, matrix, partners = shown.pair, shown.matrix, shown.partners
if shown.population_unavailable:
    st.warning("Population figures are not available here (the official file was not found), so shares are "
               "area-weighted.")
a_one, b_one, a_many, b_many = get_layer(layer_a).singular, get_layer(layer_b).singular, plural(layer_a), plural(layer_b)

if presenting:
    with lead:
        st.markdown(f"**{pair.headline}**")
else:
    st.header("Headline")
    st.info(pair.headline)
with rest:
    if (layer_a, layer_b) == coterminosity_view.default_pair().pair:
        st.caption(coterminosity_view.default_pair().why)
    st.caption(f"Counts of whole areas (unweighted). Boundaries: {BOUNDARY_VINTAGE}.")
    display_table(pair.measures)
    missing = pair.population_missing
    st.caption(f"Population-weighted rows use {POPULATION_VINTAGE}. "
               + (f"{missing} {a_many} cannot be weighted by population because a later (2019-23) merged council "
                  "straddles their edge; they are left out, not apportioned." if missing else
                  "Every area could be weighted: no 2019-23 council merger straddles these boundaries."))
with rest, st.expander("What the measures mean", expanded=False):
    st.markdown(coterminosity_view.measures_glossary())
with rest:
    st.download_button("Download the measures (CSV)", pair.measures_csv,
                       file_name=f"coterminosity_measures_{layer_a}_{layer_b}.csv", mime="text/csv")

    st.header(f"Overlap matrix ({matrix.weighting_label})")
    if matrix.rows_shown < pair.n_bodies:
        st.caption(f"{pair.n_bodies} {a_many} are too many to draw: the matrix shows the {matrix.rows_shown} most split; "
                   "the table below and the download hold them all.")
    st.plotly_chart(matrix.figure, key="cot_matrix", width="stretch", config={"displaylogo": False})
    st.caption("Each row is one area of layer A; each cell the share of it lying in one area of layer B. Percentages "
               "are written in the cells where they fit; otherwise hover, or open the table below. "
               f"Boundaries: {BOUNDARY_VINTAGE}.")
    with st.expander(f"Table: every overlap of a {a_one} and a {b_one}"):
        display_table(pair.intersections)
    st.download_button("Download the overlaps (CSV)", pair.intersections_csv,
                       file_name=f"coterminosity_{layer_a}_{layer_b}.csv", mime="text/csv", key="dl_overlaps")

if not presenting:
    st.header(f"Where {b_many} boundaries cut the {a_many}")
with lead:
    st.plotly_chart(present_map(pair.split_map), key="cot_map", theme=None, width="stretch",
                    config={"scrollZoom": True, "displaylogo": False})
    st.caption(f"Fill and outline width mark each {a_one}: areas cut by a {b_one} boundary have a thick black edge. "
               f"The {get_layer(layer_b).name} boundaries are drawn on top in their own line style. " + ATTRIBUTION)

with rest:
    st.header(f"The most fragmented {a_many}")
    display_table(pair.ranked, height=360)
    st.caption(f"Ranked by the number of {b_many} each deals with, then by the share lying outside its main one. "
               f"Boundaries: {BOUNDARY_VINTAGE}.")
    st.download_button("Download the ranked table (CSV)", pair.ranked_csv,
                       file_name=f"most_fragmented_{layer_a}_by_{layer_b}.csv", mime="text/csv", key="dl_ranked")

    st.header(f"Every partner of each {a_one}")
    st.caption("For each body, how many bodies of every other layer it overlaps and so must deal with (unweighted "
               "counts; partial layers such as combined authorities count only where they exist).")
    st.markdown(partners.sentence)
    display_table(partners.table, height=320)
    st.download_button("Download the partner counts (CSV)", partners.csv,
                       file_name=f"partners_per_{layer_a}.csv", mime="text/csv", key="dl_partners")
    with st.expander("Whole system: mean partners per body, every layer against every other"):
        display_table(coterminosity_view.system_summary(), hide_index=False)
        st.caption("Row = a kind of body; column = another layer; value = how many bodies of that layer the average "
                   "body of the row overlaps (unweighted).")
