"""Reform timeline: how each era's probation bodies fitted police force areas and councils."""
from __future__ import annotations

import streamlit as st

from figures.overlay_map import ATTRIBUTION
from geo.coterminosity import BOUNDARY_VINTAGE
from geo.population_units import POPULATION_VINTAGE
from ui import reform_timeline_view
from ui.presentation import is_presenting, lead_and_details
from ui.tables import display_table

NEVER_SPLIT = ("in every era each force area and each council sat wholly inside one probation body — the bodies were "
               "built from whole force areas or regions. The fragmentation is in the number of partners: each "
               "probation body had to work with several PCCs and dozens of councils.")

st.title("Reform timeline: two decades of probation boundaries")
lead, rest = lead_and_details()  # presenting: what the numbers say and the chart, the rest on demand
with rest:
    st.caption("Each era drew probation on a different map. The same measures for each: how many police and crime "
               "commissioners (police force areas) and councils each probation body must work with, and how many of "
               f"its areas match a force area exactly. Boundaries: {BOUNDARY_VINTAGE}; each era's bodies are mapped "
               "onto the same 2013-19 councils, so later council mergers do not change the picture.")
shown = reform_timeline_view.view()
if shown.skipped:
    st.warning(f"Not shown: {', '.join(shown.skipped)} — the layer is not in this build of the atlas.")

presenting = is_presenting()
with lead:
    if presenting and shown.never_split:
        st.markdown(f"**What the numbers say:** {NEVER_SPLIT}")
    if not presenting:
        st.subheader("The measures over time")
    st.plotly_chart(shown.chart, key="timeline_chart", width="stretch", config={"displaylogo": False})
    st.caption("Counts are unweighted (each body counts once). "
               + (f"The residents' measure is population-weighted: {POPULATION_VINTAGE}, on today's population for "
                  "every era (no historic population is used)." if shown.has_population else
                  "Population figures were not found, so the residents' measure is missing."))
with rest:
    with st.expander("Table: every era's measures", expanded=False):
        display_table(shown.table.drop(columns=["layer"]))
    st.download_button("Download the timeline (CSV)", shown.csv, file_name="reform_timeline.csv", mime="text/csv")
    if shown.never_split and not presenting:
        st.markdown(f"**What the numbers say:** {NEVER_SPLIT}")

    st.subheader("Small multiples: each era's bodies, shaded by the number of force areas they span")
    columns = st.columns(min(3, len(shown.eras)))
    for i, era in enumerate(shown.eras):
        with columns[i % len(columns)]:
            st.markdown(f"**{era.label}**: {era.bodies} bodies, {era.mean_force_areas:.1f} force areas each on average")
            st.plotly_chart(era.map, key=f"era_map_{era.layer_id}", theme=None, width="stretch",
                            config={"scrollZoom": True, "displaylogo": False})
            with st.expander(f"Table: {era.label}"):
                display_table(era.table)
    st.caption("Darker fill = more police force areas (also written in each table and on hover); force area "
               "boundaries are the thin black lines. " + ATTRIBUTION)

    st.subheader("Councils: the reorganisations of 2019-2023")
    st.caption("Each merged whole councils of 2013, so every council of every year is drawn from the same 348 "
               "districts: 348 councils of this tier in 2013-19, 318 from April 2023. Councils: ONS boundaries "
               "2013-2025 and the mySociety register.")
    st.dataframe(shown.councils, hide_index=True, width="stretch")
