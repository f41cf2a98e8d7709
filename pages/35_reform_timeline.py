"""Reform timeline: how each era's probation bodies fitted police force areas and councils."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from figures.coterminosity import era_map, timeline_chart
from figures.overlay_map import ATTRIBUTION
from geo.coterminosity import BOUNDARY_VINTAGE, partner_counts
from geo.population_units import POPULATION_VINTAGE, PopulationUnavailableError, population_units
from geo.reform_timeline import ERAS, available_eras, timeline
from indicators.csv_safety import safe_csv_bytes
from ui import resources

atlas = resources.atlas()


@st.cache_data(show_spinner="Measuring every era…")
def _timeline() -> tuple[pd.DataFrame, bool]:
    try:
        units = population_units()
    except PopulationUnavailableError:
        units = None
    return timeline(atlas, units), units is not None


@st.cache_data(show_spinner=False)
def _pcc_counts(layer_id: str) -> pd.Series:
    return partner_counts(atlas.block_table, layer_id)["police_force_area"]


st.title("Reform timeline: two decades of probation boundaries")
st.caption("Each era drew probation on a different map. The same measures for each: how many police and crime "
           "commissioners (police force areas) and councils each probation body must work with, and how many of "
           f"its areas match a force area exactly. Boundaries: {BOUNDARY_VINTAGE}; each era's bodies are mapped "
           "onto the same 2013-19 councils, so later council mergers do not change the picture.")
eras = available_eras()
skipped = [era.label for era in ERAS if era not in eras]
if skipped:
    st.warning(f"Not shown: {', '.join(skipped)} — the layer is not in this build of the atlas.")

table, has_population = _timeline()
st.subheader("The measures over time")
st.plotly_chart(timeline_chart(table), key="timeline_chart", width="stretch", config={"displaylogo": False})
st.caption("Counts are unweighted (each body counts once). "
           + (f"The residents' measure is population-weighted: {POPULATION_VINTAGE}, on today's population for every "
              "era (no historic population is used)." if has_population else
              "Population figures were not found, so the residents' measure is missing."))

shown = table.rename(columns={
    "era": "Era", "label": "Probation bodies", "against": "Against", "bodies": "Number of bodies",
    "mean_partners_per_body": "Partners per body, mean (count)", "max_partners_per_body": "Partners per body, max",
    "bodies_coterminous": "Bodies matching exactly one partner area", "against_split": "Partner areas split",
    "against_total": "Partner areas", "pct_against_split": "% partner areas split",
    "mean_councils_incl_counties": "Councils incl. counties per body, mean",
    "pct_residents_in_shared_bodies": "% residents whose body spans several partner areas (population-weighted)"})
shown["Against"] = shown["Against"].map({"police_force_area": "Police force areas (43)",
                                         "district": "District and unitary councils (348)"})
with st.expander("Table: every era's measures", expanded=False):
    st.dataframe(shown.drop(columns=["layer"]), hide_index=True, width="stretch")
st.download_button("Download the timeline (CSV)", safe_csv_bytes(shown),
                   file_name="reform_timeline.csv", mime="text/csv")
if (table["against_split"] == 0).all():
    st.markdown("**What the numbers say:** in every era each force area and each council sat wholly inside one "
                "probation body — the bodies were built from whole force areas or regions. The fragmentation is in "
                "the number of partners: each probation body had to work with several PCCs and dozens of councils.")

st.subheader("Small multiples: each era's bodies, shaded by the number of force areas they span")
columns = st.columns(min(3, len(eras)))
for i, era in enumerate(eras):
    with columns[i % len(columns)]:
        counts = _pcc_counts(era.layer_id)
        st.markdown(f"**{era.label}**: {len(counts)} bodies, {counts.mean():.1f} force areas each on average")
        st.plotly_chart(era_map(atlas, era.layer_id, counts), key=f"era_map_{era.layer_id}", theme=None,
                        width="stretch", config={"scrollZoom": True, "displaylogo": False})
        with st.expander(f"Table: {era.label}"):
            rows = pd.DataFrame({"Body": [atlas.area_name(era.layer_id, c) for c in counts.index],
                                 "Police force areas": counts.to_numpy()})
            st.dataframe(rows.sort_values("Police force areas", ascending=False), hide_index=True, width="stretch")
st.caption("Darker fill = more police force areas (also written in each table and on hover); force area "
           "boundaries are the thin black lines. " + ATTRIBUTION)
