"""The bundled indicator rows: our transcriptions in data/indicators plus national headlines read at run time."""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

from geo.locations import REPO_ROOT, sources_dir
from indicators.bundled_custody import SOURCE_ID as WOMEN_CUSTODY_SOURCE
from indicators.bundled_custody import women_custody_rows
from indicators.periods import cohort_label
from indicators.schema import ENGLAND_AND_WALES, NATIONAL_LAYER, coerce, empty_table

DATA_DIR = REPO_ROOT / "data" / "indicators"
TRANSCRIBED = DATA_DIR / "transcribed"
RECONVICTIONS_1992 = "hansard_1996-06-11_reconviction_rates_by_police_authority_1992_PARTIAL.csv"
CAMBRIDGESHIRE_2008 = "hansard_2009-07-06_cambridgeshire_local_adult_reoffending_2008.csv"
# Files under "commit: no" in ../shared/data/sources: read here at run time, never copied into the repo.
SHARED_HEADLINES = "reoffending/national_proven_reoffending_headlines.csv"
SHARED_BY_SENTENCE = "reoffending/prt_reoffending_by_sentence_type.csv"
SHARED_REGIONS = "reoffending/moj_proven_reoffending_english_regions_by_age_apr2008_mar2020.csv"
REGIONS_SOURCE = "moj_proven_reoffending_overview_english_regions_2008_2020"


def area_codes(table: str) -> dict[str, tuple[str, str]]:
    """For one transcribed table: name as written in the source -> (layer, area code)."""
    codes = pd.read_csv(DATA_DIR / "area_codes_for_transcribed_tables.csv", dtype=str, keep_default_na=False)
    rows = codes[codes["table"] == table]
    return {name: (layer, code) for name, layer, code in zip(rows["name_in_source"], rows["layer"], rows["area_code"])}


def _derived_numerator(rate: float, denominator: float) -> float:
    # The sources give a rounded rate and a count: the numerator is rebuilt so areas can be pooled.
    if math.isnan(rate) or math.isnan(denominator):
        return math.nan
    return rate / 100 * denominator


def reconvictions_1992() -> pd.DataFrame:
    """Home Office 1992 reconviction rates by police authority (PARTIAL: 12 areas) as tidy rows."""
    raw = pd.read_csv(TRANSCRIBED / RECONVICTIONS_1992)
    codes = area_codes("hansard_1996_reconvictions_1992")
    rows = []
    for _, r in raw.iterrows():
        layer, code = codes[r["police_authority"]]
        for group, indicator_group in (("custody", "custody"), ("community", "community")):
            sampled = float(r[f"{group}_number_sampled"]) if pd.notna(r[f"{group}_number_sampled"]) else math.nan
            for years in ("1yr", "2yr"):
                rate = float(r[f"{group}_{years}_pct_reconvicted"])
                spread = r[f"{group}_{years}_range_pm"]
                if math.isnan(rate) or math.isnan(sampled):
                    continue  # not in the stored copy: stays missing
                note = "numerator derived from the rounded % x number sampled"
                if pd.notna(spread):
                    note += f"; source range +/- {spread:g} percentage points"
                if pd.notna(r["note"]):
                    note += f"; {r['note']}"
                rows.append({"area_code": code, "layer": layer, "period": "1992",
                             "indicator": f"reconviction_rate_{years}_{indicator_group}", "value": rate,
                             "numerator": _derived_numerator(rate, sampled), "denominator": sampled,
                             "source_id": "hansard_1996_reconvictions_1992", "is_estimate": False, "note": note})
    return coerce(pd.DataFrame(rows))


def cambridgeshire_2008() -> pd.DataFrame:
    """Local adult reoffending (NI 18) 2008 for Cambridgeshire probation area and its two councils."""
    raw = pd.read_csv(TRANSCRIBED / CAMBRIDGESHIRE_2008)
    codes = area_codes("hansard_2009_cambridgeshire_lar_2008")
    rows = []
    for _, r in raw.iterrows():
        layer, code = codes[f"{r['area']}|{r['level']}"]
        rate, offenders = float(r["Actual reoffending rate (percentage)"]), float(r["Number of offenders"])
        note = "numerator derived from rate x offenders; offenders = 4 quarterly caseload snapshots"
        if r["level"] == "local_authority":
            note += "; council counts do not sum to the probation area (not every offender is assigned to a council)"
        rows.append({"area_code": code, "layer": layer, "period": "2008", "indicator": "local_adult_reoffending_rate",
                     "value": rate, "numerator": _derived_numerator(rate, offenders), "denominator": offenders,
                     "source_id": "hansard_2009_cambridgeshire_lar_2008", "is_estimate": False, "note": note})
    return coerce(pd.DataFrame(rows))


def seed_paper_figures() -> pd.DataFrame:
    """National figures quoted in the seed papers (IPPR 2016, MoJ 2008), transcribed by hand."""
    return coerce(pd.read_csv(DATA_DIR / "national_figures_from_seed_papers.csv", dtype=str, keep_default_na=False))


def official_page_figures() -> pd.DataFrame:
    """National proven reoffending headlines transcribed from MoJ bulletin pages (main points only)."""
    return coerce(pd.read_csv(DATA_DIR / "national_figures_from_official_pages.csv", dtype=str, keep_default_na=False))


def shared_national_headlines(folder: Path | None = None) -> pd.DataFrame:
    """National proven reoffending headlines read at run time from ../shared (empty if the files are absent)."""
    base = sources_dir(folder)
    rows = []
    headlines = base / SHARED_HEADLINES
    if headlines.exists():
        table = pd.read_csv(headlines)
        groups = {"Adult": ("Adult", "moj_proven_reoffending_2013_14_via_rcatlord"),
                  "Juvenile": ("Juvenile", "moj_proven_reoffending_2013_14_via_rcatlord"),
                  "All (adult and juvenile)": ("", "moj_proven_reoffending_2009_via_blog")}
        for _, r in table.iterrows():
            if r["offender_group"] not in groups:
                continue
            breakdown, source = groups[r["offender_group"]]
            period = cohort_label(r["cohort"])
            note = f"cohort {r['cohort']}"
            if isinstance(r["note"], str) and "rounded" in r["note"]:
                note += "; counts rounded as worded in the release"
            rows.append({"area_code": ENGLAND_AND_WALES, "layer": NATIONAL_LAYER, "period": period,
                         "indicator": "proven_reoffending_rate", "breakdown": breakdown,
                         "value": r["proportion_reoffending_pct"],
                         "numerator": r["number_of_reoffenders"], "denominator": r["offenders_in_cohort"],
                         "source_id": source, "is_estimate": False, "note": note})
    by_sentence = base / SHARED_BY_SENTENCE
    if by_sentence.exists():
        ids = {"Prison sentence of less than 12 months": "short_sentence_reoffending_rate",
               "Community order": "community_order_reoffending_rate",
               "Suspended sentence order": "suspended_sentence_reoffending_rate"}
        for _, r in pd.read_csv(by_sentence).iterrows():
            if r["sentence"] in ids:
                rows.append({"area_code": ENGLAND_AND_WALES, "layer": NATIONAL_LAYER, "period": "PRT (year not stated)",
                             "indicator": ids[r["sentence"]], "value": r["proven_reoffending_pct"],
                             "source_id": "prt_bromley_reoffending_by_sentence", "is_estimate": False,
                             "note": "cohort year not stated in the source"})
    return coerce(pd.DataFrame(rows)) if rows else empty_table()


def regional_reoffending(folder: Path | None = None) -> pd.DataFrame:
    """MoJ proven reoffending by English region, adults and juveniles by age band, 12 annual cohorts 2008-2020,
    read at run time from ../shared through the overview data tool's profile (empty if the file is absent)."""
    return _regional_reoffending(sources_dir(folder) / SHARED_REGIONS).copy()


@lru_cache(maxsize=2)
def _regional_reoffending(path: Path) -> pd.DataFrame:
    """The regional rows of one file, read once per process (the atlas lookup and the profile take 0.2 s)."""
    if not path.exists():
        return empty_table()
    from geo.atlas import load_atlas
    from geo.registry import LAYERS
    from indicators.profiles import proven_reoffending_overview
    from indicators.upload import read_upload
    from indicators.upload_validation import AreaIndex

    atlas = load_atlas(progress=None)
    areas = AreaIndex(atlas.areas[["layer", "area_code", "area_name"]], {layer.id: layer.name for layer in LAYERS})
    raw = read_upload(path.name, path.read_bytes())
    result = proven_reoffending_overview.run(raw, atlas=atlas, areas=areas, source_id=REGIONS_SOURCE)
    if len(result.refused):
        raise ValueError(f"{SHARED_REGIONS}: {len(result.refused)} rows refused: {result.refused.head(3).to_dict('records')}")
    rows = result.rows
    rows["note"] = rows["note"].str.replace("12-month cohorts", "annual cohort on the current measure", regex=False)
    return rows


def bundled_table(shared: Path | None = None) -> pd.DataFrame:
    """Every bundled indicator row in the tidy schema."""
    parts = [reconvictions_1992(), cambridgeshire_2008(), seed_paper_figures(), official_page_figures(),
             shared_national_headlines(shared), women_custody_rows(area_codes(WOMEN_CUSTODY_SOURCE), shared),
             regional_reoffending(shared)]
    return coerce(pd.concat([p for p in parts if len(p)], ignore_index=True))
