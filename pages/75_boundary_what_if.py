"""Boundary what-if: redraw probation provider areas from whole force areas and see fragmentation change."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from figures.layer_styles import OKABE_ITO
from figures.overlay_map import ATTRIBUTION
from figures.scenario import boundary_map
from indicators.csv_safety import safe_csv_bytes
from scenario.boundary_whatif import (
    PARTNER_LAYERS,
    PRESETS,
    apply_moves,
    colour_groups,
    compare,
    force_area_neighbours,
    force_area_table,
    parse_moves,
    partners,
    preset,
    provider_name,
)
from ui import resources
from ui.params import parse_choice

atlas = resources.atlas()
forces = force_area_table(atlas)
today = preset(atlas, "crc")


def csv(table: pd.DataFrame) -> bytes:
    """The table as formula-safe CSV bytes."""
    return safe_csv_bytes(table)


@st.cache_data(show_spinner=False)
def provider_options() -> dict[str, str]:
    """Every provider area a force area can join: today's CRCs, 2021 regions, combined authorities, itself."""
    codes = {}
    for name in PRESETS:
        for code in preset(atlas, name).unique():
            codes[code] = provider_name(atlas, code)
    return codes


@st.cache_data(show_spinner=False)
def neighbours() -> set[tuple[str, str]]:
    return force_area_neighbours(atlas)


options = provider_options()
if "boundary_seeded" not in st.session_state:
    chosen, notices = parse_choice(st.query_params.get("preset"), list(PRESETS), "crc", "preset")
    moves, more = parse_moves(st.query_params.get("moves"), list(forces.index), set(options))
    st.session_state["boundary_preset"] = chosen
    st.session_state["boundary_moves"] = moves
    st.session_state["boundary_notices"] = notices + more
    st.session_state["boundary_seeded"] = True

st.title("Boundary what-if: redraw the probation provider areas")
st.caption("IPPR (2016, ch.4) notes that CRC areas and force areas are not coterminous, so devolving probation "
           "means redrawing CRC boundaries. Start from a preset, move any force area to another provider area, "
           "and see how many partners each provider must deal with, against today's 21 CRCs.")
resources.show_notices(st.session_state["boundary_notices"])

controls, results = st.columns([1, 2.2], gap="large")
with controls:
    preset_name = st.selectbox("Start from", list(PRESETS), key="boundary_preset", format_func=PRESETS.get,
                               on_change=lambda: st.session_state.update(boundary_moves={}))
    base = preset(atlas, preset_name)
    st.subheader("Move a force area")
    force = st.selectbox("Force area", list(forces.index), key="boundary_force",
                         format_func=lambda c: forces.loc[c, "name"])
    current = apply_moves(base, st.session_state["boundary_moves"]).get(force)
    targets = sorted(set(options) | {force}, key=lambda c: (options.get(c, forces.loc[force, "name"]) if c != force
                                                            else "~ its own provider area"))
    target = st.selectbox("Move it to", targets, key="boundary_target",
                          format_func=lambda c: f"its own provider area ({forces.loc[force, 'name']})" if c == force
                          else options[c], index=targets.index(current) if current in targets else 0)
    if st.button("Move", key="boundary_move", icon=":material/swap_horiz:"):
        st.session_state["boundary_moves"] = {**st.session_state["boundary_moves"], force: target}
    if st.session_state["boundary_moves"]:
        st.markdown("**Moves on top of the preset:**\n" + "\n".join(
            f"- {forces.loc[f, 'name']} → {'its own provider area' if p == f else options.get(p, p)}"
            for f, p in st.session_state["boundary_moves"].items()))
        if st.button("Clear the moves", key="boundary_clear"):
            st.session_state["boundary_moves"] = {}
            st.rerun()

moves = st.session_state["boundary_moves"]
proposed = apply_moves(base, moves)
st.query_params["preset"] = preset_name
if moves:
    st.query_params["moves"] = ";".join(f"{f}:{p}" for f, p in moves.items())
elif "moves" in st.query_params:
    del st.query_params["moves"]

names = {**options, **{c: forces.loc[c, "name"] for c in forces.index}}
table = compare(atlas, today, proposed)
with results:
    by_measure = table.set_index("measure")
    m1, m2, m3, m4 = st.columns(4)
    for column, key in ((m1, "Provider areas"), (m2, "Mean PCCs per provider area"),
                        (m3, "Mean councils per provider area"),
                        (m4, "Mayoral combined authorities split between provider areas")):
        row = by_measure.loc[key]
        column.metric(key, f"{row['proposed']:g}", f"{row['change']:+g} vs today", delta_color="off")
    moved = int((proposed != today).sum())
    st.markdown(f"**{PRESETS[preset_name]}**{' with your moves' if moves else ''}: {proposed.nunique()} provider "
                f"areas; {moved} of 43 force areas sit in a different provider area from today's CRC.")
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button("Measures: today and proposed (CSV)", csv(table), "boundary_measures.csv", "text/csv",
                       key="dl_boundary_measures")
    fill = colour_groups(proposed, neighbours(), len(OKABE_ITO) - 1)
    st.plotly_chart(boundary_map(atlas, proposed, today, names, fill), key="boundary_map", theme=None,
                    config={"scrollZoom": True, "displaylogo": False}, width="stretch")
    st.caption("Fill = proposed provider area (bordering areas get different colours; hover names each); "
               "thick black edge = force area "
               "moved from its CRC; vermillion long dashes = today's CRC boundaries. " + ATTRIBUTION)
    with st.expander("Table: every force area, today and proposed"):
        assignment = pd.DataFrame({"police_force_area_code": forces.index, "police_force_area": forces["name"].values,
                                   "crc_today": [names[c] for c in today.reindex(forces.index)],
                                   "provider_proposed": [names.get(c, c) for c in proposed.reindex(forces.index)],
                                   "moved": (proposed.reindex(forces.index) != today.reindex(forces.index)).values})
        st.dataframe(assignment, hide_index=True, width="stretch")
        st.download_button("Force areas (CSV)", csv(assignment), "boundary_assignment.csv", "text/csv",
                           key="dl_boundary_assignment")
    with st.expander("Table: partners of each proposed provider area"):
        counts = partners(atlas, proposed).reset_index().rename(
            columns={"area_code": "provider_code", "councils": "councils (districts + counties)", **PARTNER_LAYERS})
        st.dataframe(counts, hide_index=True, width="stretch")
        st.download_button("Partners (CSV)", csv(counts), "boundary_partners.csv", "text/csv",
                           key="dl_boundary_partners")
    st.info("**Method.** Provider areas are unions of whole force areas (as the CRC contract package areas were). "
            "Partners are counted on the 348 district building blocks with geo.coterminosity.partner_counts: a body "
            "is a partner when it shares at least one district. 'Councils' = districts and unitaries + county "
            "councils. 'Align to mayoral combined authorities' moves a force area into the combined authority that "
            "holds over half of its area (km²); the rest keep their CRC. Facts: data/facts/"
            "police_force_area_to_justice_areas.csv (2021 regions and CPS areas hand-curated; HMCTS medium "
            "confidence) and data/facts/mayoral_combined_authority_2021.csv.")
