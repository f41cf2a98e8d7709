"""The boundary what-if page's view: presets and neighbours once per process, each redrawing measured once."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures.layer_styles import OKABE_ITO
from figures.scenario import boundary_map
from formatting.numbers import count
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
from ui.figure_view import frozen
from ui.params import parse_choice
from ui.state_keys import BOUNDARY_MOVES, BOUNDARY_NOTICES, BOUNDARY_PRESET, BOUNDARY_SEEDED

HEADLINES = ("Provider areas", "Mean PCCs per provider area", "Mean councils per provider area",
             "Mayoral combined authorities split between provider areas")
OWN_AREA = "its own provider area"
NO_CHANGE = 1e-9  # the measures are exact ratios of whole counts: anything above this is a real change
VIEWS_KEPT = 64  # each carries a map of the 43 force areas


@dataclass(frozen=True)
class Basis:
    """What every redrawing starts from: the force areas, today's CRCs, every provider area and who borders whom."""

    forces: pd.DataFrame  # indexed by force area code, with its name
    today: pd.Series  # force area -> today's CRC
    options: dict[str, str]  # every provider area a force area can join -> its name
    names: dict[str, str]  # provider areas and force areas -> name
    neighbours: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Headline:
    """One measure as a metric: its label, the proposed value and the change against today (None: no change)."""

    label: str
    value: str
    change: str | None


@dataclass(frozen=True)
class BoundaryView:
    """Everything the page shows for one preset and set of moves."""

    proposed: pd.Series
    headlines: list[Headline]
    summary: str
    measures: pd.DataFrame
    measures_csv: bytes
    map: go.Figure
    assignment: pd.DataFrame
    assignment_csv: bytes
    partners: pd.DataFrame
    partners_csv: bytes


@st.cache_resource(show_spinner=False)
def basis() -> Basis:
    """The force areas, today's CRCs, every preset's provider areas and the force areas' borders (once per process)."""
    atlas = resources.atlas()
    forces = force_area_table(atlas)
    options = {code: provider_name(atlas, code) for name in PRESETS for code in preset(atlas, name).unique()}
    names = {**options, **{c: forces.loc[c, "name"] for c in forces.index}}
    return Basis(forces, preset(atlas, "crc"), options, names, frozenset(force_area_neighbours(atlas)))


@st.cache_resource(show_spinner=False)
def preset_assignment(name: str) -> pd.Series:
    """A preset's force area -> provider area (once per preset and process)."""
    return preset(resources.atlas(), name)


def headlines(measures: pd.DataFrame) -> list[Headline]:
    """The four headline measures, proposed against today; a change that is none carries no arrow."""
    rows = measures.set_index("measure")
    return [Headline(label, f"{rows.loc[label, 'proposed']:g}", change_text(float(rows.loc[label, "change"])))
            for label in HEADLINES]


def change_text(change: float) -> str | None:
    """'+1 vs today', '-0.3 vs today', or None where nothing changed (so no arrow is drawn)."""
    return None if abs(change) < NO_CHANGE else f"{change:+g} vs today"


def regrouped(today: pd.Series, proposed: pd.Series) -> pd.Series:
    """Per force area: whether it has moved, to another provider area holding other force areas than its CRC today.

    By membership as well as code: a force area that is its own CRC today (Merseyside, Essex…) and its own
    provider area tomorrow has not moved, though the two areas carry different codes; nor has Lancashire when
    Cumbria leaves their CRC (it keeps the CRC's code)."""
    def members(assignment: pd.Series) -> pd.Series:
        groups = {code: frozenset(group.index) for code, group in assignment.groupby(assignment)}
        return assignment.map(groups)
    return (proposed != today.reindex(proposed.index)) & (members(proposed) != members(today).reindex(proposed.index))


def move_label(force: str, provider: str, shown: Basis) -> str:
    """'Cumbria → its own provider area' or 'Cumbria → North West (2021 probation region)'."""
    return f"{shown.forces.loc[force, 'name']} → {OWN_AREA if provider == force else shown.options.get(provider, provider)}"


@st.cache_resource(show_spinner=False, max_entries=VIEWS_KEPT)
def view(preset_name: str, moves: tuple[tuple[str, str], ...]) -> BoundaryView:
    """The measures, map and tables of one preset with moves on top, built once per redrawing."""
    atlas, shown = resources.atlas(), basis()
    forces, today = shown.forces, shown.today
    proposed = apply_moves(preset_assignment(preset_name), dict(moves))
    measures = compare(atlas, today, proposed)
    moved = regrouped(today, proposed).reindex(forces.index)
    summary = (f"**{PRESETS[preset_name]}**{' with your moves' if moves else ''}: "
               f"{count(proposed.nunique())} provider areas; {int(moved.sum())} of {len(forces)} force areas sit in a "
               "provider area other than today's CRC (different force areas alongside them).")
    fill = colour_groups(proposed, set(shown.neighbours), len(OKABE_ITO) - 1)
    assignment = pd.DataFrame({"police_force_area_code": forces.index, "police_force_area": forces["name"].values,
                               "crc_today": [shown.names[c] for c in today.reindex(forces.index)],
                               "provider_proposed": [shown.names.get(c, c) for c in proposed.reindex(forces.index)],
                               "moved": moved.values})
    counts = partners(atlas, proposed).reset_index().rename(
        columns={"area_code": "provider_code", "councils": "councils (districts + counties)", **PARTNER_LAYERS})
    return BoundaryView(proposed, headlines(measures), summary, measures, safe_csv_bytes(measures),
                        frozen(boundary_map(atlas, proposed, today, shown.names, fill)), assignment,
                        safe_csv_bytes(assignment), counts, safe_csv_bytes(counts))


def seed_from_link(shown: Basis) -> None:
    """On a session's first run: the preset and moves from the link, and notices for anything ignored."""
    if st.session_state.get(BOUNDARY_SEEDED):
        return
    chosen, notices = parse_choice(st.query_params.get("preset"), list(PRESETS), "crc", "preset")
    moves, more = parse_moves(st.query_params.get("moves"), list(shown.forces.index), set(shown.options))
    st.session_state[BOUNDARY_PRESET] = chosen
    st.session_state[BOUNDARY_MOVES] = moves
    st.session_state[BOUNDARY_NOTICES] = notices + more
    st.session_state[BOUNDARY_SEEDED] = True


def targets(force: str, shown: Basis) -> list[str]:
    """Where a force area can move: every provider area by name, and its own area last."""
    return sorted(set(shown.options) | {force},
                  key=lambda c: shown.options.get(c, "") if c != force else "~ " + OWN_AREA)


def write_link(preset_name: str, moves: dict[str, str]) -> None:
    """Keep the preset and moves in the link, so it reopens the same redrawing."""
    st.query_params["preset"] = preset_name
    if moves:
        st.query_params["moves"] = ";".join(f"{f}:{p}" for f, p in moves.items())
    elif "moves" in st.query_params:
        del st.query_params["moves"]
