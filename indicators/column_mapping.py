"""Which column of an upload is the area, period, numerator, denominator or value, guessed and remembered by layout."""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from geo.locations import cache_dir

LOCAL_STORE_ENV = "PATCHWORK_LOCAL_STORE"

ROLES = ("area", "period", "numerator", "denominator", "value")
ROLE_LABELS = {"area": "Area (GSS code or name)", "period": "Period", "numerator": "Numerator (e.g. reoffenders)",
               "denominator": "Denominator (e.g. offenders in the cohort)", "value": "Rate or value"}


def upload_indicators() -> dict[str, dict]:
    """Indicator ids an upload can be mapped to (from indicators.catalogue): label, kind, unit and rate scale."""
    from indicators.catalogue import INDICATORS

    return {item.id: {"label": f"{item.label} ({item.unit})", "kind": item.kind, "unit": item.unit,
                      "scale": item.scale} for item in INDICATORS}


RATE_UNITS = ("percent", "proportion")
AUTO = "auto"
MEMORY_FILE = "column_mappings.json"
MAX_REMEMBERED = 500

_HINTS = {
    "area": (r"\bgss\b", r"\bcode\b", r"\barea\b", r"police force", r"\bpfa\b", r"\bcrc\b", r"local authority",
             r"\bla\b", r"\bname\b", r"region", r"division", r"\bforce\b"),
    "period": (r"\bperiod\b", r"\byear\b", r"\bquarter\b", r"\bcohort\b", r"\bdate\b", r"\bmonth\b", r"\bfy\b"),
    "numerator": (r"\bnumerator\b", r"\breoffenders\b", r"who reoffended", r"number of reoffend", r"\breoffences\b",
                  r"\breceptions\b"),
    "denominator": (r"\bdenominator\b", r"\boffenders\b", r"cohort size", r"number of offenders", r"\bpopulation\b",
                    r"\bbase\b"),
    "value": (r"\brate\b", r"%", r"\bpercent", r"\bproportion\b", r"\bvalue\b", r"\bper\b", r"\bcost\b", r"£"),
}


@dataclass
class ColumnMapping:
    """The user's reading of one file layout: a column (or None) per role, the indicator, layer and units."""

    columns: dict[str, str | None] = field(default_factory=lambda: dict.fromkeys(ROLES))
    indicator: str = "proven_reoffending_rate"
    layer: str = AUTO
    rate_unit: str = "percent"
    fixed_period: str = ""  # the period for every row when the file has no period column
    wide_columns: list[str] = field(default_factory=list)  # periods as columns: each header is a period, cells values
    breakdown_columns: list[str] = field(default_factory=list)  # categories (Adult / Juvenile): each value kept apart

    def to_dict(self) -> dict:
        """Plain JSON form."""
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict) -> ColumnMapping:
        """Back from JSON, ignoring unknown keys and filling missing roles with None."""
        columns = {role: (raw.get("columns") or {}).get(role) for role in ROLES}
        known = {k: str(raw[k]) for k in ("indicator", "layer", "rate_unit", "fixed_period") if k in raw}
        wide = [str(name) for name in raw.get("wide_columns") or [] if isinstance(name, str)]
        breakdown = [str(name) for name in raw.get("breakdown_columns") or [] if isinstance(name, str)]
        return cls(columns=columns, wide_columns=wide, breakdown_columns=breakdown, **known)

    def for_header(self, header: list[str]) -> ColumnMapping:
        """The same mapping with any column not in this header dropped (a remembered mapping never points nowhere)."""
        columns = {role: (name if name in header else None) for role, name in self.columns.items()}
        wide = [name for name in self.wide_columns if name in header]
        breakdown = [name for name in self.breakdown_columns if name in header]
        return ColumnMapping(columns, self.indicator, self.layer, self.rate_unit, self.fixed_period, wide, breakdown)


def local_store_dir() -> Path:
    """The git-ignored folder of saved uploads and mappings: cache_dir()/local_store, or PATCHWORK_LOCAL_STORE."""
    folder = Path(os.environ.get(LOCAL_STORE_ENV) or cache_dir() / "local_store")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def normalise_header(header: list[str]) -> list[str]:
    """Header names folded for layout matching: lower case, single spaces, no surrounding blanks or BOM."""
    return [" ".join(str(name).replace("\ufeff", "").lower().split()) for name in header]


def header_key(header: list[str]) -> str:
    """A stable key for a file layout: SHA-256 of the normalised header row (first 16 hex digits)."""
    joined = "\x1f".join(normalise_header(header))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def guess_mapping(header: list[str]) -> ColumnMapping:
    """A first guess from the column names; each column is used for at most one role."""
    folded = normalise_header(header)
    used: set[int] = set()
    columns: dict[str, str | None] = dict.fromkeys(ROLES)
    # Numerator before denominator: 'number of reoffenders' also contains 'offenders'.
    for role in ("area", "period", "numerator", "denominator", "value"):
        for pattern in _HINTS[role]:
            hit = next((i for i, name in enumerate(folded) if i not in used and re.search(pattern, name)), None)
            if hit is not None:
                columns[role] = header[hit]
                used.add(hit)
                break
    return ColumnMapping(columns=columns)


class MappingMemory:
    """Mappings remembered by file layout in a small JSON file under the git-ignored cache (local_store/)."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else local_store_dir() / MEMORY_FILE

    def _load(self) -> dict:
        if not self.path.exists():
            return {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # Keep the unreadable file for inspection rather than overwrite it silently.
            self.path.replace(self.path.with_suffix(f".unreadable-{int(time.time())}.json"))
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def recall(self, header: list[str]) -> ColumnMapping | None:
        """The mapping saved for this layout, if any (limited to columns this header has)."""
        entry = self._load().get(header_key(header))
        if not isinstance(entry, dict) or not isinstance(entry.get("mapping"), dict):
            return None
        return ColumnMapping.from_dict(entry["mapping"]).for_header(header)

    def remember(self, header: list[str], mapping: ColumnMapping) -> str:
        """Save the mapping for this layout (atomically); returns the layout key."""
        key = header_key(header)
        memory = self._load()
        memory[key] = {"header": normalise_header(header), "mapping": mapping.to_dict(), "saved_at": time.time()}
        if len(memory) > MAX_REMEMBERED:
            oldest = sorted(memory, key=lambda k: memory[k].get("saved_at", 0))[:len(memory) - MAX_REMEMBERED]
            for stale in oldest:
                memory.pop(stale, None)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(memory, out, indent=1)
        os.replace(temporary, self.path)
        return key

    def forget(self, header: list[str]) -> None:
        """Drop the mapping remembered for this layout."""
        memory = self._load()
        if memory.pop(header_key(header), None) is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(memory, indent=1), encoding="utf-8")
