"""Combined authority lens: the justice bodies each mayor has to work with."""
from __future__ import annotations

import streamlit as st

from figures.layer_styles import legend_svg
from figures.overlay_map import ATTRIBUTION
from geo.combined_authority_lens import ERA_LABELS, ERAS, PARTNERS
from geo.coterminosity import BOUNDARY_VINTAGE
from geo.population_units import POPULATION_VINTAGE
from geo.registry import get_layer
from ui import lens_view, resources
from ui.lens_view import WEIGHTS
from ui.presentation import is_presenting, lead_and_details, present_map
from ui.state_keys import LENS_AUTHORITY, LENS_ERA, LENS_LAYER, LENS_WEIGHT
from ui.tables import display_table

st.title("Combined authority lens: who each mayor must work with")
presenting = is_presenting()
lead, rest = lead_and_details()  # presenting: the chosen authority's partners first, every authority on demand
with rest:
    st.caption("IPPR (2016, chapter 4) proposes that where a CRC contract fails and is terminated the MoJ consider "
               "handing probation to the city region mayor or PCC; where that CRC covers several force areas, \"the "
               "MoJ would need to reach agreement with every PCC or city region mayor in the region before agreeing "
               "any devolution deals\". For each combined authority and combined county authority as they stand in "
               "2025, and the Greater London Authority: the police force areas (PCCs), probation regions, Local "
               "Criminal Justice Board areas, CPS areas and court regions it overlaps, and how much of each lies "
               "outside it. The mayoral authorities of May 2021, with the CRCs and NPS divisions of that time, are "
               f"one click away (history). Boundaries: {BOUNDARY_VINTAGE}.")

resources.show_notices(lens_view.seed_era_from_link())
era = st.radio("Which authorities", list(ERAS), key=LENS_ERA, horizontal=True, format_func=ERA_LABELS.get)
st.query_params["era"] = era
overview = lens_view.overview(era)
with rest:
    st.subheader("Every authority at a glance")
    st.plotly_chart(overview.heatmap, key="lens_heatmap", width="stretch", config={"displaylogo": False})
    st.caption("Each cell: the number of bodies of that layer the authority overlaps · the mean share of those bodies' "
               "area lying outside the authority (area-weighted). A body mostly outside means the authority is a small "
               "part of a bigger body's patch.")
    with st.expander("Table: number of bodies per authority"):
        display_table(overview.bodies, hide_index=False)

resources.show_notices(lens_view.seed_from_link(overview.codes))
left, right = st.columns([2, 1])
with left:
    code = st.selectbox("Combined authority", overview.codes, key=LENS_AUTHORITY, format_func=overview.names.get)
with right:
    weight = st.radio("Weight by", list(WEIGHTS), key=LENS_WEIGHT, horizontal=True, format_func=WEIGHTS.get)
st.query_params["ca"], st.query_params["weight"] = code, weight

shown = lens_view.authority(code, weight, era)
if shown.population_unavailable:
    st.warning("Population figures are not available here, so shares are area-weighted.")
with lead:
    if presenting:  # the sentence names the authority: it is the takeaway
        st.markdown(f"**{shown.sentence}**")
    else:
        st.subheader(shown.name)
        st.info(shown.sentence)
    chart, map_column = st.columns([3, 2] if presenting else [1, 1])  # presenting: room for the bars' labels
with chart:
    st.plotly_chart(shown.bars, key="lens_bars", width="stretch", config={"displaylogo": False})
    if shown.weight == "population":
        st.caption(f"Residents: {POPULATION_VINTAGE}. Where a council merged after 2019 straddles the edge the "
                   "share is missing, not apportioned.")
with map_column:
    choices = list(PARTNERS[overview.authority_layer])
    if st.session_state.get(LENS_LAYER) not in choices:  # a layer of the other era (CRCs): back to force areas
        st.session_state[LENS_LAYER] = choices[0]
    layer_id = st.selectbox("Partner layer on the map", choices, key=LENS_LAYER, format_func=lambda i: get_layer(i).name)
    st.plotly_chart(present_map(lens_view.authority_map(code, layer_id, era)), key="lens_map", theme=None,
                    width="stretch", config={"scrollZoom": True, "displaylogo": False})
    st.markdown(f"{legend_svg(overview.authority_layer)} combined authorities &nbsp; {legend_svg(layer_id)} "
                f"{get_layer(layer_id).name} &nbsp; yellow fill: {shown.name}", unsafe_allow_html=True)
    st.caption(ATTRIBUTION)

with rest:
    if shown.mayor_source:
        st.caption(f"The mayor's police and crime commissioner functions: {shown.mayor_source}")
    display_table(shown.table)
    st.download_button(f"Download {shown.name}'s partners (CSV)", shown.csv,
                       file_name=f"combined_authority_partners_{code}.csv", mime="text/csv")
    st.download_button("Download every authority's partners (CSV)", overview.everything_csv,
                       file_name="combined_authority_partners.csv", mime="text/csv", key="dl_all_lens")
