"""Indicator definitions: id, label, unit, kind and direction, the ids uploads are mapped to."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorDef:
    """One indicator: a rate (numerator / denominator x scale), a count or a sum of money."""

    id: str
    label: str
    unit: str
    kind: str  # "rate" | "count" | "money"
    higher_is_worse: bool
    scale: float = 1.0  # rate = numerator / denominator x scale (100 for a percentage)
    numerator_label: str = ""
    denominator_label: str = ""
    description: str = ""

    def to_dict(self) -> dict:
        """Plain form for tables and the upload mapping step."""
        return dict(self.__dict__)


def _pct(id_: str, label: str, numerator: str, denominator: str, description: str) -> IndicatorDef:
    return IndicatorDef(id_, label, "%", "rate", True, 100.0, numerator, denominator, description)


def _sentenced(id_: str, label: str, description: str) -> IndicatorDef:
    return IndicatorDef(id_, label, "people a year", "count", True, description=description)


def _snapshot(id_: str, label: str, description: str) -> IndicatorDef:
    return IndicatorDef(id_, label, "people", "count", True, description=description)


INDICATORS: tuple[IndicatorDef, ...] = (
    _pct("proven_reoffending_rate", "Proven reoffending rate", "reoffenders", "offenders in cohort",
         "Share of the offender cohort with a proven reoffence within the follow-up period (MoJ measure); "
         "breakdowns: Adult (18+), Juvenile (10-17), or both together."),
    _pct("local_adult_reoffending_rate", "Local adult reoffending rate (NI 18, actual)", "reoffenders (derived)",
         "offenders on probation caseload (4 quarterly snapshots)",
         "National Indicator 18: offenders on the probation caseload who reoffend within three months."),
    _pct("reconviction_rate_1yr_custody", "Reconvicted within 1 year: released from custody", "reconvicted (derived)",
         "prisoners sampled", "Home Office reconviction rate, prisoners discharged in the sample year."),
    _pct("reconviction_rate_2yr_custody", "Reconvicted within 2 years: released from custody", "reconvicted (derived)",
         "prisoners sampled", "Home Office reconviction rate, prisoners discharged in the sample year."),
    _pct("reconviction_rate_1yr_community", "Reconvicted within 1 year: probation or community service",
         "reconvicted (derived)", "offenders sampled", "Offenders commencing probation or community service."),
    _pct("reconviction_rate_2yr_community", "Reconvicted within 2 years: probation or community service",
         "reconvicted (derived)", "offenders sampled", "Offenders commencing probation or community service."),
    _pct("short_sentence_reoffending_rate", "Reoffending after a prison sentence under 12 months", "reoffenders",
         "released offenders", "Proven reoffending within a year of release from a sentence under 12 months."),
    _pct("community_order_reoffending_rate", "Reoffending after a community order", "reoffenders", "offenders",
         "Proven reoffending after a community order."),
    _pct("suspended_sentence_reoffending_rate", "Reoffending after a suspended sentence order", "reoffenders",
         "offenders", "Proven reoffending after a suspended sentence order."),
    IndicatorDef("adult_reoffending_frequency", "Re-offences per 100 adult offenders", "per 100 offenders", "rate",
                 True, 100.0, "re-offences", "adult offenders", "Frequency measure used for the 2005-2011 target."),
    IndicatorDef("youth_reoffending_frequency", "Re-offences per 100 young offenders", "per 100 offenders", "rate",
                 True, 100.0, "re-offences", "young offenders", "Frequency measure used for the 2005-2011 target."),
    IndicatorDef("imprisonment_rate", "Prisoners per 100,000 population", "per 100,000", "rate", True, 100000.0,
                 "prisoners", "population", "Prison population relative to the resident population."),
    IndicatorDef("short_sentence_receptions", "Offenders entering prison on sentences under 12 months a year", "people",
                 "count", True, description="Receptions into custody on sentences under 12 months, per year."),
    IndicatorDef("cost_of_reoffending_low", "Cost of reoffending, low estimate", "GBP billion a year", "money", True,
                 description="Economic and social cost of reoffending (low end of a range)."),
    IndicatorDef("cost_of_reoffending_high", "Cost of reoffending, high estimate", "GBP billion a year", "money", True,
                 description="Economic and social cost of reoffending (high end of a range)."),
    # Sentencing at court (CJS "Outcomes by offence"; the force area of the sentencing court, a calendar year).
    _sentenced("immediate_custody_sentences", "People sentenced to immediate custody",
               "Sentenced to immediate custody at courts in the area in the year."),
    _sentenced("immediate_custody_under_6_months", "Immediate custody sentences under 6 months",
               "Immediate custody with a sentence under 6 months."),
    _sentenced("immediate_custody_under_12_months", "Immediate custody sentences under 12 months",
               "Immediate custody under 12 months (the MoJ's short-sentence line)."),
    _sentenced("immediate_custody_under_24_months", "Immediate custody sentences under 24 months",
               "Immediate custody under 24 months (IPPR's devolved short-sentence cohort)."),
    _sentenced("suspended_sentences", "Suspended sentence orders",
               "Sentenced to a suspended sentence order at courts in the area in the year."),
    _sentenced("community_sentences", "Community sentences",
               "Sentenced to a community sentence at courts in the area in the year."),
    IndicatorDef("people_sentenced", "People sentenced", "people a year", "count", False,
                 description="Everyone sentenced at courts in the area in the year, any outcome."),
    _pct("immediate_custody_share", "Share of those sentenced given immediate custody", "immediate custody",
         "people sentenced", "Immediate custody sentences as a percentage of everyone sentenced."),
    IndicatorDef("immediate_custody_rate", "Immediate custody sentences per 100,000 population", "per 100,000",
                 "rate", True, 100000.0, "immediate custody sentences", "matching resident population",
                 "Immediate custody sentences per 100,000 residents of the matching sex and age."),
    # Per-area inputs for custody spend attributable to residents (arrive by upload; none bundled).
    _snapshot("prisoners_sentence_under_12m", "Residents in prison on sentences under 12 months",
              "Sentenced prisoners from the area serving under 12 months (snapshot)."),
    _snapshot("prisoners_sentence_under_24m", "Residents in prison on sentences under 24 months",
              "Sentenced prisoners from the area serving under 24 months (snapshot)."),
    _snapshot("women_prisoners", "Women from the area in prison",
              "Women prisoners whose home (or sentencing court) is in the area (snapshot)."),
    _snapshot("young_offender_prisoners", "Young offenders (under 18) from the area in custody",
              "Children aged 10-17 from the area in youth custody (snapshot): IPPR's young offenders cohort."),
    # Kept so figures saved before IPPR's cohorts were fixed still load; not one of IPPR's cohorts.
    _snapshot("young_adult_prisoners", "Young adults (18-24) from the area in prison (not an IPPR cohort)",
              "Prisoners aged 18-24 from the area (snapshot)."),
)

_BY_ID = {item.id: item for item in INDICATORS}


class UnknownIndicatorError(KeyError):
    """An indicator id that the catalogue does not define."""

    def __str__(self) -> str:
        return f"Unknown indicator '{self.args[0]}'. Known indicators: {', '.join(_BY_ID)}."


def get_indicator(indicator_id: str) -> IndicatorDef:
    """The definition of one indicator, or UnknownIndicatorError naming the known ones."""
    try:
        return _BY_ID[indicator_id]
    except KeyError:
        raise UnknownIndicatorError(indicator_id) from None


def indicator_ids() -> list[str]:
    """Every indicator id, in catalogue order."""
    return list(_BY_ID)


CUSTODY_COHORT_INDICATORS = ("prisoners_sentence_under_12m", "prisoners_sentence_under_24m", "women_prisoners",
                             "young_offender_prisoners")
# Sentencing at court (CJS "Outcomes by offence"): shown on the custody page, not among reoffending measures.
SENTENCING_INDICATORS = ("immediate_custody_sentences", "immediate_custody_under_6_months",
                         "immediate_custody_under_12_months", "immediate_custody_under_24_months",
                         "immediate_custody_rate", "immediate_custody_share", "suspended_sentences",
                         "community_sentences", "people_sentenced")
