"""The combined authority lens page's view: partner tables measured once per process, each authority's parts cached."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures.coterminosity import lens_bars, lens_heatmap
from figures.lens import authority_sentence, authority_table, bodies_per_authority, every_partner_table, partner_map
from geo.combined_authority_lens import ERAS, mayors_with_pcc_functions, partners, summary
from indicators.csv_safety import safe_csv_bytes
from ui import resources
from ui.coterminosity_view import population
from ui.figure_view import frozen
from ui.params import parse_choice
from ui.state_keys import LENS_AUTHORITY, LENS_ERA, LENS_WEIGHT

WEIGHTS = {"area": "Area (km²)", "population": "Residents (mid-2022)"}
DEFAULT_AUTHORITY = "E47000004"  # Liverpool City Region: its CRC and NPS division reach far beyond it
MAPS_KEPT = 24  # each map carries every layer's outline: keep the authorities and layers a team is looking at


@dataclass(frozen=True)
class LensOverview:
    """Every authority at a glance: the heatmap, the bodies per authority and the full download."""

    rows: pd.DataFrame  # one row per (authority, partner body)
    codes: list[str]  # the authorities, in the order of their names
    names: dict[str, str]
    has_population: bool
    authority_layer: str
    heatmap: go.Figure
    bodies: pd.DataFrame
    everything_csv: bytes


@dataclass(frozen=True)
class AuthorityView:
    """One authority in one weighting: the sentence, the bars and its partner table."""

    name: str
    sentence: str
    bars: go.Figure
    weight: str  # the weighting shown: area when population was asked for but is unavailable
    population_unavailable: bool
    table: pd.DataFrame
    csv: bytes
    mayor_source: str = ""  # the instrument and address behind the mayor's police and crime commissioner functions


@st.cache_resource(show_spinner="Measuring each authority's partners…")
def overview(era: str = "2025") -> LensOverview:
    """Each authority's partners in every layer and the heatmap of them all, measured once per process and era."""
    atlas, layer = resources.atlas(), ERAS[era]
    rows = partners(atlas, population(), authority_layer=layer)
    table = summary(rows)
    codes = sorted(rows["combined_authority_code"].unique(), key=lambda c: atlas.area_name(layer, c))
    names = {code: atlas.area_name(layer, code) for code in codes}
    return LensOverview(rows, codes, names, "population_share_of_body_outside" in rows, layer,
                        frozen(lens_heatmap(atlas, table, rows)), bodies_per_authority(table, layer),
                        safe_csv_bytes(every_partner_table(rows)))


def _mine(code: str, era: str) -> pd.DataFrame:
    rows = overview(era).rows
    return rows[rows["combined_authority_code"] == code]


@st.cache_resource(show_spinner=False, max_entries=64)
def authority(code: str, weight: str, era: str = "2025") -> AuthorityView:
    """The sentence, bars and partner table of one authority in one weighting, built once per process."""
    shown = overview(era)
    mine, name = _mine(code, era), shown.names[code]
    unavailable = weight == "population" and not shown.has_population
    weight = "area" if unavailable else weight
    table = authority_table(mine, shown.has_population)
    mayor = mayors_with_pcc_functions().get(code) if era == "2025" else None
    source = f"{mayor['instrument']}: {mayor['source']}" if mayor else ""
    return AuthorityView(name, authority_sentence(name, mine, mayor), frozen(lens_bars(mine, weight)), weight,
                         unavailable, table, safe_csv_bytes(table), source)


@st.cache_resource(show_spinner=False, max_entries=MAPS_KEPT)
def authority_map(code: str, layer_id: str, era: str = "2025") -> go.Figure:
    """The authority framed on its bodies of one partner layer, built once per authority and layer."""
    mine = _mine(code, era)
    bodies = mine.loc[mine["layer"] == layer_id, "body_code"].tolist()
    return frozen(partner_map(resources.atlas(), code, layer_id, bodies, resources.hover_text(), ERAS[era]))


def seed_era_from_link() -> list[str]:
    """On a session's first run, the era from the link (2025 unless it says 2021)."""
    if LENS_ERA in st.session_state:
        return []
    st.session_state[LENS_ERA], notices = parse_choice(st.query_params.get("era"), list(ERAS), "2025", "era")
    return notices


def seed_from_link(codes: list[str]) -> list[str]:
    """On a session's first run, the authority and weighting from the link (unknown values noticed)."""
    if LENS_AUTHORITY in st.session_state:
        if st.session_state[LENS_AUTHORITY] not in codes:  # an authority of the other era: open on the default
            st.session_state[LENS_AUTHORITY] = DEFAULT_AUTHORITY
        return []
    st.session_state[LENS_AUTHORITY], notices = parse_choice(st.query_params.get("ca"), codes, DEFAULT_AUTHORITY,
                                                             "combined authority")
    st.session_state[LENS_WEIGHT], more = parse_choice(st.query_params.get("weight"), list(WEIGHTS), "area",
                                                       "weighting")
    return notices + more
