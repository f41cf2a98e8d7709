"""Names and codes of places of every vintage: the index the place resolver and the importers look names up in."""
from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from geo.councils import Council, council_lineage, read_lookup
from geo.locations import FACTS_DIR, sources_dir
from geo.ons_topology import code_changes, ons_areas

REGISTER = "geography/mysociety_uk_local_authorities_past_current.csv"
_PREFIXES = ("city and county of ", "city of ", "county of ", "royal borough of ", "london borough of ", "borough of ",
             "the ")
_SUFFIXES = (" city council", " county council", " borough council", " district council", " metropolitan borough council",
             " council", " city of", " county of", " county", " city", " borough", " district", " metropolitan borough",
             " unitary authority", " ua")


def normalised(text: str) -> str:
    """Lower case, '&' as 'and', punctuation as single spaces: 'Bristol, City of' -> 'bristol city of'."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).strip()


def folded(text: str) -> str:
    """A council name folded across vintages and styles: 'City of Bristol', 'Bristol, City of', 'Bristol' alike."""
    key = normalised(text)
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix):]
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    return re.sub(r"\s+", " ", key).strip()


def council_records(sources: str | Path | None = None, facts_dir: Path = FACTS_DIR) -> dict:
    """What the build stores about councils: lineage, codes that changed, and every known name with its code."""
    from geo.facts import read_fact_table

    lookup = read_lookup(sources)
    councils = council_lineage(sources, lookup)
    aliases, alias_notes = {}, {}
    for code, former in zip(lookup["lad_code"], lookup["former_gss_codes"]):
        for old in filter(None, (c.strip() for c in former.split(","))):
            aliases[old] = code
            alias_notes[old] = f"{old} is the code {councils[code].name} had before a boundary change; it is now {code}."
    for new, old in code_changes(ons_areas("ltla", sources)).items():
        if old in councils:
            aliases[new] = old
            alias_notes[new] = (f"{new} is the code {councils[old].name} took in 2025 after a small boundary change; "
                                f"the atlas, built on 2013 districts, keeps it as {old}.")
    names = []
    register = pd.read_csv(sources_dir(sources) / REGISTER, dtype=str, keep_default_na=False)
    register = register[register["gss-code"].isin(councils.keys())]
    for code, official, nice, alternatives in zip(register["gss-code"], register["official-name"],
                                                  register["nice-name"], register["alt-names"]):
        for name in {official, nice, *re.split(r",(?! )", alternatives)}:  # a comma inside a name has a space after
            if name.strip():
                names.append([name.strip(), code])
    short = read_fact_table("council_short_names.csv", facts_dir)
    names += [[name, code] for name, code in zip(short["short_name"], short["council_code"])]
    return {"councils": [{**asdict(c), "successors": list(c.successors), "blocks": sorted(c.blocks)}
                         for c in councils.values()],
            "aliases": aliases, "alias_notes": alias_notes, "names": names}


def councils_from_records(records: dict) -> dict[str, Council]:
    """The lineage as stored by the build, back as Council objects."""
    return {r["code"]: Council(r["code"], r["name"], r["kind"], r["start"], r["end"], tuple(r["successors"]),
                               frozenset(r["blocks"]), r["county_code"]) for r in records["councils"]}


class NameIndex:
    """Every name of every area and council: exact and folded keys -> (rank, layer id or '', code); low rank first."""

    def __init__(self, areas: pd.DataFrame, layer_order: list[str], councils: dict[str, Council], extra_names: list):
        rank = {layer: i for i, layer in enumerate(layer_order)}
        self.layer_of: dict[str, tuple[int, str]] = {}
        for layer, code in zip(areas["layer"], areas["area_code"]):
            self.layer_of[code] = min(self.layer_of.get(code, (99, "")), (rank[layer], layer))
        after_layers = len(layer_order)
        for code in councils:
            self.layer_of.setdefault(code, (after_layers, ""))  # a council of 2019-23 only (no layer of its own)
        self.exact: dict[str, set[tuple[int, str, str]]] = {}
        self.loose: dict[str, set[tuple[int, str, str]]] = {}
        pairs = list(zip(areas["area_name"], areas["area_code"]))
        pairs += [(c.name, c.code) for c in councils.values()]
        self.display = sorted({name for name, _ in pairs})  # suggestions: official names only
        pairs += [tuple(pair) for pair in extra_names]
        for name, code in pairs:
            entry = (*self.layer_of[code], code)
            self.exact.setdefault(normalised(name), set()).add(entry)
            self.loose.setdefault(folded(name), set()).add(entry)

    def best(self, text: str) -> tuple[str, str] | None:
        """(layer id or '', code) of the best match for a name, today's bodies first; None when nothing matches."""
        for table, key in ((self.exact, normalised(text)), (self.loose, folded(text))):
            found = table.get(key)
            if found:
                _, layer, code = min(found)
                return layer, code
        return None
