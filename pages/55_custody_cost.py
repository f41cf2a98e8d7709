"""Custody cost: cost per place and per prisoner, by establishment, and spend attributable to an area's residents."""
from __future__ import annotations

import streamlit as st

from ui import resources
from ui.custody_cost_sections import cost_sections
from ui.custody_sentencing_section import sentencing_section
from ui.indicator_store import current
from ui.presentation import is_presenting, lead_and_details

loaded = current()
store = loaded.store
st.title("Custody cost")
presenting = is_presenting()
lead, rest = lead_and_details()  # presenting: who is sent to custody where, on the map; costs on demand
with rest:
    st.caption("What a prison place and a prisoner cost, nationally and by establishment where a source gives it, and "
               "what custody for an area's residents costs for the cohorts IPPR (2016, ch.4) proposes to devolve: short "
               "sentences under 24 months (under 12 months shown too, MoJ's short-sentence line), women and young "
               "offenders (under 18). First, who is sent to custody where.")
resources.show_notices(list(loaded.warnings))

# 1. Who is sentenced to immediate custody, by the force area of the court
sentencing_section(loaded.key, store, lead, rest, presenting)

with rest:
    # 2-5. National costs, by establishment, spend attributable to residents, the cost of reoffending
    cost_sections(loaded.key, store)
