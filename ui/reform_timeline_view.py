"""The reform timeline page's view: every era measured, charted and mapped once per process."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures.coterminosity import era_map, timeline_chart
from geo.coterminosity import partner_counts
from geo.councils import reorganisation_rows
from geo.reform_timeline import ERAS, available_eras, timeline
from indicators.csv_safety import safe_csv_bytes
from ui import resources
from ui.coterminosity_view import population
from ui.figure_view import frozen

COLUMNS = {
    "era": "Era", "label": "Probation bodies", "against": "Against", "bodies": "Number of bodies",
    "mean_partners_per_body": "Partners per body, mean (count)", "max_partners_per_body": "Partners per body, max",
    "bodies_coterminous": "Bodies matching exactly one partner area", "against_split": "Partner areas split",
    "against_total": "Partner areas", "pct_against_split": "% partner areas split",
    "mean_councils_incl_counties": "Councils incl. counties per body, mean",
    "pct_residents_in_shared_bodies": "% residents whose body spans several partner areas (population-weighted)"}
AGAINST = {"police_force_area": "Police force areas (43)", "district": "District and unitary councils (348)"}


@dataclass(frozen=True)
class EraView:
    """One era's small multiple: its bodies shaded by the force areas each spans, and the same as a table."""

    layer_id: str
    label: str
    bodies: int
    mean_force_areas: float
    map: go.Figure
    table: pd.DataFrame


@dataclass(frozen=True)
class TimelineView:
    """Everything the reform timeline page shows (it depends only on the data)."""

    skipped: list[str]  # eras whose layer is not in this build
    has_population: bool
    chart: go.Figure
    table: pd.DataFrame  # with readable column titles (the layer id column kept for the download)
    csv: bytes
    never_split: bool  # every force area and council sat wholly inside one body in every era
    eras: list[EraView]
    councils: pd.DataFrame  # each council reorganisation of 2019-2023, one row per new council


def _era(layer_id: str, label: str) -> EraView:
    """One era's map and table: the number of police force areas each of its bodies spans."""
    atlas = resources.atlas()
    counts = partner_counts(atlas.block_table, layer_id)["police_force_area"]
    rows = pd.DataFrame({"Body": [atlas.area_name(layer_id, c) for c in counts.index],
                         "Police force areas": counts.to_numpy()})
    return EraView(layer_id, label, len(counts), float(counts.mean()), frozen(era_map(atlas, layer_id, counts)),
                   rows.sort_values("Police force areas", ascending=False))


@st.cache_resource(show_spinner="Measuring every era…")
def view() -> TimelineView:
    """The timeline's measures, chart, table and every era's map, made once per process (about 1 s)."""
    eras = available_eras()
    units = population()
    table = timeline(resources.atlas(), units)
    shown = table.rename(columns=COLUMNS)
    shown["Against"] = shown["Against"].map(AGAINST)
    return TimelineView([era.label for era in ERAS if era not in eras], units is not None,
                        frozen(timeline_chart(table)), shown, safe_csv_bytes(shown),
                        bool((table["against_split"] == 0).all()), [_era(era.layer_id, era.label) for era in eras],
                        council_reorganisations())


def council_reorganisations() -> pd.DataFrame:
    """The council reorganisations since 2019 with readable column titles."""
    rows = pd.DataFrame(reorganisation_rows(resources.atlas().councils))
    rows["day"] = pd.to_datetime(rows["day"]).map(lambda d: f"{d.day} {d:%B %Y}")
    return rows.rename(columns={"day": "From", "council": "New council", "code": "Code", "replaced": "It replaced",
                                "councils_after": "Councils in England and Wales after"})
