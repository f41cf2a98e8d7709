"""One honest line saying what a run covers (cohorts, data years, share estimated, share of IPPR's budget), and its
caveats each said once, for details on demand."""
from __future__ import annotations

import re

import numpy as np

from formatting.numbers import money
from scenario.baseline import COHORTS, national_baseline
from scenario.model import Result, inputs

SHORT_NAMES = {"short_sentence": "short sentences under 24 months", "short_sentence_under_12":
               "short sentences under 12 months", "women": "women", "young_offenders": "young offenders"}
# Internal source ids (lower-case words joined by underscores or colons) are for exports, not for a board.
SOURCE_ID = re.compile(r"\s*\(source ids? [^)]*\)")


def _spend(result: Result) -> np.ndarray:
    receptions, served, cost = inputs(result.baseline, result.levers)
    return receptions * served * cost


def devolved_budget(result: Result) -> dict[str, float]:
    """Per cohort: today's custody spend on it where it is devolved, all areas (the year-1 budget under IPPR's
    formula), £ a year."""
    devolved = result.devolved if result.devolved is not None else np.ones(result.baseline.receptions.shape, bool)
    spend = _spend(result) * devolved
    return {cohort: float(spend[:, i].sum()) for i, cohort in enumerate(result.baseline.cohorts)}


def ippr_budget(result: Result) -> float:
    """IPPR's three cohorts' custody spend a year for England and Wales under this run's inputs."""
    national = national_baseline()
    receptions, served, cost = inputs(national, result.levers)
    return float((receptions * served * cost).sum())


def estimated_share(result: Result) -> float:
    """Share of the devolved budget that rests on estimated (not counted) receptions."""
    budget = devolved_budget(result)
    total = sum(budget.values())
    guessed = sum(v for c, v in budget.items() if c in result.baseline.estimated_cohorts)
    return guessed / total if total else 0.0


def coverage_line(result: Result, areas_word: str = "areas") -> str:
    """One line: which cohorts, where, which years, how much is estimated and how much of IPPR's budget it covers."""
    base = result.baseline
    budget = devolved_budget(result)
    chosen = [c for c in base.cohorts if budget[c] > 0] or list(base.cohorts)
    years = "; ".join(f"{SHORT_NAMES[c]} {y}" for c, y in zip(base.cohorts, base.cohort_years) if c in chosen)
    missing = [SHORT_NAMES[c] for c in ("short_sentence", "women", "young_offenders")
               if c not in chosen and not (c == "short_sentence" and "short_sentence_under_12" in chosen)]
    total = sum(budget.values())
    share = total / ippr_budget(result)
    where = f"{len(base.area_codes)} {areas_word}" if len(base.area_codes) > 1 else base.area_names[0]
    named = [SHORT_NAMES[c] for c in chosen]
    listed = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
    return (f"Covers {listed} in {where}"
            + (f" (not {', '.join(missing)})" if missing else "")
            + f"; data years: {years or 'typed in'}; {estimated_share(result):.0%} of the devolved budget rests on "
            f"estimated counts; devolved budget {money(total)} a year, {share:.0%} of IPPR's for England and Wales.")


def sources_in_words(text: str, titles: dict[str, str]) -> str:
    """Text with each "(source ids a, b)" replaced by the sources' titles ("(source: Title A; Title B)"); ids with
    no title (someone's upload no longer loaded) are left out, never shown as codes."""
    def titled(match: re.Match) -> str:
        ids = [i.strip() for i in match.group(0).strip()[1:-1].split(" ", 2)[-1].split(",")]
        named = list(dict.fromkeys(titles[i] for i in ids if titles.get(i)))
        return f" (source: {'; '.join(named)})" if named else ""
    return SOURCE_ID.sub(titled, text)


def caveats(result: Result, *more: str) -> list[str]:
    """Every caveat of a run once, in plain words (the baseline's, the run's and any given), internal ids dropped."""
    said = [SOURCE_ID.sub("", text).strip() for text in (*result.baseline.notes, *result.notes, *more) if text]
    return list(dict.fromkeys(text for text in said if text))


def cohort_rows(result: Result) -> list[dict]:
    """Per cohort: id, label, year-1 devolved budget (all areas) and whether its counts are estimated."""
    budget = devolved_budget(result)
    return [{"id": c, "label": COHORTS[c], "devolved_budget": budget[c],
             "estimated": c in result.baseline.estimated_cohorts} for c in result.baseline.cohorts]
