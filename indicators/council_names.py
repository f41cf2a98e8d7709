"""Council names of any vintage (2013-2025) matched to the 2013-19 district building blocks they cover.

Official files name councils, not codes, and older releases use older names: a renamed district (Shepway,
now Folkestone and Hythe) is the same block; a council formed by a merger (North Northamptonshire, Dorset,
Bournemouth, Christchurch and Poole) is the set of 2013 districts it replaced; a county council is the set of
its districts. Figures for such a set can be added into any layer the set nests in, never split.
"""
from __future__ import annotations

from pathlib import Path

from geo.atlas import Atlas
from geo.place_names import folded


def council_key(name: str) -> str:
    """A council name folded for matching across vintages ('Bristol, City of' and 'City of Bristol' alike): the
    atlas's own folding, so an import and the place explorer read a name the same way."""
    return folded(name)


Entry = tuple[str, str, frozenset[str]]  # (in being from 'YYYY-MM-DD' or '', until or '', 2013 districts)


class CouncilNames:
    """Folded council names (official and alternative, every vintage) -> the 2013 districts each stood for."""

    def __init__(self, entries: dict[str, list[Entry]]):
        self.entries = entries

    def districts(self, name: str, when: str = "") -> tuple[frozenset[str], str]:
        """(2013 districts, '') for a name at a date 'YYYY-MM-DD' (or any date), or (empty, why it is not placed)."""
        found = self.entries.get(council_key(name), [])
        if not found:
            return frozenset(), "not a council name known for 2013-2025"
        current = [e for e in found if when and (not e[0] or e[0] <= when) and (not e[1] or when <= e[1])]
        sets = {e[2] for e in (current or found)}
        if len(sets) == 1:
            return next(iter(sets)), ""
        return frozenset(), ("the name stood for different areas in different years (e.g. Dorset County Council "
                             "until March 2019, Dorset Council after) and the period does not say which")


def council_names(atlas: Atlas, sources: Path | None = None) -> CouncilNames:
    """Every council name of 2013-2025 (official, alternative and short forms such as 'BCP') with the 2013
    districts it covers, from the lineage the atlas build stores (geo.councils); `sources` is no longer read."""
    entries: dict[str, list[Entry]] = {}

    def add(name: str, start: str, end: str, districts) -> None:
        if districts:
            entry = (start, end, frozenset(districts))
            bucket = entries.setdefault(council_key(name), [])
            if entry not in bucket:
                bucket.append(entry)

    councils = atlas.councils
    for council in councils.values():
        add(council.name, council.start, council.end, council.blocks)
    for name, code in atlas.council_records["names"]:
        council = councils[code]
        add(name, council.start, council.end, council.blocks)
    return CouncilNames(entries)
