"""About the data: every source, its vintage, licence and caveats, and the known gaps."""
from __future__ import annotations

import streamlit as st

from formatting.user_text import plain
from indicators.sources import KNOWN_GAPS
from ui import about_the_data_view, resources
from ui.indicator_store import current
from ui.presentation import section
from ui.tables import display_table

loaded = current()
st.title("About the data")
st.caption("Every number in Patchwork names its source; this page lists them all, with vintage, licence and "
           "caveats, and says plainly what is missing. Official files that came from other public repositories "
           "are read where the team keeps them and are never bundled with the app.")
resources.show_notices(list(loaded.warnings))
shown = about_the_data_view.view(loaded.key, loaded.store)

with section("Known gaps"):  # presenting, each section is one closed line: the page fits one screen
    for topic, gap in KNOWN_GAPS:
        st.markdown(f"- **{topic}.** {gap}")

with section("Indicator and cost sources"):
    display_table(about_the_data_view.shown_catalogue(shown.catalogue))
    st.download_button("Download the source catalogue (CSV)", shown.catalogue_csv,
                       file_name="patchwork_sources.csv", mime="text/csv")
    for entry in shown.entries:
        # an uploaded source's every field is someone's text: shown as text (formatting.user_text), never markup
        text = plain if entry.uploaded else str
        st.subheader(text(entry.title), anchor=entry.source_id)
        uploaded = " (uploaded or saved locally)" if entry.uploaded else ""
        address = plain(entry.address) if entry.uploaded else about_the_data_view.address_markdown(entry.address)
        st.markdown(f"**{text(entry.publisher)}**, {text(entry.vintage)}{uploaded}.  \n"
                    f"Where to find it: {address}  \n"
                    f"Licence: {text(entry.licence)}")
        if entry.caveats:
            st.caption(f"Caveats: {text(entry.caveats)}")

with section("Boundaries, lookups and postcodes"):
    display_table(shown.geography)
    st.caption(f"Build checks passed: {shown.checks_passed} of {shown.checks_total} (counts against published "
               "figures, one area per district, tiling, agreement with ONS force areas).")

with st.expander(about_the_data_view.ANALYSTS):
    st.markdown("**Source codes.** Each source above is cited in the data by its code: "
                + "; ".join(about_the_data_view.code_line(entry) for entry in shown.entries) + ".")
    st.markdown(about_the_data_view.PACKAGES)
    st.markdown("**Our own fact tables** (every row cites its source), by file:")
    display_table(about_the_data_view.facts())
    st.caption("Transcribed Hansard and cost tables are kept verbatim in data/indicators/transcribed/ with their "
               "provenance (PROVENANCE.md there). Official files from other public repositories are read at run "
               "time from the folder PATCHWORK_SOURCES names (by default ../shared/data/sources).")
