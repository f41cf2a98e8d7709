"""Periods as published: cohort labels in one form, their order, and which side of the October 2017 method change.

MoJ writes a proven reoffending cohort as "Apr 2019 to Mar 2020", "April 2019 - March 2020" or "2019 Q1";
every form is turned into "Apr 2019 to Mar 2020" so figures from different files line up. The measure changed
in October 2017 (3-month cohorts): 3-month and 12-month cohorts are two series, never joined (judged by the
cohort's length, so "Jul 2017 to Sep 2017" is a 3-month cohort).
"""
from __future__ import annotations

import re
from datetime import date

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
OLD_METHOD = "12-month cohorts"
NEW_METHOD = "3-month cohorts (October 2017 method)"
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r")[a-z]*\.?\s*'?(\d{4}|\d{2})\b", re.IGNORECASE)
_QUARTER = re.compile(r"^\s*(\d{4})\s*Q([1-4])\b", re.IGNORECASE)
_MONTH_RANGE_YEAR = re.compile(r"^\s*(" + "|".join(MONTHS) + r")[a-z]*\s*[-–]\s*(" + "|".join(MONTHS) +
                               r")[a-z]*\s+(\d{4})\s*$", re.IGNORECASE)
_YEAR = re.compile(r"\b(19|20)(\d\d)\b")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def cohort_bounds(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """((first year, month), (last year, month)) of a cohort label, or None when it names no months."""
    quarter = _QUARTER.match(text)
    if quarter:
        year, q = int(quarter.group(1)), int(quarter.group(2))
        return (year, 3 * q - 2), (year, 3 * q)
    span = _MONTH_RANGE_YEAR.match(text)
    if span:
        year = int(span.group(3))
        first, last = MONTHS.index(span.group(1)[:3].lower()) + 1, MONTHS.index(span.group(2)[:3].lower()) + 1
        return (year if first <= last else year - 1, first), (year, last)
    found = _MONTH_YEAR.findall(text)
    if len(found) >= 2:
        (m1, y1), (m2, y2) = found[0], found[-1]
        return (_year(y1), MONTHS.index(m1[:3].lower()) + 1), (_year(y2), MONTHS.index(m2[:3].lower()) + 1)
    return None


def cohort_label(text: str) -> str:
    """A cohort in one form, 'Apr 2019 to Mar 2020'; text that names no months comes back tidied, unchanged."""
    bounds = cohort_bounds(str(text))
    if bounds is None:
        return " ".join(str(text).split())
    (y1, m1), (y2, m2) = bounds
    return f"{MONTHS[m1 - 1].title()} {y1} to {MONTHS[m2 - 1].title()} {y2}"


def cohort_months(text: str) -> int | None:
    """How many months a cohort spans ("Jul 2017 to Sep 2017" is 3), or None when the label names no months."""
    bounds = cohort_bounds(str(text))
    if bounds is None:
        return None
    (y1, m1), (y2, m2) = bounds
    return (y2 - y1) * 12 + m2 - m1 + 1


def cohort_method(text: str) -> str:
    """Which proven reoffending series a cohort belongs to, by its length: 3-month cohorts (the October 2017
    method's own) or 12-month ones ('' when the label names no months). ASSUMPTION: a 3-month cohort is on the
    October 2017 method whatever its start ("Jul 2017 to Sep 2017" was published under it). Annual cohorts on the
    old and the new measure share this label: sources, never labels, keep those two apart."""
    months = cohort_months(text)
    if months is None:
        return ""
    return NEW_METHOD if months <= 3 else OLD_METHOD


def period_sort_key(text: str) -> tuple[int, int, int, int, str]:
    """Sorts periods in time: by last month (or last year) named, then first, then text."""
    bounds = cohort_bounds(str(text))
    if bounds is not None:
        (y1, m1), (y2, m2) = bounds
        return (y2, m2, y1, m1, str(text))
    years = [int(a + b) for a, b in _YEAR.findall(str(text))]
    if years:
        return (max(years), 12, min(years), 1, str(text))
    return (0, 0, 0, 0, str(text))


def sort_periods(periods) -> list[str]:
    """Distinct periods in time order (see period_sort_key)."""
    return sorted(set(periods), key=period_sort_key)


_CALENDAR_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*$")
_FINANCIAL_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*[/-]\s*(\d\d|(?:19|20)\d\d)\s*$")


def period_midpoint(text: str) -> date | None:
    """The middle of the time a period covers, to place it on a time axis: a cohort's months, a calendar year
    ("2024": 1 July) or a financial year ("2016/17", "2016-17": 1 October 2016); None for any other label."""
    bounds = cohort_bounds(str(text))
    if bounds is not None:
        (y1, m1), (y2, m2) = bounds
        start, end = date(y1, m1, 1), date(y2 + m2 // 12, m2 % 12 + 1, 1)
        return start + (end - start) / 2
    year = _CALENDAR_YEAR.match(str(text))
    if year:
        return date(int(year.group(1)), 7, 1)
    financial = _FINANCIAL_YEAR.match(str(text))
    if financial and int(financial.group(2)[-2:]) == (int(financial.group(1)) + 1) % 100:
        return date(int(financial.group(1)), 10, 1)
    return None
