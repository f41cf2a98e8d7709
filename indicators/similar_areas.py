"""Similar areas: ONS Explore Local Statistics nearest neighbours (global, economic, demographic) for councils and
combined authorities, read at run time from ../shared (commit: no); no peer group is invented for other layers.

The ONS lists each area's 20 nearest neighbours in 2026 codes. Only neighbours that are areas of the layer shown
are taken (a council abolished since, or a county's unitary neighbours on the county layer, are passed over), in
the ONS's rank order.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo.locations import sources_dir

KINDS = {"global": "overall", "economic": "economic", "demographic": "demographic"}
FILES = {kind: f"similar_areas/ons_els_{kind}-neighbours.csv" for kind in KINDS}
LAYERS = ("district", "county", "mayoral_combined_authority")
SOURCE = ("ONS Explore Local Statistics, similar areas (nearest neighbours, 2026 codes): ONS clusters, not CIPFA "
          "nearest neighbours and not HMICFRS most similar groups")
NONE_FOR_LAYER = ("No peer group for this layer: ONS publishes similar areas for councils and combined authorities "
                  "only, and none is invented here (HMICFRS's most similar groups of police forces are not in the "
                  "store).")
PEERS = 5


@lru_cache(maxsize=4)
def _table(kind: str, folder: str | None = None) -> pd.DataFrame:
    """AREACD -> its 20 neighbours in rank order (empty if the file is not on this machine)."""
    path = sources_dir(Path(folder) if folder else None) / FILES[kind]
    if not path.exists():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False).set_index("AREACD")


def available(layer: str) -> bool:
    """True when similar areas exist for this layer (councils, combined authorities)."""
    return layer in LAYERS


def similar(code: str, layer_codes: set[str], kind: str = "global", peers: int = PEERS,
            folder: str | None = None) -> list[str] | None:
    """The area's nearest neighbours that are areas of the layer shown, best first (at most `peers`); None when
    the ONS lists no neighbours for this code (a council created or abolished since 2019 keeps another code)."""
    table = _table(kind, folder)
    if code not in table.index:
        return None
    ranked = [c for c in table.loc[code].tolist() if c and c in layer_codes and c != code]
    return ranked[:peers]
