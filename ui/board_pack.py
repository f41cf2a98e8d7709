"""Board pack state: the sequence of views, the step and the place, seeded from and written back to the URL."""
from __future__ import annotations

import streamlit as st

from exports.board_pack import LegendEntry
from exports.board_views import BoardView
from ui.params import parse_choice, parse_choices, parse_text
from ui.state_keys import PACK_NEXT, PACK_PREVIOUS, PACK_STEP

DEFAULT_PLACE = "Bournemouth, Christchurch and Poole"  # IPPR's Table 3.1 place, as its council is today
# A presentation clicker sends Page Down / Page Up (some send the arrow keys): each steps the pack. Streamlit gives a
# button one shortcut, so the first key is the visible button's and the others are buttons kept out of sight.
NEXT_KEYS = ("PageDown", "Right", "Down")
PREVIOUS_KEYS = ("PageUp", "Left", "Up")
KEYS_CONTAINER = "pw_pack_keys"
HIDE_KEYS_CSS = f"<style>.st-key-{KEYS_CONTAINER} {{ display: none !important; }}</style>"


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


def _go(step: int) -> None:
    st.session_state[PACK_STEP] = step


def stepper(step: int, count: int) -> None:
    """Previous / "View n of m" / Next, clicked with a mouse or stepped by a clicker's keys (Page Up/Down, arrows)."""
    previous, counter, following = st.columns([1, 2, 1])
    with previous:
        st.button("◀ Previous view", key=PACK_PREVIOUS, disabled=step <= 1, width="stretch",
                  shortcut=PREVIOUS_KEYS[0], on_click=_go, args=(step - 1,))
    with counter:
        st.markdown(f"<p style='text-align:center;margin:0.4rem 0'>View {step} of {count}</p>", unsafe_allow_html=True)
    with following:
        st.button("Next view ▶", key=PACK_NEXT, disabled=step >= count, width="stretch",
                  shortcut=NEXT_KEYS[0], on_click=_go, args=(step + 1,))
    with st.container(key=KEYS_CONTAINER):
        st.markdown(HIDE_KEYS_CSS, unsafe_allow_html=True)
        for key in PREVIOUS_KEYS[1:]:
            st.button(f"Previous view ({key})", key=f"{PACK_PREVIOUS}_{key}", disabled=step <= 1, shortcut=key,
                      on_click=_go, args=(step - 1,))
        for key in NEXT_KEYS[1:]:
            st.button(f"Next view ({key})", key=f"{PACK_NEXT}_{key}", disabled=step >= count, shortcut=key,
                      on_click=_go, args=(step + 1,))


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
    return f'<ul aria-label="Map legend" style="padding-left:0;margin:0 0 1.2rem">{"".join(rows)}</ul>'
