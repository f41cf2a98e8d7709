"""Combined authority lens: the justice bodies each mayor has to work with."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from figures.coterminosity import lens_bars, lens_heatmap
from figures.layer_styles import legend_svg
from figures.overlay_map import ATTRIBUTION, overlay_figure, zoom_to_bounds
from geo.combined_authority_lens import COMBINED_AUTHORITY, PARTNER_LAYERS, partners, summary
from geo.coterminosity import BOUNDARY_VINTAGE, plural, upper_first
from geo.population_units import POPULATION_VINTAGE, PopulationUnavailableError, population_units
from geo.registry import get_layer
from indicators.csv_safety import safe_csv_bytes
from ui import resources
from ui.params import parse_choice

atlas = resources.atlas()


@st.cache_data(show_spinner="Measuring each authority's partners…")
def _partners() -> pd.DataFrame:
    try:
        units = population_units()
    except PopulationUnavailableError:
        units = None
    return partners(atlas, units)


st.title("Combined authority lens: who each mayor must work with")
st.caption("IPPR (2016, chapter 4) proposes that where a CRC contract fails and is terminated the MoJ consider "
           "handing probation to the city region mayor or PCC; where that CRC covers several force areas, \"the MoJ "
           "would need to reach agreement with every PCC or city region mayor in the region before agreeing any "
           "devolution deals\". For each mayoral combined authority and the Greater London Authority (membership as "
           "at May 2021): the police force areas (PCCs), CRCs, NPS divisions, probation regions, CPS areas and court "
           f"regions it overlaps, and how much of each lies outside it. Boundaries: {BOUNDARY_VINTAGE}.")

rows = _partners()
table = summary(rows)
st.subheader("Every authority at a glance")
st.plotly_chart(lens_heatmap(atlas, table, rows), key="lens_heatmap", width="stretch", config={"displaylogo": False})
st.caption("Each cell: the number of bodies of that layer the authority overlaps · the mean share of those bodies' "
           "area lying outside the authority (area-weighted). A body mostly outside means the authority is a small "
           "part of a bigger body's patch.")
wide = table.pivot(index="combined_authority", columns="layer", values="bodies")[list(PARTNER_LAYERS)]
wide.columns = [upper_first(plural(c)) for c in wide.columns]
with st.expander("Table: number of bodies per authority"):
    st.dataframe(wide, width="stretch")

codes = sorted(rows["combined_authority_code"].unique(), key=lambda c: atlas.area_name(COMBINED_AUTHORITY, c))
if "lens_ca" not in st.session_state:
    st.session_state["lens_ca"], notices = parse_choice(st.query_params.get("ca"), codes, "E47000004",
                                                        "combined authority")
    st.session_state["lens_weight"], more = parse_choice(st.query_params.get("weight"), ["area", "population"],
                                                         "area", "weighting")
    resources.show_notices(notices + more)
left, right = st.columns([2, 1])
with left:
    code = st.selectbox("Combined authority", codes, key="lens_ca",
                        format_func=lambda c: atlas.area_name(COMBINED_AUTHORITY, c))
with right:
    has_population = "population_share_of_body_outside" in rows
    weight = st.radio("Weight by", ["area", "population"], key="lens_weight", horizontal=True,
                      format_func={"area": "Area (km²)", "population": "Residents (mid-2022)"}.get)
st.query_params["ca"], st.query_params["weight"] = code, weight
if weight == "population" and not has_population:
    st.warning("Population figures are not available here, so shares are area-weighted.")
    weight = "area"

mine = rows[rows["combined_authority_code"] == code]
name = atlas.area_name(COMBINED_AUTHORITY, code)
forces, crcs = mine[mine["layer"] == "police_force_area"], mine[mine["layer"] == "crc"]
st.subheader(name)
st.info(f"{name} works with {len(forces)} police force area{'s' if len(forces) != 1 else ''} "
        f"({', '.join(forces['body'])}), {len(crcs)} CRC{'s' if len(crcs) != 1 else ''} and "
        f"{len(mine) - len(forces) - len(crcs)} other justice bodies (NPS division, probation region, CPS area, "
        "court region); "
        f"{int((mine['share_of_body_outside'] > 1e-6).sum())} of its {len(mine)} partner bodies reach beyond its "
        "edge (area-weighted).")
chart, map_column = st.columns([1, 1])
with chart:
    st.plotly_chart(lens_bars(mine, weight), key="lens_bars", width="stretch", config={"displaylogo": False})
    if weight == "population":
        st.caption(f"Residents: {POPULATION_VINTAGE}. Where a council merged after 2019 straddles the edge the "
                   "share is missing, not apportioned.")
with map_column:
    layer_id = st.selectbox("Partner layer on the map", list(PARTNER_LAYERS), key="lens_layer",
                            format_func=lambda i: get_layer(i).name)
    districts = atlas.block_table.index[atlas.block_table[COMBINED_AUTHORITY] == code].tolist()
    bodies = mine.loc[mine["layer"] == layer_id, "body_code"]
    boxes = atlas.areas[(atlas.areas["layer"] == layer_id) & atlas.areas["area_code"].isin(bodies)]["bounds"]
    bounds = [json.loads(b) for b in boxes]
    view = zoom_to_bounds([min(b[0] for b in bounds), min(b[1] for b in bounds),
                           max(b[2] for b in bounds), max(b[3] for b in bounds)], width_px=520, height_px=480)
    view["zoom"] = round(max(view["zoom"] - 1.0, 4.5), 2)  # the column is narrow: leave room round the bodies
    figure = overlay_figure(atlas, [COMBINED_AUTHORITY, layer_id], fill_councils=False, highlight_codes=districts,
                            view=view, hover=resources.hover_text(), height=480)
    figure.update_layout(uirevision=f"lens-{code}-{layer_id}")
    st.plotly_chart(figure, key="lens_map", theme=None, width="stretch",
                    config={"scrollZoom": True, "displaylogo": False})
    st.markdown(f"{legend_svg(COMBINED_AUTHORITY)} combined authorities &nbsp; {legend_svg(layer_id)} "
                f"{get_layer(layer_id).name} &nbsp; yellow fill: {name}", unsafe_allow_html=True)
    st.caption(ATTRIBUTION)

detail = mine.assign(
    **{"Layer": mine["layer"].map(lambda i: get_layer(i).name),
       "% of the authority in this body (area-weighted)": (100 * mine["share_of_authority_in_body"]).round(1),
       "% of the body outside the authority (area-weighted)": (100 * mine["share_of_body_outside"]).round(1)})
if has_population:
    detail["% of the body outside the authority (population-weighted, mid-2022)"] = (
        100 * mine["population_share_of_body_outside"]).round(1)
detail = detail.rename(columns={"body": "Body", "body_code": "Code", "shared_km2": "Shared area (km²)"})
detail = detail[["Layer", "Body", "Code", "Shared area (km²)"] + [c for c in detail.columns if c.startswith("%")]]
st.dataframe(detail, hide_index=True, width="stretch")
st.download_button(f"Download {name}'s partners (CSV)", safe_csv_bytes(detail),
                   file_name=f"combined_authority_partners_{code}.csv", mime="text/csv")
everything = rows.rename(columns={"share_of_body_outside": "share_of_body_outside_area_weighted",
                                  "population_share_of_body_outside": "share_of_body_outside_population_weighted"})
st.download_button("Download every authority's partners (CSV)", safe_csv_bytes(everything),
                   file_name="combined_authority_partners.csv", mime="text/csv", key="dl_all_lens")
