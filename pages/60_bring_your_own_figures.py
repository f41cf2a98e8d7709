"""Bring your own figures: upload CSV or XLSX tables of per-area figures, map their columns, check them, use them."""
from __future__ import annotations

import streamlit as st

from indicators.profiles.registry import describe
from indicators.upload import MAX_BYTES, MAX_ROWS
from ui.identity import upload_page_notice
from ui.state_keys import UPLOAD_FILES
from ui.upload_file import one_file
from ui.upload_saved import heading, saved_on_this_machine
from ui.upload_session import loaded_in_session

st.title("Bring your own figures")
st.caption("Upload the Ministry of Justice files as you downloaded them — CSV, XLSX, ODS or the ZIP itself. Files in "
           "an official layout are recognised from their header and read whole: "
           + "; ".join(f"**{p['label']}**" for p in describe()) + ". Any other table with one row per area, keyed "
           "by GSS code (E23000001) or area name: say which column is which. Check the report of what was refused "
           "and why, then add the figures: they join the indicator store for this session and can be saved for next "
           "time. Bundled figures are never altered. Tables whose columns you map: "
           f"{MAX_BYTES // 1024 // 1024} MB and {MAX_ROWS:,} rows per file. Uploads are limited to "
           f"{st.get_option('server.maxUploadSize')} MB: upload "
           "the official ZIP as downloaded, or import a bigger CSV (the Outcomes by offence CSV is about a gigabyte) "
           "with the command `python -m indicators import PATH`.")

who = upload_page_notice()  # who is signed in (or single-user mode), said once, and saved figures follow it

uploads = st.file_uploader("CSV, XLSX, ODS or ZIP files", type=["csv", "xlsx", "ods", "zip", "txt", "tsv"],
                           accept_multiple_files=True, key=UPLOAD_FILES)
for upload in uploads or []:
    with st.container(border=True):
        one_file(upload, who)

st.header("Figures loaded in this session")
loaded_in_session(who)

st.header(heading(who))
saved_on_this_machine(who)
