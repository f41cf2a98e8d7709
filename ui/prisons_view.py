"""The prisons page's view: the estate located and the distances measured once per process, each choice's parts cached."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures.prisons import (
    METRICS,
    crc_names,
    distance_map,
    distance_table,
    prison_table,
    prisons_map,
    resettlement_summary,
    with_crc_names,
)
from geo.prisons import located_prisons, with_areas
from geo.registry import LAYERS
from geo.resettlement_distance import area_distances, district_table
from indicators.csv_safety import safe_csv_bytes
from ui import resources
from ui.figure_view import frozen
from ui.params import parse_choice, parse_choices
from ui.state_keys import (
    DISTANCE_LAYER,
    DISTANCE_METRIC,
    PRISON_GROUPS,
    PRISON_LAYERS,
    PRISON_LAYERS_FILL,
    PRISON_OPERATORS,
)

LAYER_CHOICES = [layer.id for layer in LAYERS]
MAPS_KEPT = 24  # each estate map carries the council shapes: keep the filters a team is looking at


@dataclass(frozen=True)
class Estate:
    """The whole estate with what the page says of it, or the message saying why it cannot be read."""

    error: str | None
    prisons: pd.DataFrame | None = None  # one row per establishment, with the CRC names each one serves
    operators: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    away: str = ""  # the sentence on resettlement prisons outside every CRC they serve
    flagged: pd.DataFrame | None = None  # establishments with a location note, as displayed
    women_prisons: int = 0  # women's resettlement prisons with a lead CRC named
    women_crcs: int = 0  # the CRCs those cover


@dataclass(frozen=True)
class EstateView:
    """The prisons one set of filters keeps: the table, its download and the counts under the map."""

    empty: bool
    shown: int
    resettlement: int
    table: pd.DataFrame
    csv: bytes


@dataclass(frozen=True)
class DistanceView:
    """One layer and measure: the ranked table, its download and the map."""

    table: pd.DataFrame
    csv: bytes
    map: go.Figure


@st.cache_resource(show_spinner="Locating the prisons through the postcode directory…")
def _estate() -> Estate:
    atlas = resources.atlas()
    prisons = with_crc_names(with_areas(located_prisons(folder=atlas.folder), atlas), crc_names(atlas))
    settle = prisons[prisons["resettlement_prison"]]
    women = settle[settle["estate"] == "women"]
    return Estate(None, prisons, tuple(sorted(prisons["operator"].unique())),
                  tuple(sorted(prisons["prison_group"].unique())), resettlement_summary(prisons),
                  prison_table(prisons[prisons["location_note"] != ""]), len(women),
                  len({code for codes in women["resettlement_crc_codes"] for code in codes.split(";")}))


def estate() -> Estate:
    """The estate, located once per process; a missing source file is a message (and is looked for again)."""
    try:
        return _estate()
    except FileNotFoundError as error:
        return Estate(str(error))


def _kept(prisons: pd.DataFrame, operators: tuple[str, ...], groups: tuple[str, ...], only_resettlement: bool):
    shown = prisons[prisons["operator"].isin(operators) & prisons["prison_group"].isin(groups)]
    return shown[shown["resettlement_prison"]] if only_resettlement else shown


@st.cache_resource(show_spinner=False, max_entries=64)
def estate_view(operators: tuple[str, ...], groups: tuple[str, ...], only_resettlement: bool) -> EstateView:
    """The table of the prisons these filters keep, built once per set of filters."""
    shown = _kept(_estate().prisons, operators, groups, only_resettlement)
    table = prison_table(shown)
    return EstateView(shown.empty, len(shown), int(shown["resettlement_prison"].sum()), table, safe_csv_bytes(table))


@st.cache_resource(show_spinner=False, max_entries=MAPS_KEPT)
def estate_map(operators: tuple[str, ...], groups: tuple[str, ...], only_resettlement: bool,
               layer_ids: tuple[str, ...], fill: bool) -> go.Figure:
    """The kept prisons over the chosen layers, built once per filters and layers."""
    shown = _kept(_estate().prisons, operators, groups, only_resettlement)
    return frozen(prisons_map(resources.atlas(), shown, list(layer_ids), fill_councils=fill,
                              hover=resources.hover_text()))


@st.cache_resource(show_spinner="Reading the distances measured at build time (measuring them afresh takes about 15 seconds)…")
def district_sums() -> pd.DataFrame:
    """Per-district distance sums, measured (or read from the build cache) once per process."""
    return district_table(resources.atlas())


@st.cache_resource(show_spinner=False, max_entries=MAPS_KEPT)
def distance_view(layer_id: str, metric: str) -> DistanceView:
    """The ranked distances and their map for one layer and measure, built once per process."""
    atlas = resources.atlas()
    distances = area_distances(district_sums(), atlas.block_table, layer_id)
    ranked = distance_table(atlas, distances, layer_id, metric)
    return DistanceView(ranked, safe_csv_bytes(ranked),
                        frozen(distance_map(atlas, distances, layer_id, metric, _estate().prisons)))


def seed_filters(shown: Estate) -> list[str]:
    """On a session's first run: operators and groups from the link, and the CRC outline on unfilled councils."""
    notices: list[str] = []
    if PRISON_OPERATORS not in st.session_state:
        st.session_state[PRISON_OPERATORS], notices = parse_choices(
            st.query_params.get("operator"), shown.operators, list(shown.operators), "operators")
        st.session_state[PRISON_GROUPS], more = parse_choices(
            st.query_params.get("group"), shown.groups, list(shown.groups), "prison groups")
        notices += more
    if PRISON_LAYERS not in st.session_state and "layers" not in st.query_params:
        # Prisons read best over the CRC areas they serve, on unfilled councils.
        st.session_state[PRISON_LAYERS], st.session_state[PRISON_LAYERS_FILL] = ["crc"], False
    return notices


def seed_distance() -> list[str]:
    """On a session's first run: the distance layer and measure from the link."""
    if DISTANCE_LAYER in st.session_state:
        return []
    st.session_state[DISTANCE_LAYER], notices = parse_choice(st.query_params.get("area"), LAYER_CHOICES, "crc",
                                                             "layer")
    st.session_state[DISTANCE_METRIC], more = parse_choice(st.query_params.get("metric"), list(METRICS),
                                                           "men_crc_km", "measure")
    return notices + more


def filter_param(chosen: list[str], every: tuple[str, ...]) -> str:
    """The link's value for a multiselect: empty when everything is chosen, so links stay short."""
    return ",".join(chosen) if list(chosen) != list(every) else ""
