"""Board pack state: the sequence of views, the step and the place, seeded from and written back to the URL."""
from __future__ import annotations

import streamlit as st

from exports.board_pack import LegendEntry
from exports.board_views import BoardView
from ui.params import parse_choice, parse_choices, parse_text

DEFAULT_PLACE = "Bournemouth"


def view_state(views: list[BoardView]) -> tuple[list[str], int, str, list[str]]:
    """(chosen view ids, 1-based step, place, notices) from session state, seeded once from the link."""
    ids = [view.id for view in views]
    notices: list[str] = []
    if "pack_views" not in st.session_state:
        chosen, notices = parse_choices(st.query_params.get("views"), ids, ids, "views")
        st.session_state["pack_views"] = chosen
        steps = [str(n) for n in range(1, len(chosen) + 1)]
        step, step_notices = parse_choice(st.query_params.get("step"), steps, "1", "step")
        st.session_state["pack_step"] = int(step)
        place, place_notices = parse_text(st.query_params.get("place"), "place")
        st.session_state["pack_place"] = place or DEFAULT_PLACE
        notices += step_notices + place_notices
    chosen = [i for i in st.session_state["pack_views"] if i in ids]
    step = min(max(int(st.session_state.get("pack_step", 1)), 1), max(len(chosen), 1))
    st.session_state["pack_step"] = step
    place = st.session_state.get("pack_place") or DEFAULT_PLACE
    st.query_params["views"] = ",".join(chosen)
    st.query_params["step"] = str(step)
    st.query_params["place"] = place
    return chosen, step, place, notices


def legend_html(entries: list[LegendEntry]) -> str:
    """The map's lines in words and samples (colour, width and dash): never colour alone."""
    rows = []
    for entry in entries:
        dash = "" if not entry.dash else ' stroke-dasharray="' + " ".join(f"{d * entry.width:g}" for d in entry.dash) + '"'
        sample = (f'<svg width="56" height="14" role="img" aria-label="{entry.dash_label} line" '
                  f'xmlns="http://www.w3.org/2000/svg"><line x1="2" y1="7" x2="54" y2="7" stroke="{entry.colour}" '
                  f'stroke-width="{entry.width}"{dash}/></svg>')
        rows.append(f'<li style="list-style:none;margin:2px 0">{sample} <span>{entry.label}</span> '
                    f'<span style="color:#555">({entry.dash_label})</span></li>')
    return f'<ul aria-label="Map legend" style="padding-left:0;margin:0">{"".join(rows)}</ul>'
