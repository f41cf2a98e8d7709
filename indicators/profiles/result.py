"""What an import gives: tidy rows, every refusal with its reason, the file's source entry and notes in words."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from indicators.schema import empty_table

REFUSED_COLUMNS = ("row", "column", "value", "reason")
# progress(fraction done 0-1, what is happening) — the CLI draws a bar from it, the upload page a progress widget.
Progress = Callable[[float, str], None]


class LayoutError(ValueError):
    """A file that is not in a profile's layout: the message names the columns that are missing."""


@dataclass
class ImportResult:
    """One file (or ZIP member) read through a profile."""

    profile: str  # the profile's name, e.g. "proven_reoffending_geographic"
    file_name: str
    rows: pd.DataFrame = field(default_factory=empty_table)  # tidy rows (indicators.schema.COLUMNS)
    refused: pd.DataFrame = field(default_factory=lambda: refused_frame([]))
    source: dict = field(default_factory=dict)  # catalogue entry (source_id, title, publisher, vintage, ...)
    notes: list[str] = field(default_factory=list)  # what was taken, skipped and why, in words
    rows_read: int = 0
    edition: str = ""  # which MoJ edition the file was recognised as, in words

    @property
    def ok(self) -> bool:
        """True when at least one figure was loaded."""
        return len(self.rows) > 0


def refused_frame(rows: list[tuple]) -> pd.DataFrame:
    """Refusals as a table: row (the file's row number, or None for a grouped refusal), column, value, reason."""
    frame = pd.DataFrame(rows, columns=list(REFUSED_COLUMNS))
    frame["row"] = frame["row"].astype("Int64")
    frame["value"] = frame["value"].astype(str).str.slice(0, 120)
    return frame


def loaded_summary(rows: pd.DataFrame, by_source: bool = False) -> list[dict]:
    """[{indicator, breakdown, layer, period, areas}] (areas = how many have a figure), with source_id if asked."""
    if rows.empty:
        return []
    keys = ["indicator", "breakdown", "layer", "period"] + (["source_id"] if by_source else [])
    counts = rows[rows["value"].notna()].groupby(keys, sort=False)["area_code"].nunique()
    return [{**dict(zip(keys, values)), "areas": int(counts.get(values, 0))}
            for values in rows[keys].drop_duplicates().itertuples(index=False, name=None)]


def refused_records(refused: pd.DataFrame) -> list[dict]:
    """Refusals as plain dicts ({row, column, value, reason}; row None when the refusal covers many rows)."""
    return [{"row": None if pd.isna(r) else int(r), "column": c, "value": v, "reason": why}
            for r, c, v, why in refused[list(REFUSED_COLUMNS)].itertuples(index=False, name=None)]
