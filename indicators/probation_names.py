"""MoJ's own spellings of CRC and NPS division names (including misspelt ones) matched to the atlas's areas.

The atlas names four CRCs as HM Inspectorate of Probation does ('Hampshire and Isle of Wight CRC'); MoJ's
statistical files use the contract names ('Hampshire CRC') and, in some caseload files, misspellings. Both are
read at run time from the shared source folder (never committed): the CRC contract package list gives each
contract name its CPA number, and MoJ's tidyCSV lookup gives each spelling seen in its files the name it means.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.locations import sources_dir
from indicators.upload_validation import AreaIndex

CONTRACT_AREAS = "justice_areas/crc_contract_package_areas_2014_2021.csv"
MOJ_SPELLINGS = "justice_areas/moj_tidycsv_probation_area_crc_nps_lookup.csv"


def add_probation_names(index: AreaIndex, sources: str | Path | None = None) -> AreaIndex:
    """The index with every MoJ spelling of a CRC or NPS division added as another name of its area."""
    folder = sources_dir(sources)
    contracts = pd.read_csv(folder / CONTRACT_AREAS, dtype=str)
    for number, name in zip(contracts["cpa_number"], contracts["crc_name"]):
        index.add_name("crc", name, f"CPA{int(number):02d}")
    spellings = pd.read_csv(folder / MOJ_SPELLINGS, dtype=str)
    for spelt, meant, kind in zip(spellings["probation_area_input"], spellings["probation_area"],
                                  spellings["nps_crc"]):
        layer = "crc" if kind == "CRC" else "nps_division"
        code = index.layers_for_name(meant).get(layer)
        if code is not None:
            index.add_name(layer, spelt, code)
    return index
