"""The project's illustrative scenarios to compare against: lever settings chosen by the project, not IPPR's numbers."""
from __future__ import annotations

from dataclasses import dataclass

from scenario.devolution import Devolution
from scenario.parameters import Levers
from scenario.persistence import Scenario


@dataclass(frozen=True)
class Preset:
    """A named set of levers (and optionally a staged devolution), with what it is meant to show."""

    name: str
    levers: Levers
    devolution: Devolution = Devolution()
    shows: str = ""


PRESETS: dict[str, Preset] = {
    "preset:package": Preset(
        "The project's illustrative package: 20% diverted, reoffending down 10%, 3-year lag, 10% up-front",
        Levers(diversion_share=0.2, reoffending_change=-0.1, lag_years=3, upfront_share=0.1),
        shows="IPPR's mechanisms together. IPPR gives none of these numbers: the project chose them to illustrate."),
    "preset:nolag": Preset(
        "The project's illustration: 20% diverted, no time lag",
        Levers(diversion_share=0.2, lag_years=0),
        shows="IPPR's warning: a formula on the latest use takes every saving straight back."),
    "preset:backfill": Preset(
        "The project's illustration: 20% diverted without sentencing reform (half the freed places refilled)",
        Levers(diversion_share=0.2, backfill_share=0.5),
        shows="Backfill (IPPR ch.4): the refilled places are the centre's, so the system saves less."),
    "preset:no_women": Preset(
        "The project's illustration: the package, women's cohort kept by the centre",
        Levers(diversion_share=0.2, reoffending_change=-0.1, lag_years=3, upfront_share=0.1),
        Devolution(cohorts=("short_sentence", "short_sentence_under_12", "young_offenders")),
        shows="Staged devolution (IPPR ch.4, footnote 9): an area may not want the women's cohort."),
    "preset:feedback": Preset(
        "The project's illustration: the package with reinvestment feedback on (elasticity 0.25)",
        Levers(diversion_share=0.2, reoffending_change=-0.1, lag_years=3, upfront_share=0.1,
               reinvestment_feedback=0.25),
        shows="IPPR's 'virtuous circle' as an explicit assumption: reinvested savings cut reoffending."),
}
# The what-if opens on this preset when its link says nothing, so the first view shows a change (issue 14).
OPENING_PRESET = "preset:package"
OPENING_NAME = "The project's illustrative package"
OPENING_BASELINE = "store_and_estimate"


def opening_scenario() -> Scenario:
    """The scenario a fresh visit opens on: the project's illustrative package on each cohort's best per-area
    figures (real counts where the store has them, such as women sentenced to custody; the rest estimated)."""
    preset = PRESETS[OPENING_PRESET]
    return Scenario(OPENING_NAME, preset.levers, OPENING_BASELINE, devolution=preset.devolution)


def matching_preset(levers: Levers, devolution: Devolution) -> str | None:
    """The preset whose levers and devolution these are exactly, if any."""
    return next((key for key, preset in PRESETS.items()
                 if preset.levers == levers and preset.devolution == devolution), None)


def preset_statement(key: str) -> str:
    """One line saying a preset is illustrative: the project's settings, not IPPR's figures."""
    preset = PRESETS[key]
    return (f"Showing {preset.name[0].lower() + preset.name[1:]}. Illustrative: the project's settings, not "
            "IPPR's figures (IPPR gives no numbers for them).")
