"""Which column of an upload is the area, period, numerator, denominator or value, guessed and remembered by layout."""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from geo.locations import cache_dir
from storage.database import Database, open_database
from storage.migrations import Migration, statements
from storage.ownership import EVERYONE

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


MAPPINGS_COMPONENT = "indicators.column_mappings"
MAPPINGS_TABLE = "column_mappings"
MAPPING_MIGRATIONS = (Migration(1, "remembered column mappings, per owner and file layout", statements(
    f"""CREATE TABLE {MAPPINGS_TABLE} (owner TEXT NOT NULL, layout TEXT NOT NULL, header TEXT NOT NULL,
        mapping TEXT NOT NULL, saved_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (owner, layout))"""
)),)


class MappingMemory:
    """Mappings remembered by file layout in the shared database, per owner: a person's own mapping first, else
    the one remembered for everyone (single-user mode, and the JSON file of older versions, imported once)."""

    def __init__(self, path: Path | None = None, *, owner: str | None = EVERYONE):
        self.path = Path(path) if path else local_store_dir() / MEMORY_FILE  # an older version's file, if any
        self.owner = owner  # None: not signed in, so mappings are recalled but none is remembered

    def _database(self) -> Database:
        # Imported here: the local store imports this module for local_store_dir.
        from indicators.local_store import store_path

        database = open_database(store_path()).ready(MAPPINGS_COMPONENT, MAPPING_MIGRATIONS)
        if self.path.exists():
            self._import_file(database)
        return database

    def _import_file(self, database: Database) -> None:
        """Move an older version's JSON file into the database as everyone's mappings, then set the file aside."""
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # Keep the unreadable file for inspection rather than overwrite it silently.
            self.path.replace(self.path.with_suffix(f".unreadable-{int(time.time())}.json"))
            return
        entries = loaded.items() if isinstance(loaded, dict) else []
        with database.transaction() as tx:
            for key, entry in entries:
                if isinstance(entry, dict) and isinstance(entry.get("mapping"), dict):
                    tx.execute(f"INSERT INTO {MAPPINGS_TABLE} (owner, layout, header, mapping, saved_at) "
                               "VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner, layout) DO NOTHING",
                               (EVERYONE, str(key), json.dumps(entry.get("header", [])), json.dumps(entry["mapping"]),
                                float(entry.get("saved_at") or 0)))
        self.path.replace(self.path.with_suffix(f".imported-{int(time.time())}.json"))  # kept, not deleted

    def recall(self, header: list[str]) -> ColumnMapping | None:
        """The mapping saved for this layout, if any (limited to columns this header has)."""
        owners = (EVERYONE,) if self.owner in (None, EVERYONE) else (self.owner, EVERYONE)
        with self._database().transaction(write=False) as tx:
            found = {owner: text for owner, text in tx.rows(
                f"SELECT owner, mapping FROM {MAPPINGS_TABLE} WHERE layout = ? AND owner IN "
                f"({', '.join('?' * len(owners))})", (header_key(header), *owners))}
        for owner in owners:
            try:
                raw = json.loads(found[owner]) if owner in found else None
            except ValueError:
                raw = None
            if isinstance(raw, dict):
                return ColumnMapping.from_dict(raw).for_header(header)
        return None

    def remember(self, header: list[str], mapping: ColumnMapping) -> str:
        """Save the mapping for this layout under the owner (one transaction); returns the layout key."""
        key = header_key(header)
        if self.owner is None:
            return key
        with self._database().transaction() as tx:
            tx.execute(f"INSERT INTO {MAPPINGS_TABLE} (owner, layout, header, mapping, saved_at) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (owner, layout) DO UPDATE SET header = excluded.header, mapping = excluded.mapping, "
                       "saved_at = excluded.saved_at",
                       (self.owner, key, json.dumps(normalise_header(header)), json.dumps(mapping.to_dict()), time.time()))
            tx.execute(f"DELETE FROM {MAPPINGS_TABLE} WHERE owner = ? AND layout NOT IN (SELECT layout FROM "
                       f"{MAPPINGS_TABLE} WHERE owner = ? ORDER BY saved_at DESC LIMIT ?)",
                       (self.owner, self.owner, MAX_REMEMBERED))
        return key

    def forget(self, header: list[str]) -> None:
        """Drop the mapping the owner remembered for this layout."""
        if self.owner is None:
            return
        with self._database().transaction() as tx:
            tx.execute(f"DELETE FROM {MAPPINGS_TABLE} WHERE owner = ? AND layout = ?", (self.owner, header_key(header)))
