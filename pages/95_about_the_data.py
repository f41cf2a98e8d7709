"""About the data: every source, its vintage, licence and caveats, and the known gaps."""
from __future__ import annotations

import streamlit as st

from formatting.user_text import plain
from indicators.sources import KNOWN_GAPS
from ui import about_the_data_view, resources
from ui.indicator_store import current
from ui.presentation import section

loaded = current()
st.title("About the data")
st.caption("Every number in Patchwork names its source; this page lists them all, with vintage, licence and "
           "caveats, and says plainly what is missing. Official files that came from other public repositories "
           "are read at run time from ../shared/data/sources and are never bundled.")
resources.show_notices(list(loaded.warnings))
shown = about_the_data_view.view(loaded.key, loaded.store)

with section("Known gaps"):  # presenting, each section is one closed line: the page fits one screen
    for topic, gap in KNOWN_GAPS:
        st.markdown(f"- **{topic}.** {gap}")

with section("Indicator and cost sources"):
    st.dataframe(shown.catalogue, hide_index=True, width="stretch")
    st.download_button("Download the source catalogue (CSV)", shown.catalogue_csv,
                       file_name="patchwork_sources.csv", mime="text/csv")
    for entry in shown.entries:
        # an uploaded source's every field is someone's text: shown as text (formatting.user_text), never markup
        text = plain if entry.uploaded else str
        st.subheader(text(entry.title), anchor=entry.source_id)
        uploaded = " (uploaded or saved locally)" if entry.uploaded else ""
        source_id = plain(entry.source_id) if entry.uploaded else f"`{entry.source_id}`"
        st.markdown(f"{source_id}{uploaded} — **{text(entry.publisher)}**, {text(entry.vintage)}.  \n"
                    f"Address: {text(entry.address)}  \nLicence: {text(entry.licence)}")
        if entry.caveats:
            st.caption(f"Caveats: {text(entry.caveats)}")

with section("Boundaries, lookups and postcodes"):
    st.dataframe(shown.geography, hide_index=True, width="stretch")
    st.caption(f"Build checks passed: {shown.checks_passed} of {shown.checks_total} (counts against published "
               "figures, one area per district, tiling, agreement with ONS force areas).")

with section("Our own fact tables (every row cites its source)"):
    st.dataframe(about_the_data_view.facts(), hide_index=True, width="stretch")
    st.caption("Transcribed Hansard and cost tables are kept verbatim in data/indicators/transcribed/ with their "
               "provenance (PROVENANCE.md there).")
