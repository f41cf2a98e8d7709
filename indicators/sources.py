"""The source catalogue: every source's title, publisher, address, vintage, licence and caveats."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.locations import REPO_ROOT

SOURCES_FILE = REPO_ROOT / "data" / "sources.csv"
SOURCE_COLUMNS = ("source_id", "title", "publisher", "address", "vintage", "licence", "caveats", "group")


def read_catalogue(path: Path = SOURCES_FILE) -> pd.DataFrame:
    """The bundled source catalogue, one row per source id (checked unique and complete)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if table["source_id"].duplicated().any():
        raise ValueError(f"{path.name}: duplicate source_id {sorted(table['source_id'][table['source_id'].duplicated()])}")
    for column in ("title", "vintage", "licence"):
        if (table[column].str.strip() == "").any():
            raise ValueError(f"{path.name}: every source needs a {column}")
    return normalise(table)


def normalise(table: pd.DataFrame) -> pd.DataFrame:
    """Catalogue rows with every column present (extra sources may omit caveats or group)."""
    out = table.copy()
    for column in SOURCE_COLUMNS:
        if column not in out.columns:
            out[column] = "uploaded" if column == "group" else ""
    out = out[list(SOURCE_COLUMNS)].fillna("").astype(str)
    return out.reset_index(drop=True)
