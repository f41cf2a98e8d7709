"""The indicator store: bundled tidy rows and source catalogue, plus any uploaded or saved extras.

Contract with the upload page (item 5):
- Tidy table columns: area_code (str, GSS code or the layer's own code), layer (a geo.registry layer id, or
  "national" with area_code K04000001 for England and Wales as a whole), period (str), indicator (id from
  indicators.catalogue), value, numerator, denominator (float or NaN), source_id (key in the catalogue),
  is_estimate (bool), note (str).
- IndicatorStore.with_extra(frame, sources) returns a NEW store with the extra rows (validated by
  indicators.schema.validate) and catalogue entries (dicts with source_id, title, publisher, address,
  vintage, licence, caveats; optional group). Bundled rows are never altered. Where an extra row repeats
  an (area, layer, period, indicator), the extra row wins in views; the bundled one stays in the store.
- Pages build: bundled + indicators.local_store.load_saved() (if that module exists) +
  st.session_state["uploaded_indicators"] (a (frame, sources) tuple or None).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.atlas import Atlas
from indicators.aggregate import LayerView, to_layer
from indicators.bundled import bundled_table
from indicators.catalogue import get_indicator
from indicators.periods import sort_periods
from indicators.schema import ENGLAND_AND_WALES, KEY, NATIONAL_LAYER, coerce, validate
from indicators.sources import normalise, read_catalogue


@dataclass(frozen=True)
class IndicatorStore:
    """An immutable set of tidy indicator rows and the catalogue of their sources."""

    rows: pd.DataFrame
    catalogue: pd.DataFrame
    extra_sources: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def bundled(cls, shared: Path | None = None) -> IndicatorStore:
        """The store of bundled figures only."""
        catalogue = read_catalogue()
        rows = validate(bundled_table(shared), set(catalogue["source_id"]))
        return cls(rows, catalogue)

    def with_extra(self, frame: pd.DataFrame, sources: list[dict]) -> IndicatorStore:
        """A new store with extra rows and source entries added (checked; IndicatorSchemaError if bad)."""
        extra_catalogue = normalise(pd.DataFrame(list(sources))) if sources else normalise(pd.DataFrame(
            columns=["source_id"]))
        catalogue = pd.concat([self.catalogue, extra_catalogue[~extra_catalogue["source_id"].isin(
            self.catalogue["source_id"])]], ignore_index=True)
        extra = validate(frame, set(catalogue["source_id"])) if len(frame) else coerce(frame)
        rows = pd.concat([self.rows, extra], ignore_index=True) if len(extra) else self.rows.copy()
        return IndicatorStore(rows, catalogue, self.extra_sources | frozenset(extra_catalogue["source_id"]))

    def indicators(self, area_only: bool = True) -> list[str]:
        """Indicator ids with rows (only those with figures for some area unless area_only is False)."""
        rows = self.rows[self.rows["layer"] != NATIONAL_LAYER] if area_only else self.rows
        return list(dict.fromkeys(rows["indicator"]))

    def breakdowns(self, indicator: str, area_only: bool = True) -> list[str]:
        """The breakdowns an indicator has ('' = everyone first, then as they arrived)."""
        rows = self.rows[self.rows["indicator"] == indicator]
        if area_only:
            rows = rows[rows["layer"] != NATIONAL_LAYER]
        found = list(dict.fromkeys(rows["breakdown"]))
        return sorted(found, key=lambda b: b != "")

    def periods(self, indicator: str, area_only: bool = True, breakdown: str | None = None) -> list[str]:
        """The periods with rows for an indicator (and breakdown), in time order."""
        rows = self.rows[self.rows["indicator"] == indicator]
        if breakdown is not None:
            rows = rows[rows["breakdown"] == breakdown]
        if area_only:
            rows = rows[rows["layer"] != NATIONAL_LAYER]
        return sort_periods(rows["period"])

    def select(self, indicator: str, period: str | None = None, breakdown: str | None = "") -> pd.DataFrame:
        """Rows of one indicator, breakdown ('' = everyone; None = all breakdowns) and period; later repeats win."""
        rows = self.rows[self.rows["indicator"] == indicator]
        if breakdown is not None:
            rows = rows[rows["breakdown"] == breakdown]
        if period is not None:
            rows = rows[rows["period"] == period]
        return rows.drop_duplicates(list(KEY), keep="last")

    def layer_view(self, atlas: Atlas, indicator: str, period: str, layer: str, breakdown: str = "") -> LayerView:
        """The indicator on one layer (published, pooled from smaller areas, or missing with a reason)."""
        rows = self.select(indicator, period, breakdown)
        return to_layer(atlas, rows[rows["layer"] != NATIONAL_LAYER], get_indicator(indicator), layer)

    def national(self, indicator: str, period: str | None = None, breakdown: str = "") -> pd.DataFrame:
        """England and Wales figures for an indicator and breakdown (all periods unless one is given)."""
        rows = self.select(indicator, period, breakdown)
        return rows[(rows["layer"] == NATIONAL_LAYER) & (rows["area_code"] == ENGLAND_AND_WALES)]

    def latest_area_figure(self, indicators: list[str]) -> tuple[str, str, str] | None:
        """(indicator, breakdown, period) of the most recent figure for an area among these indicators."""
        rows = self.rows[self.rows["indicator"].isin(indicators) & (self.rows["layer"] != NATIONAL_LAYER)
                         & self.rows["value"].notna()]
        if rows.empty:
            return None
        latest = sort_periods(rows["period"])[-1]
        at_latest = rows[rows["period"] == latest]
        # Prefer the earliest indicator in the list, then everyone over a breakdown, then the most areas.
        ranked = at_latest.groupby(["indicator", "breakdown"])["area_code"].nunique().reset_index()
        ranked["order"] = ranked["indicator"].map({i: n for n, i in enumerate(indicators)})
        ranked = ranked.sort_values(["order", "breakdown", "area_code"], ascending=[True, True, False],
                                    key=lambda s: s.map(lambda b: b != "") if s.name == "breakdown" else s)
        best = ranked.iloc[0]
        return str(best["indicator"]), str(best["breakdown"]), latest

    def source(self, source_id: str) -> dict:
        """One catalogue entry as a dict (KeyError if unknown)."""
        hit = self.catalogue[self.catalogue["source_id"] == source_id]
        if hit.empty:
            raise KeyError(source_id)
        return hit.iloc[0].to_dict()

    def source_note(self, source_ids) -> str:
        """'Source: title (publisher, vintage; licence)' for each id, in order, for captions under figures."""
        parts = []
        for source_id in dict.fromkeys(s.strip() for ids in source_ids for s in str(ids).split(",") if s.strip()):
            try:
                entry = self.source(source_id)
            except KeyError:
                parts.append(f"{source_id} (not in the catalogue)")
                continue
            parts.append(f"{entry['title']} — {entry['publisher']}, {entry['vintage']}; {entry['licence']}")
        return "Source: " + " | ".join(parts) if parts else "Source: none"
