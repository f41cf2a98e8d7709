"""About the data: every source, its vintage, licence and caveats, and the known gaps."""
from __future__ import annotations

import streamlit as st

from indicators.csv_safety import safe_csv_bytes
from indicators.sources import KNOWN_GAPS, fact_table_sources, geography_sources
from ui import resources
from ui.indicator_store import current_store

atlas = resources.atlas()
store, store_warnings = current_store()
st.title("About the data")
st.caption("Every number in Patchwork names its source; this page lists them all, with vintage, licence and "
           "caveats, and says plainly what is missing. Official files that came from other public repositories "
           "are read at run time from ../shared/data/sources and are never bundled.")
resources.show_notices(store_warnings)

st.header("Known gaps")
for topic, gap in KNOWN_GAPS:
    st.markdown(f"- **{topic}.** {gap}")

st.header("Indicator and cost sources")
catalogue = store.catalogue
counts = store.rows["source_id"].value_counts()
st.dataframe(catalogue.assign(indicator_rows=catalogue["source_id"].map(counts).fillna(0).astype(int)),
             hide_index=True, width="stretch")
st.download_button("Download the source catalogue (CSV)", safe_csv_bytes(catalogue),
                   file_name="patchwork_sources.csv", mime="text/csv")
for _, entry in catalogue.iterrows():
    st.subheader(entry["title"], anchor=entry["source_id"])
    uploaded = " (uploaded or saved locally)" if entry["source_id"] in store.extra_sources else ""
    st.markdown(f"`{entry['source_id']}`{uploaded} — **{entry['publisher']}**, {entry['vintage']}.  \n"
                f"Address: {entry['address']}  \nLicence: {entry['licence']}")
    if entry["caveats"]:
        st.caption(f"Caveats: {entry['caveats']}")

st.header("Boundaries, lookups and postcodes")
st.dataframe(geography_sources(atlas.manifest), hide_index=True, width="stretch")
checks = atlas.manifest.get("checks", [])
st.caption(f"Build checks passed: {sum(c['passed'] for c in checks)} of {len(checks)} (counts against published "
           "figures, one area per district, tiling, agreement with ONS force areas).")

st.header("Our own fact tables (every row cites its source)")
facts = fact_table_sources()
st.dataframe(facts, hide_index=True, width="stretch")
st.caption("Transcribed Hansard and cost tables are kept verbatim in data/indicators/transcribed/ with their "
           "provenance (PROVENANCE.md there).")
