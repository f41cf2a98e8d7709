"""Prisons: the estate on the map and how far residents live from their resettlement prisons."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from figures.overlay_map import ATTRIBUTION
from figures.prisons import METRICS, crc_names, distance_map, distance_table, prison_table, prisons_map, with_crc_names
from geo.prisons import GEOCODE_GAP_KM, LOCATION_SOURCE, NOMIS_SOURCE, PRISON_SOURCE, load_prisons, with_areas
from geo.registry import LAYERS, get_layer
from geo.resettlement_distance import FAR_KM, METHOD, POPULATION_SOURCE, area_distances, district_table
from indicators.csv_safety import safe_csv_bytes
from ui import resources
from ui.layer_picker import legend_html, pick_layers
from ui.params import parse_choice, parse_choices

atlas = resources.atlas()


@st.cache_data(show_spinner="Locating the prisons through the postcode directory…")
def prisons() -> pd.DataFrame:
    return with_areas(load_prisons(), resources.atlas())


@st.cache_data(show_spinner="Measuring distances from every postcode (first run only, about 25 seconds)…")
def district_sums() -> pd.DataFrame:
    return district_table(resources.atlas())


st.title("Prisons: where the estate is, and how far from home")
st.caption("Every establishment in the NOMS list of the prison estate (27 Feb 2017), placed by its postcode. "
           "IPPR (2016) pictures a system in which \"low- and medium-risk offenders are incarcerated near to their "
           "homes and families\" (chapter 4, through-the-gate provision), and reports the criticism that CRC areas "
           "are too broad, \"obliging offenders to travel unreasonably long distances to access probation "
           "services\" (chapter 1). The second half of this page measures how far residents live from resettlement "
           "prisons, for any layer of areas.")

try:
    estate = with_crc_names(prisons(), crc_names(atlas))
except FileNotFoundError as error:
    st.error(str(error))
    st.stop()

notices: list[str] = []
operators = sorted(estate["operator"].unique())
groups = sorted(estate["prison_group"].unique())
if "prison_operators" not in st.session_state:
    st.session_state["prison_operators"], extra = parse_choices(st.query_params.get("operator"), operators,
                                                                 operators, "operators")
    notices += extra
    st.session_state["prison_groups"], extra = parse_choices(st.query_params.get("group"), groups, groups,
                                                              "prison groups")
    notices += extra
resources.show_notices(notices)

st.header("The prison estate, February 2017")
controls, chart = st.columns([1, 3])
with controls:
    chosen_operators = st.multiselect("Operator", operators, key="prison_operators")
    chosen_groups = st.multiselect("Prison group (NOMS, Feb 2017)", groups, key="prison_groups")
    only_resettlement = st.toggle("Only designated resettlement prisons", key="prison_only_resettlement")
    if "prison_layers" not in st.session_state and "layers" not in st.query_params:
        # Prisons read best over the CRC areas they serve, on unfilled councils.
        st.session_state["prison_layers"], st.session_state["prison_layers_fill"] = ["crc"], False
    layer_ids, fill, layer_notices = pick_layers("prison_layers")
    resources.show_notices(layer_notices)
    st.markdown(legend_html(layer_ids), unsafe_allow_html=True)
st.query_params["operator"] = ",".join(chosen_operators) if chosen_operators != operators else ""
st.query_params["group"] = ",".join(chosen_groups) if chosen_groups != groups else ""

shown = estate[estate["operator"].isin(chosen_operators) & estate["prison_group"].isin(chosen_groups)]
if only_resettlement:
    shown = shown[shown["resettlement_prison"]]
with chart:
    if shown.empty:
        st.warning("No prison matches these filters: choose at least one operator and one prison group.")
    st.plotly_chart(prisons_map(atlas, shown, layer_ids, fill_councils=fill, hover=resources.hover_text()),
                    key="prisons_map", theme=None, config={"scrollZoom": True, "displaylogo": False},
                    width="stretch")
    st.caption(f"{len(shown)} of {len(estate)} establishments shown; "
               f"{int(shown['resettlement_prison'].sum())} of them designated resettlement prisons. "
               "Large purple dots with a black ring are resettlement prisons; small pale blue dots are the "
               "rest (the legend says the same in words). " + ATTRIBUTION)

settle = estate[estate["resettlement_prison"]]
away = settle[~settle["serves_own_crc"]]
st.markdown(f"**{len(away)} of {len(settle)} resettlement prisons sit outside every CRC area they serve** "
            f"({', '.join(away['prison'])}): the CRC of the place where each one stands is taken from the 2013 "
            "district its postcode falls in.")
table = prison_table(shown)
st.dataframe(table, hide_index=True, width="stretch", height=360)
st.download_button("Download these prisons (CSV)", safe_csv_bytes(table),
                   file_name="prisons_feb2017.csv", mime="text/csv")
flagged = estate[estate["location_note"] != ""]
with st.expander(f"Location checks: {len(flagged)} establishments with a note"):
    st.markdown(f"Each prison is placed by the postcode in its postal address. The shared file also carries a "
                f"third-party geocode; where the two are more than {GEOCODE_GAP_KM:g} km apart, or the postcode "
                "could not be used, it is said here rather than hidden.")
    st.dataframe(prison_table(flagged), hide_index=True, width="stretch")

st.header("Distance from home to resettlement prisons")
layer_choices = [layer.id for layer in LAYERS]
if "distance_layer" not in st.session_state:
    st.session_state["distance_layer"], extra = parse_choice(st.query_params.get("area"), layer_choices, "crc",
                                                             "layer")
    st.session_state["distance_metric"], more = parse_choice(st.query_params.get("metric"), list(METRICS),
                                                             "men_crc_km", "measure")
    resources.show_notices(extra + more)
pick_layer, pick_metric = st.columns(2)
layer_id = pick_layer.selectbox("Areas", layer_choices, key="distance_layer", format_func=lambda i: get_layer(i).name)
metric = pick_metric.selectbox("Measure", list(METRICS), key="distance_metric", format_func=lambda m: METRICS[m][0])
st.query_params["area"] = layer_id
st.query_params["metric"] = metric

distances = area_distances(district_sums(), atlas.block_table, layer_id)
ranked = distance_table(atlas, distances, layer_id, metric)
st.markdown(f"**{METRICS[metric][0]}**, by {get_layer(layer_id).singular}. {METRICS[metric][1]}")
map_column, table_column = st.columns([3, 2])
with map_column:
    st.plotly_chart(distance_map(atlas, distances, layer_id, metric, estate), key="distance_map", theme=None,
                    config={"scrollZoom": True, "displaylogo": False}, width="stretch")
    st.caption("Darker blue and a larger grey circle both mean a larger value; areas with no value are left "
               "blank. " + ATTRIBUTION)
with table_column:
    st.dataframe(ranked, hide_index=True, width="stretch", height=560)
    st.download_button("Download the distances (CSV)", safe_csv_bytes(ranked),
                       file_name=f"resettlement_distance_{layer_id}.csv", mime="text/csv")
women_settle = estate[estate["resettlement_prison"] & (estate["estate"] == "women")]
women_crcs = {code for codes in women_settle["resettlement_crc_codes"] for code in codes.split(";")}
st.info(f"**Method (population-weighted, not area-weighted).** {METHOD} Which prisons serve an area: each "
        "resettlement prison's lead CRC contract package area (CPA number) in the Feb 2017 NOMS list, matched to "
        "the CRC code CPAnn in our force-area facts (data/facts/police_force_area_to_justice_areas.csv); a prison "
        "listed for two CPAs serves both. Residents of every area are measured to their own CRC's prisons, so "
        f"a layer that cuts across CRCs mixes several CRCs' prisons. 'Over {FAR_KM:g} km' uses the same "
        f"straight line. The list names a lead CRC area for {len(women_settle)} women's prisons, covering "
        f"{len(women_crcs)} of the 21 CRCs; the women's measure for the others is missing, not zero.")

with st.expander("Sources and vintages"):
    st.markdown(
        f"- Prisons, groups, operators, functions, resettlement designations: {PRISON_SOURCE}.\n"
        f"- Prison locations: {LOCATION_SOURCE}. Coordinates in the shared file (Google geocoding via ggmap) "
        "are used only to check, and for a prison whose postcode is unusable.\n"
        f"- NOMIS ids: {NOMIS_SOURCE} (blank where the 2016 bulletin has no match).\n"
        f"- Population: {POPULATION_SOURCE}.\n"
        "- Areas: the 2013-19 districts and the layers built from them (see the overlay map page).\n"
        "- The estate has changed since 2017 (e.g. Berwyn opened, Holloway closed, CRCs ended in June 2021): "
        "this is the February 2017 picture.")
