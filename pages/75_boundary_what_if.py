"""Boundary what-if: redraw probation provider areas from whole force areas and see fragmentation change."""
from __future__ import annotations

import streamlit as st

from figures.overlay_map import ATTRIBUTION
from scenario.boundary_whatif import PRESETS, apply_moves
from ui import boundary_what_if_view, resources
from ui.boundary_what_if_view import OWN_AREA
from ui.presentation import is_presenting, lead_and_details, present_map
from ui.state_keys import (
    BOUNDARY_CLEAR,
    BOUNDARY_FORCE,
    BOUNDARY_MOVE,
    BOUNDARY_MOVES,
    BOUNDARY_NOTICES,
    BOUNDARY_PRESET,
    BOUNDARY_TARGET,
)
from ui.tables import display_table

basis = boundary_what_if_view.basis()
forces = basis.forces
boundary_what_if_view.seed_from_link(basis)

st.title("Boundary what-if: redraw the probation provider areas")
presenting = is_presenting()
lead, rest = lead_and_details()  # presenting: the headline numbers and the map; tables, method and moves on demand
with rest:
    st.caption("IPPR (2016, ch.4) notes that CRC areas and force areas are not coterminous, so devolving probation "
               "means redrawing CRC boundaries. Start from a preset, move any force area to another provider area, "
               "and see how many partners each provider must deal with, against today's 21 CRCs.")
resources.show_notices(st.session_state[BOUNDARY_NOTICES])

if presenting:
    results, controls = lead, st.expander("Preset and moves")
else:
    controls, results = st.columns([1, 2.2], gap="large")
with controls:
    preset_name = st.selectbox("Start from", list(PRESETS), key=BOUNDARY_PRESET, format_func=PRESETS.get,
                               on_change=lambda: st.session_state.update({BOUNDARY_MOVES: {}}))
    st.subheader("Move a force area")
    force = st.selectbox("Force area", list(forces.index), key=BOUNDARY_FORCE,
                         format_func=lambda c: forces.loc[c, "name"])
    current = apply_moves(boundary_what_if_view.preset_assignment(preset_name), st.session_state[BOUNDARY_MOVES]).get(force)
    targets = boundary_what_if_view.targets(force, basis)
    target = st.selectbox("Move it to", targets, key=BOUNDARY_TARGET,
                          format_func=lambda c: f"{OWN_AREA} ({forces.loc[force, 'name']})" if c == force
                          else basis.options[c], index=targets.index(current) if current in targets else 0)
    if st.button("Move", key=BOUNDARY_MOVE, icon=":material/swap_horiz:"):
        st.session_state[BOUNDARY_MOVES] = {**st.session_state[BOUNDARY_MOVES], force: target}
    if st.session_state[BOUNDARY_MOVES]:
        st.markdown("**Moves on top of the preset:**\n" + "\n".join(
            f"- {boundary_what_if_view.move_label(f, p, basis)}" for f, p in st.session_state[BOUNDARY_MOVES].items()))
        if st.button("Clear the moves", key=BOUNDARY_CLEAR):
            st.session_state[BOUNDARY_MOVES] = {}
            st.rerun()

moves = st.session_state[BOUNDARY_MOVES]
boundary_what_if_view.write_link(preset_name, moves)
shown = boundary_what_if_view.view(preset_name, tuple(moves.items()))
with results:
    for column, headline in zip(st.columns(len(shown.headlines)), shown.headlines):
        column.metric(headline.label, headline.value, headline.change, delta_color="off")
    st.markdown(shown.summary)
    with rest:
        display_table(shown.measures)
        st.download_button("Measures: today and proposed (CSV)", shown.measures_csv, "boundary_measures.csv",
                           "text/csv", key="dl_boundary_measures")
    st.plotly_chart(present_map(shown.map), key="boundary_map", theme=None,
                    config={"scrollZoom": True, "displaylogo": False}, width="stretch")
    st.caption("Fill = proposed provider area (bordering areas get different colours; hover names each); "
               "thick black edge = force area "
               "moved from its CRC; vermillion long dashes = today's CRC boundaries. " + ATTRIBUTION)
    with rest:
        with st.expander("Table: every force area, today and proposed"):
            display_table(shown.assignment)
            st.download_button("Force areas (CSV)", shown.assignment_csv, "boundary_assignment.csv", "text/csv",
                               key="dl_boundary_assignment")
        with st.expander("Table: partners of each proposed provider area"):
            display_table(shown.partners)
            st.download_button("Partners (CSV)", shown.partners_csv, "boundary_partners.csv", "text/csv",
                               key="dl_boundary_partners")
        st.info("**Method.** Provider areas are unions of whole force areas (as the CRC contract package areas were). "
                "Partners are counted on the 348 district building blocks, as on the coterminosity page: a body "
                "is a partner when it shares at least one district. 'Councils' = districts and unitaries + county "
                "councils. 'Align to mayoral combined authorities' moves a force area into the combined authority that "
                "holds over half of its area (km²); the rest keep their CRC. Facts: data/facts/"
                "police_force_area_to_justice_areas.csv (2021 regions and CPS areas hand-curated; HMCTS medium "
                "confidence) and data/facts/mayoral_combined_authority_2021.csv.")
