"""Prisons: the estate on the map and how far residents live from their resettlement prisons."""
from __future__ import annotations

import streamlit as st

from figures.overlay_map import ATTRIBUTION
from figures.prisons import METRICS
from geo.prisons import GEOCODE_GAP_KM, LOCATION_SOURCE, NOMIS_SOURCE, PRISON_SOURCE
from geo.registry import get_layer
from geo.resettlement_distance import FAR_KM, METHOD, POPULATION_SOURCE
from ui import prisons_view, resources
from ui.layer_picker import legend_html, pick_layers
from ui.presentation import is_presenting, lead_and_details, present_map
from ui.prisons_view import LAYER_CHOICES
from ui.state_keys import (
    DISTANCE_LAYER,
    DISTANCE_METRIC,
    PRISON_GROUPS,
    PRISON_LAYERS,
    PRISON_ONLY_RESETTLEMENT,
    PRISON_OPERATORS,
)
from ui.tables import display_table

st.title("Prisons: where the estate is, and how far from home")
presenting = is_presenting()
lead, rest = lead_and_details()  # presenting: the estate on the map, distances and tables on demand
with rest:
    st.caption("Every establishment in the NOMS list of the prison estate (27 Feb 2017), placed by its postcode. "
               "IPPR (2016) pictures a system in which \"low- and medium-risk offenders are incarcerated near to "
               "their homes and families\" (chapter 4, through-the-gate provision), and reports the criticism that CRC "
               "areas are too broad, \"obliging offenders to travel unreasonably long distances to access probation "
               "services\" (chapter 1). The second half of this page measures how far residents live from "
               "resettlement prisons, for any layer of areas.")

estate = prisons_view.estate()
if estate.error:
    st.error(estate.error)
    st.stop()
resources.show_notices(prisons_view.seed_filters(estate))

if presenting:
    with lead:
        st.markdown(estate.away)  # the takeaway
else:
    st.header("The prison estate, February 2017")
with lead:
    controls, chart = st.columns([1, 3])
with controls:
    operators = st.multiselect("Operator", estate.operators, key=PRISON_OPERATORS)
    groups = st.multiselect("Prison group (NOMS, Feb 2017)", estate.groups, key=PRISON_GROUPS)
    only_resettlement = st.toggle("Only designated resettlement prisons", key=PRISON_ONLY_RESETTLEMENT)
    layer_ids, fill, layer_notices = pick_layers(PRISON_LAYERS)
    resources.show_notices(layer_notices)
    st.markdown(legend_html(layer_ids), unsafe_allow_html=True)
st.query_params["operator"] = prisons_view.filter_param(operators, estate.operators)
st.query_params["group"] = prisons_view.filter_param(groups, estate.groups)

filters = (tuple(operators), tuple(groups), only_resettlement)
shown = prisons_view.estate_view(*filters)
with chart:
    if shown.empty:
        st.warning("No prison matches these filters: choose at least one operator and one prison group.")
    st.plotly_chart(present_map(prisons_view.estate_map(*filters, tuple(layer_ids), fill)), key="prisons_map",
                    theme=None, config={"scrollZoom": True, "displaylogo": False}, width="stretch")
    st.caption(f"{shown.shown} of {len(estate.prisons)} establishments shown; "
               f"{shown.resettlement} of them designated resettlement prisons. "
               "Large purple dots with a black ring are resettlement prisons; small pale blue dots are the "
               "rest (the legend says the same in words). " + ATTRIBUTION)

with rest:
    if not presenting:
        st.markdown(estate.away)
    display_table(shown.table, height=360)
    st.download_button("Download these prisons (CSV)", shown.csv, file_name="prisons_feb2017.csv", mime="text/csv")
    with st.expander(f"Location checks: {len(estate.flagged)} establishments with a note"):
        st.markdown(f"Each prison is placed by the postcode in its postal address. The shared file also carries a "
                    f"third-party geocode; where the two are more than {GEOCODE_GAP_KM:g} km apart, or the postcode "
                    "could not be used, it is said here rather than hidden.")
        display_table(estate.flagged)

    st.header("Distance from home to resettlement prisons")
    resources.show_notices(prisons_view.seed_distance())
    pick_layer, pick_metric = st.columns(2)
    layer_id = pick_layer.selectbox("Areas", LAYER_CHOICES, key=DISTANCE_LAYER, format_func=lambda i: get_layer(i).name)
    metric = pick_metric.selectbox("Measure", list(METRICS), key=DISTANCE_METRIC, format_func=lambda m: METRICS[m][0])
    st.query_params["area"] = layer_id
    st.query_params["metric"] = metric

    distances = prisons_view.distance_view(layer_id, metric)
    st.markdown(f"**{METRICS[metric][0]}**, by {get_layer(layer_id).singular}. {METRICS[metric][1]}")
    # The ranking under the map, across the page: beside it, its figures sat past the right edge at 1280 px.
    st.plotly_chart(distances.map, key="distance_map", theme=None, config={"scrollZoom": True, "displaylogo": False},
                    width="stretch")
    st.caption("Darker blue and a larger grey circle both mean a larger value; areas with no value are left "
               "blank. " + ATTRIBUTION)
    display_table(distances.table, height=420)
    st.download_button("Download the distances (CSV)", distances.csv,
                       file_name=f"resettlement_distance_{layer_id}.csv", mime="text/csv")
    st.info(f"**Method (population-weighted, not area-weighted).** {METHOD} Which prisons serve an area: each "
            "resettlement prison's lead CRC contract package area (CPA number) in the Feb 2017 NOMS list, matched to "
            "the CRC's contract package number in the project's table of force areas and their justice bodies; a prison "
            "listed for two CPAs serves both. Residents of every area are measured to their own CRC's prisons, so "
            f"a layer that cuts across CRCs mixes several CRCs' prisons. 'Over {FAR_KM:g} km' uses the same "
            f"straight line. The list names a lead CRC area for {estate.women_prisons} women's prisons, covering "
            f"{estate.women_crcs} of the 21 CRCs; the women's measure for the others is missing, not zero.")

    with st.expander("Sources and vintages"):
        st.markdown(
            f"- Prisons, groups, operators, functions, resettlement designations: {PRISON_SOURCE}.\n"
            f"- Prison locations: {LOCATION_SOURCE}. Coordinates in the shared file (a third-party geocode) "
            "are used only to check, and for a prison whose postcode is unusable.\n"
            f"- NOMIS ids: {NOMIS_SOURCE} (blank where the 2016 bulletin has no match).\n"
            f"- Population: {POPULATION_SOURCE}.\n"
            "- Areas: the 2013-19 districts and the layers built from them (see the overlay map page).\n"
            "- The estate has changed since 2017 (e.g. Berwyn opened, Holloway closed, CRCs ended in June 2021): "
            "this is the February 2017 picture.")
