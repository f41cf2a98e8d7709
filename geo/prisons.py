"""The prison estate (NOMS list, Feb 2017) located through the ONS Postcode Directory, read at run time."""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import Transformer

from geo.locations import cache_dir, sources_dir
from geo.postcodes import POSTCODE_SOURCE, PostcodeError, locate
from geo.source_cache import stamped_table

NOMS_LIST = "prisons/noms_prison_estate_and_cpas_feb2017_geocoded.csv"
MASTER_LIST = "prisons/prisons_master_2016_2017_derived.csv"
CACHE_VERSION = "v1"  # raise when load_prisons changes what it measures
PRISON_SOURCE = ("NOMS 'Breakdown list of the prison estate and CPAs' (27 Feb 2017, MoJ attachment 596255, OGL v3), "
                 "via github rcatlord/criminal_justice; read at run time from ../shared/data/sources/" + NOMS_LIST)
NOMIS_SOURCE = ("NOMIS establishment ids from the MoJ monthly prison population bulletins (May 2016), as joined in "
                "../shared/data/sources/" + MASTER_LIST)
LOCATION_SOURCE = f"Located by the postcode in the NOMS list's postal address, through the {POSTCODE_SOURCE}"
# Beyond this, the shared file's third-party geocode and the postcode's grid reference disagree enough to report.
GEOCODE_GAP_KM = 2.0
_TAIL_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})(0?)\s*$")
_TO_LONLAT = Transformer.from_crs(27700, 4326, always_xy=True)
_TO_BNG = Transformer.from_crs(4326, 27700, always_xy=True)


def parse_postcode(address: str) -> tuple[str | None, str]:
    """The postcode at the end of a postal address, and a note on any repair ('' when clean)."""
    match = _TAIL_POSTCODE.search(address.strip().upper())
    if not match:
        return None, "no complete postcode at the end of the address in the source"
    postcode = f"{match.group(1)} {match.group(2)}"
    if match.group(3):
        # The 2017 list has a stray '0' after some postcodes (a transcription artefact of the PDF).
        return postcode, f"a stray '0' after the postcode in the source was dropped ({postcode}0)"
    return postcode, ""


def cpa_codes(raw: str) -> list[str]:
    """'10 & 12' -> ['CPA10', 'CPA12']: the CRC areas (contract package areas) a resettlement prison serves."""
    return [f"CPA{int(part):02d}" for part in re.findall(r"\d+", raw or "")]


def estate(function: str, designation: str) -> str:
    """Which part of the estate a prison belongs to, from its predominant function and designation."""
    if designation == "Not in use" or function == "Not in use":
        return "not in use"
    if function == "Female":
        return "women"
    if function == "Immigration Removal Centre":
        return "immigration removal"
    if function in ("YJB", "Secure TrainingCentre"):
        return "children and young people"
    return "men"


def _list_path(sources: Path | None) -> Path:
    path = sources_dir(sources) / NOMS_LIST
    if not path.exists():
        raise FileNotFoundError(f"The NOMS prison list is not at {path}: set PATCHWORK_SOURCES to the shared sources.")
    return path


def _raw_list(sources: Path | None) -> pd.DataFrame:
    return pd.read_csv(_list_path(sources), dtype=str, keep_default_na=False)


def _nomis_ids(sources: Path | None) -> dict[str, str]:
    path = sources_dir(sources) / MASTER_LIST
    if not path.exists():
        return {}
    master = pd.read_csv(path, dtype=str, keep_default_na=False)
    return dict(zip(master["prison"], master["nomis_id"]))


def gap_km(easting_a: float, northing_a: float, easting_b: float, northing_b: float) -> float:
    """Straight-line distance in km between two British National Grid points."""
    return math.hypot(easting_a - easting_b, northing_a - northing_b) / 1000.0


def load_prisons(sources: Path | None = None) -> pd.DataFrame:
    """One row per establishment in the Feb 2017 list with its facts, postcode location and geocode check."""
    raw = _raw_list(sources)
    nomis = _nomis_ids(sources)
    rows = []
    for _, item in raw.iterrows():
        postcode, note = parse_postcode(item["Postal.Address"])
        source_lon, source_lat = float(item["lon"]), float(item["lat"])
        source_e, source_n = _TO_BNG.transform(source_lon, source_lat)
        located_by, easting, northing = "", np.nan, np.nan
        if postcode:
            try:
                postcode, easting, northing = locate(postcode)
                located_by = "postcode directory"
            except PostcodeError as error:
                note = "; ".join(filter(None, [note, str(error)]))
        if not located_by:
            # No usable postcode: keep the prison on the map at the shared file's geocode, and say so.
            easting, northing = source_e, source_n
            located_by = "shared file geocode (third-party; postcode not usable)"
        gap = gap_km(easting, northing, source_e, source_n)
        lon, lat = _TO_LONLAT.transform(easting, northing)
        function, designation = item["Predominant.Function"], item["Designation"]
        cpas = cpa_codes(item["Lead.Resettlement.CPA..if.resettlement.prison."])
        part = estate(function, designation)
        checks = []
        if located_by == "postcode directory" and gap > GEOCODE_GAP_KM:
            checks.append(f"postcode location and shared file geocode disagree by {gap:.1f} km")
        if cpas and part == "not in use":
            checks.append("listed with a resettlement area but not in use in Feb 2017: left out of distances")
        rows.append({
            "prison": item["Prison"], "nomis_id": nomis.get(item["Prison"], ""), "postcode": postcode or "",
            "operator": item["Operator"], "function": function, "designation": designation,
            "prison_group": item["NOMS.Region"], "nps_division": item["NPS.Division"], "estate": part,
            "resettlement_prison": bool(cpas) and part != "not in use", "resettlement_crc_codes": ";".join(cpas),
            "resettlement_provider": item["Lead.Resettlement.Services.Provider"],
            "easting": float(easting), "northing": float(northing), "lon": lon, "lat": lat,
            "located_by": located_by, "geocode_gap_km": round(gap, 2), "geocode_disagrees": gap > GEOCODE_GAP_KM,
            "address": item["Postal.Address"], "source_notes": item["Notes"],
            "location_note": "; ".join(filter(None, [note] + checks)),
            "source": PRISON_SOURCE,
        })
    return pd.DataFrame(rows)


def located_prisons(sources: Path | None = None, folder: Path | None = None) -> pd.DataFrame:
    """`load_prisons`, located once per source file and then read from the build cache (locating takes seconds)."""
    inputs = [_list_path(sources), sources_dir(sources) / MASTER_LIST]  # a missing list raises: never cached empty
    return stamped_table(f"prisons_{CACHE_VERSION}", inputs, lambda: load_prisons(sources), folder or cache_dir())


def with_areas(prisons: pd.DataFrame, atlas) -> pd.DataFrame:
    """Add the 2013 district each prison sits in (nearest block within 5 km: the blocks are generalised at the
    coast) and that district's police force area and CRC, so 'sits in' can be set against 'serves'."""
    import geopandas as gpd  # heavy import kept out of the module's fast path

    blocks = atlas.blocks[["district_code", "geometry"]]
    points = gpd.GeoDataFrame(prisons[["prison"]], crs=blocks.crs,
                              geometry=gpd.points_from_xy(prisons["easting"], prisons["northing"]))
    joined = gpd.sjoin_nearest(points, blocks, how="left", max_distance=5000)
    joined = joined[~joined.index.duplicated()]
    out = prisons.copy()
    out["district_code"] = joined["district_code"].fillna("").reindex(out.index)
    for layer in ("police_force_area", "crc"):
        codes = out["district_code"].map(atlas.block_table[layer]).fillna("")
        out[f"in_{layer}_code"] = codes
        out[f"in_{layer}_name"] = [atlas.area_name(layer, code) if code else "" for code in codes]
    out["serves_own_crc"] = [bool(row.resettlement_prison) and row.in_crc_code in row.resettlement_crc_codes.split(";")
                             for row in out.itertuples()]
    return out


def resettlement_prisons(prisons: pd.DataFrame) -> pd.DataFrame:
    """One row per (resettlement prison, CRC area it serves): a prison serving two CRCs appears twice."""
    serving = prisons[prisons["resettlement_prison"]].copy()
    serving["crc_code"] = serving["resettlement_crc_codes"].str.split(";")
    return serving.explode("crc_code").reset_index(drop=True)
