"""Texts of the "Outcomes by offence" file read by rules: sex, age group, outcome, year, totals and force area."""
from __future__ import annotations

import math
import re

from indicators.upload_validation import TOTAL_NAMES, AreaIndex, normalise_name

LAYER = "police_force_area"
# Texts -> kinds, by rules on the folded text (MoJ order codes such as "02: " dropped first).
NOT_KNOWN = {"not known", "unknown", "not stated", "not recorded", "n k", "nk"}
# Companies and public bodies are sentenced too (fines): a sex and age value of their own, never "not known".
COMPANIES = r"compan|public bod|organisation"
SEX_RULES = ((COMPANIES, "companies"), (r"^(female|females|women|woman|f|girls?)$", "women"),
             (r"^(male|males|men|man|m|boys?)$", "men"),
             (r"^(not known|unknown|not stated|not recorded|other|others|indeterminate|not applicable|n/a)"
              r"( ?[/,] ?(not known|unknown|other|not stated))?$", "other"))
AGE_WORDS = ((COMPANIES, "companies"), (r"^(children|child|juveniles?|youths?|young people)$", "children"),
             (r"^young adults?$", "young_adults"), (r"^adults?$", "adults"),
             (r"^(not known|unknown|not stated|not recorded|age not known|other)$", "other"))
# Ages written in numbers win over words ("Adults (18+)" is everyone 18 and over, not MoJ's 21+ adults).
AGE_NUMBERS = ((("10", "17"), "children"), (("18", "20"), "young_adults"), (("21",), "adults"), (("18",), "adults_18"))
# Dec 2019's court outcomes file holds every outcome at court: those before "10: Absolute discharge" are not
# sentences (proceedings discontinued or withdrawn, dismissed, acquitted, committed to the Crown Court, "Discharged
# Sec 6" = discharged at committal) and never count as people sentenced. Texts cut at 23 characters are read too.
OUTCOME_RULES = ((r"discontinued|discharged sec|section 6|withdrawn|dismissed|not tried|acquitted|committed|"
                  r"not guilty|proceedings", "not_sentenced"),
                 (r"suspended", "suspended"), (r"community", "community"),
                 (r"^(custody|immediate custodial sentence|immediate imprisonment)$|immediate custody", "custody"),
                 (r"dischar|\bfines?\b|otherwise dealt|compensation|^others?$|other disposal|deferred|"
                  r"hospital order|bound over|bind over|referral order|reparation order", "other"))
TOTAL_TEXTS = {normalise_name(t) for t in TOTAL_NAMES} | {"all", "total", "grand total", "totals", "overall total",
                                                           "all areas", "all ages", "all persons", "all sexes",
                                                           "all outcomes", "all years", "total sentenced",
                                                           "all police force areas", "england and wales"}
SEX_TOTALS = {"persons", "all persons", "both sexes", "all"}
LONDON_NOTE = ("the file's 'London' is the Metropolitan Police and City of London force areas together, shown on "
               "the Metropolitan Police (E23000001)")
# Beside the atlas names (matched after normalise_name, so "Dyfed Powys" and "Metropolitan Police" already fit).
AREA_ALIASES = {"london": ("E23000001", LONDON_NOTE), "metropolitan": ("E23000001", ""), "met": ("E23000001", ""),
                "dyfed powys": ("W15000004", ""), "dyfed and powys": ("W15000004", "")}
MET = "E23000001"

def clean_text(text: object) -> str:
    """A category text without MoJ's order code ("02: Female" -> "Female"), spaces collapsed."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    value = " ".join(str(text).replace("\ufeff", "").split())
    return re.sub(r"^\d{1,3}\s*:\s*", "", value)


def _fold_text(text: object) -> str:
    """A category text cleaned and in lower case, for the rules."""
    return clean_text(text).lower()


def _kind(text: object, rules: tuple[tuple[str, str], ...]) -> str:
    """The kind the first matching rule gives the folded text, else 'unknown'."""
    folded = _fold_text(text)
    for pattern, kind in rules:
        if re.search(pattern, folded):
            return kind
    return "unknown"


def sex_kind(text: object) -> str:
    """'women', 'men', 'companies' (companies, public bodies), 'other' (not known, other) or 'unknown'."""
    return _kind(text, SEX_RULES)


def age_kind(text: object) -> str:
    """'children' (10-17), 'young_adults' (18-20), 'adults' (21+), 'adults_18' (18+), 'companies', 'other' or
    'unknown'."""
    folded = _fold_text(text)
    if re.search(COMPANIES, folded):
        return "companies"
    numbers = tuple(re.findall(r"\d+", folded))
    if numbers:
        if numbers == ("18",) and re.search(r"\b(under|below|less than) 18\b", folded):
            return "children"
        open_above = re.search(r"\+|and over|or over|plus|and above|or more", folded)
        for wanted, kind in AGE_NUMBERS:
            if numbers == wanted and (len(wanted) == 2 or open_above):
                return kind
        return "unknown"
    return _kind(text, AGE_WORDS)


def outcome_kind(text: object) -> str:
    """'custody' (immediate), 'suspended', 'community', 'other' (fines, discharges, ...), 'not_sentenced' (withdrawn,
    dismissed, acquitted, committed: court outcomes that are not sentences) or 'unknown'."""
    return _kind(text, OUTCOME_RULES)


def year_text(text: object) -> str | None:
    """The calendar year as text ("2019"), or None when the cell is not one year."""
    value = clean_text(text).lower()
    hit = re.fullmatch(r"(?:calendar year |year )?((?:19|20)\d{2})(?:\.0+)?(?: calendar year)?", value)
    return hit.group(1) if hit else None


def is_total(text: object, *, sex: bool = False) -> bool:
    """True for a total's label ("Total", "All", "England and Wales"; "Persons" in the Sex column)."""
    folded = normalise_name(clean_text(text))
    return folded in TOTAL_TEXTS or (sex and folded in SEX_TOTALS)


def area_code(text: object, areas: AreaIndex) -> tuple[str | None, str, str]:
    """(code, status, note) for a force-area text; status 'ok', 'not_known', 'total' or 'unknown' (note: suggestions)."""
    value = clean_text(text)
    folded = normalise_name(value)
    if folded in NOT_KNOWN or re.search(r"\bunknown\b|not known|miscellaneous", folded):
        return None, "not_known", ""
    if folded in TOTAL_TEXTS:
        return None, "total", ""
    code = areas.names.get(LAYER, {}).get(folded)
    if code:
        return code, "ok", ""
    if folded in AREA_ALIASES:
        code, note = AREA_ALIASES[folded]
        return code, "ok", note
    suggestions = areas.suggest(LAYER, value) if value else []
    hint = f"did you mean {' or '.join(suggestions)}?" if suggestions else "no close match among the 43 force areas"
    return None, "unknown", hint
