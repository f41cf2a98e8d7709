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


def fact_table_sources(data_dir: Path = REPO_ROOT / "data") -> pd.DataFrame:
    """Every CSV under data/ with a 'source' column: file, each distinct source and how many rows cite it."""
    rows = []
    for path in sorted(data_dir.rglob("*.csv")):
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError):
            continue
        if "source" not in table.columns:
            continue
        for source, count in table["source"].value_counts().items():
            rows.append({"file": str(path.relative_to(data_dir.parent)), "source": source, "rows": int(count)})
    return pd.DataFrame(rows, columns=["file", "source", "rows"])


def geography_sources(manifest: dict) -> pd.DataFrame:
    """The boundary, lookup and postcode sources the atlas was built from (from its build manifest)."""
    from geo.facts import DISTRICT_LOOKUP_SOURCE, LCJB_SOURCE
    from geo.ons_topology import ONS_TOPOLOGY_SOURCE
    from geo.postcodes import POSTCODE_SOURCE

    built = manifest.get("built_at", "unknown")
    rows = [
        {"what": "Base geometry (district building blocks)", "source": manifest.get("base_geometry", "unknown"),
         "vintage": "LSOA December 2011, dissolved to 2013-19 districts", "licence": "OGL v3 (ONS; contains OS data)",
         "caveats": f"Super-generalised; simplified to {manifest.get('browser_tolerance_metres', '?')} m for the browser. "
                    f"Atlas built {built}."},
        {"what": "District to county, region and police force area", "source": DISTRICT_LOOKUP_SOURCE,
         "vintage": "districts 2013-2025", "licence": "CC BY 4.0 (mySociety) / OGL",
         "caveats": "Derived, not the ONS LAD-CSP-PFA file; read at build time, never bundled."},
        {"what": "Postcodes", "source": POSTCODE_SOURCE, "vintage": "November 2025", "licence": "OGL v3 (ONS)",
         "caveats": "A postcode's council is the directory's own; its 2013-19 district is placed by grid reference."},
        {"what": "Councils 2013-2025 and combined authorities 2025 (and the check of today's councils)",
         "source": ONS_TOPOLOGY_SOURCE, "vintage": "2013-2025", "licence": "OGL v3 (ONS; contains OS data)",
         "caveats": "Which councils each combined authority joins is read from these boundaries; the count of councils "
                    "in being each year and the shape of each of today's councils are checked against them at build."},
        {"what": "Local Criminal Justice Board areas; check of CPS areas", "source": LCJB_SOURCE,
         "vintage": "November 2022", "licence": "OGL v3 (MIT (c) 2022 Ministry of Justice for the repository)",
         "caveats": "By police force area: 43 force areas in 40 board areas. CPS London splits by borough, shown whole."},
        {"what": "Check: police force area boundaries", "source": "ONS Police Force Areas (December 2016) ultra generalised",
         "vintage": "December 2016", "licence": "OGL v3", "caveats": "Used only to check the built force areas."},
    ]
    return pd.DataFrame(rows)


KNOWN_GAPS: tuple[tuple[str, str], ...] = (
    ("Reoffending by area", "No complete official per-area table (local authority, force area, probation trust or "
     "CRC) of proven reoffending could be found offline; the MoJ Local Adult Reoffending bulletins and CRC "
     "payment-by-results tables were stored only as their opening pages. Bundled per-area figures are Hansard "
     "fragments only. Current figures must be uploaded."),
    ("National reoffending series", "Only bulletin main points were in the store (2009, 2011-12, 2013-14, 2018 Q4, "
     "2019 Q3, 2023 Q2), one of them via a document mirror; the October 2017 change to 3-month cohorts breaks "
     "the series, so the page draws the two methods as separate lines."),
    ("1992 reconviction rates", "Only 12 of about 43 police authorities are in the stored copy (Greater Manchester to "
     "Norfolk); Norfolk's community 2-year rate and City of London's community figures are missing."),
    ("Local adult reoffending 2008", "Cambridgeshire only; council counts do not add up to the probation area."),
    ("Costs by establishment", "2007-08 only, and only male category B and 21 of 38 male category C prisons."),
    ("Costs 2015-17", "From a secondary source with contradictory year labels (resolved by the stated rises and "
     "flagged); the MoJ release itself is not in the store."),
    ("Custody by home area", "No table of prisoners by home area for short sentences, women or young offenders: "
     "the attributable-spend view needs uploaded counts (sentencing counts by the court's force area are used "
     "where imported, and the bundled women's series)."),
    ("Cost of reoffending", "National only; the MoJ says it cannot be broken down by area. The NAO 2016 "
     "£7.4-10.7bn range is quoted by IPPR but the NAO text was not found."),
    ("Population", "Per-head figures use ONS mid-2018 estimates by force area, added up for larger layers; smaller "
     "layers (districts, counties) have no per-head figure unless they coincide with a force area."),
    ("Boundaries", "2013-19 districts are the building blocks; 1992 police authorities and 2008 probation areas are "
     "matched by name to today's force areas (the 1992 Metropolitan Police District was larger)."),
)
