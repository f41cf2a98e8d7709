"""Scenarios as small versioned JSON files and as URL query parameters; refuse bad or newer files with a reason."""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from scenario.area_population import SHAREABLE_LAYERS
from scenario.baseline import (
    COHORTS,
    FIELDS,
    KINDS,
    SHORT_SENTENCE_BANDS,
    BaselineError,
    own_area_baseline,
    renamed_fields,
)
from scenario.devolution import Devolution, DevolutionError
from scenario.parameters import Levers

FORMAT = "patchwork-scenario"
# 2: cost_per_prisoner (was cost_per_place), IPPR's cohorts (young adults 18-24 dropped), staged devolution and the
# short-sentence band. Version 1 files still open: old names are read as the new ones, dropped cohorts are said.
# 3: the drivers of the headline as inputs (who pays for the alternatives, the budget rule, the youth place cost) with
# defaults that are no longer the most favourable. Older files keep the assumptions they were made with (said).
VERSION = 3
# What a lever a version 1 or 2 file does not give stood at when it was made.
BEFORE_VERSION_3 = {"backfill_share": 0.0, "marginal_cost_share": 1.0, "youth_places_commissioned": 1,
                    "alternatives_paid_locally": 1, "youth_place_cost": 39000.0}
DROPPED_COHORTS = {"young_adults": "Young adults (18-24) is not one of IPPR's cohorts and was removed"}
MAX_BYTES = 64_000
MAX_NAME = 80


NAME_CHARACTERS = re.compile(r"[^\w\s,.'&()/:+-]")


def clean_name(name: str) -> str:
    """A scenario or area name safe to show anywhere: markup characters dropped, trimmed to MAX_NAME."""
    return NAME_CHARACTERS.sub("", str(name))[:MAX_NAME].strip()


class ScenarioFileError(ValueError):
    """A scenario file or link that cannot be opened, with the reason to show the user."""


@dataclass(frozen=True)
class Scenario:
    """Everything needed to reproduce a run: name, levers and which baseline (with any typed-in figures)."""

    name: str = "Untitled scenario"
    levers: Levers = field(default_factory=Levers)
    baseline_kind: str = "population_share"
    layer: str = "police_force_area"
    own_area_name: str = ""
    own_area_figures: dict = field(default_factory=dict)
    short_sentence_band: str = "under_24"
    devolution: Devolution = field(default_factory=Devolution)

    def to_document(self) -> dict:
        """The versioned JSON document (levers in full so a file is readable on its own)."""
        return {"format": FORMAT, "version": VERSION, "name": self.name,
                "saved_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "levers": self.levers.to_dict(),
                "baseline": {"kind": self.baseline_kind, "layer": self.layer, "own_area_name": self.own_area_name,
                             "own_area_figures": self.own_area_figures,
                             "short_sentence_band": self.short_sentence_band},
                "devolution": self.devolution.to_dict()}

    def key(self) -> str:
        """Canonical JSON of what defines the scenario (no time stamp), for ids and comparison."""
        document = self.to_document()
        document.pop("saved_at")
        return json.dumps(document, sort_keys=True, separators=(",", ":"))


def dumps(scenario: Scenario) -> str:
    """The scenario as a JSON file's text."""
    return json.dumps(scenario.to_document(), indent=1)


def loads(text: str | bytes) -> Scenario:
    """A scenario from a file's text; ScenarioFileError with a plain reason if malformed or from a newer version."""
    return loads_with_notices(text)[0]


def loads_with_notices(text: str | bytes) -> tuple[Scenario, list[str]]:
    """A scenario from a file's text and what was changed to open an older file (e.g. a dropped cohort)."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise ScenarioFileError(f"the file is {len(text):,} bytes; a scenario file is at most {MAX_BYTES:,}")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ScenarioFileError("the file is not UTF-8 text (is it a scenario JSON file?)") from None
    if len(text) > MAX_BYTES:
        raise ScenarioFileError(f"the file is too large for a scenario (over {MAX_BYTES:,} characters)")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScenarioFileError(f"the file is not valid JSON ({error.msg} at line {error.lineno})") from None
    return read_document(document)


def from_document(document) -> Scenario:
    """Check a parsed document field by field."""
    return read_document(document)[0]


def _current_figures(figures, notices: list[str]) -> dict:
    """Own-area figures with old field names renamed and cohorts no longer modelled dropped (each said)."""
    if not isinstance(figures, dict):
        return figures
    out = {}
    for cohort, values in figures.items():
        if cohort in DROPPED_COHORTS:
            notices.append(f"The file's figures for '{cohort}' were left out: {DROPPED_COHORTS[cohort]}.")
            continue
        out[cohort] = renamed_fields(values) if isinstance(values, dict) else values
    return out


def read_document(document) -> tuple[Scenario, list[str]]:
    """Check a parsed document field by field; also return the notices about anything read from an older format."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ScenarioFileError(f"this is not a Patchwork scenario file (no \"format\": \"{FORMAT}\")")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ScenarioFileError("the file has no whole-number version")
    if version > VERSION:
        raise ScenarioFileError(f"the file was made by a newer version of Patchwork (scenario format {version}); "
                                f"this one reads format {VERSION} and older")
    if version < 1:
        raise ScenarioFileError(f"unknown scenario format version {version}")
    name = document.get("name", "Untitled scenario")
    if not isinstance(name, str) or len(name) > MAX_NAME:
        raise ScenarioFileError(f"the name must be text of at most {MAX_NAME} characters")
    levers = document.get("levers", {})
    if not isinstance(levers, dict):
        raise ScenarioFileError("\"levers\" must be an object of lever values")
    notices: list[str] = []
    if version < 3:
        kept = {name: value for name, value in BEFORE_VERSION_3.items() if name not in levers}
        levers = {**kept, **levers}
        if kept:
            notices.append("This file was made before the what-if showed who pays for community alternatives; it "
                           "reopens with the assumptions it was made with (the local area pays, young offenders at "
                           "£39,000 a place, no backfill, the whole cost per prisoner saved). Its baseline now holds "
                           "IPPR's three cohorts, so its numbers differ from when it was saved.")
    try:
        parsed = Levers.from_dict(levers)
    except ValueError as error:
        raise ScenarioFileError(f"bad lever: {error}") from None
    baseline = document.get("baseline", {})
    if not isinstance(baseline, dict):
        raise ScenarioFileError("\"baseline\" must be an object")
    own_name = baseline.get("own_area_name", "") or ""
    if not isinstance(own_name, str):
        raise ScenarioFileError("the area name must be text")
    figures = _current_figures(baseline.get("own_area_figures", {}) or {}, notices)
    try:
        devolution = Devolution.from_dict(document.get("devolution"))
    except DevolutionError as error:
        raise ScenarioFileError(f"bad devolution: {error}") from None
    scenario = Scenario(clean_name(name) or "Untitled scenario", parsed, baseline.get("kind", "population_share"),
                        baseline.get("layer", "police_force_area"), clean_name(own_name), figures,
                        baseline.get("short_sentence_band", "under_24"), devolution)
    return check_baseline(scenario), notices


def check_baseline(scenario: Scenario) -> Scenario:
    """The scenario if its baseline choice is valid, else ScenarioFileError."""
    if scenario.baseline_kind not in KINDS:
        raise ScenarioFileError(f"unknown baseline '{str(scenario.baseline_kind)[:40]}' (known: {', '.join(KINDS)})")
    if scenario.layer not in SHAREABLE_LAYERS:
        raise ScenarioFileError(f"unknown area layer '{str(scenario.layer)[:40]}'")
    if not isinstance(scenario.own_area_name, str) or len(scenario.own_area_name) > MAX_NAME:
        raise ScenarioFileError("the area name must be short text")
    if scenario.short_sentence_band not in SHORT_SENTENCE_BANDS:
        raise ScenarioFileError(f"unknown short-sentence band '{str(scenario.short_sentence_band)[:20]}' "
                                f"(known: {', '.join(SHORT_SENTENCE_BANDS)})")
    if scenario.own_area_figures:  # own_area with no figures yet is allowed: the page asks for them
        figures = scenario.own_area_figures
        if not isinstance(figures, dict) or not all(isinstance(v, dict) for v in figures.values()):
            raise ScenarioFileError("own-area figures must be an object of cohorts")
        try:
            own_area_baseline(scenario.own_area_name, {c: {k: _number(v.get(k)) for k in FIELDS}
                                                       for c, v in figures.items()})
        except BaselineError as error:
            raise ScenarioFileError(f"bad own-area figures: {error}") from None
    return scenario


def _number(value):
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


# --- the link: lever values in the URL -------------------------------------------------------------------
def to_query(scenario: Scenario) -> dict[str, str]:
    """Query parameters that reopen the scenario exactly (only values that differ from the defaults)."""
    params = {name: f"{value:g}" for name, value in scenario.levers.changed().items()}
    params["baseline"] = scenario.baseline_kind
    if scenario.name != Scenario.name:
        params["name"] = scenario.name
    if scenario.layer != "police_force_area":
        params["layer"] = scenario.layer
    if scenario.own_area_name:
        params["own_name"] = scenario.own_area_name
    for cohort, values in scenario.own_area_figures.items():
        params[f"own_{cohort}"] = ",".join(f"{values[k]:g}" for k in FIELDS)
    if scenario.short_sentence_band != Scenario.short_sentence_band:
        params["short_band"] = scenario.short_sentence_band
    if scenario.devolution.cohorts is not None:
        params["devolve_cohorts"] = ",".join(scenario.devolution.cohorts) or "none"
    if scenario.devolution.areas is not None:
        params["devolve_areas"] = ",".join(scenario.devolution.areas) or "none"
    return params


def _listed(raw: str | None) -> tuple[str, ...] | None:
    """A comma list from the link ('none' = an empty choice; absent = all)."""
    if raw is None:
        return None
    return () if raw == "none" else tuple(v for v in str(raw).split(",") if v)


def from_query(params: dict[str, str]) -> tuple[Scenario, list[str]]:
    """A scenario from query parameters; unknown or bad values fall back to defaults with a notice each."""
    notices, levers = [], {}
    name = clean_name(params.get("name") or Scenario.name) or Scenario.name
    defaults = Levers().to_dict()
    for lever in defaults:
        if lever in params:
            try:
                value = float(params[lever])
                Levers.from_dict({lever: int(value) if value.is_integer() and isinstance(defaults[lever], int)
                                  else value})
                levers[lever] = int(value) if isinstance(defaults[lever], int) else value
            except ValueError as error:
                notices.append(f"The link's {lever} was not usable ({str(error)[:80]}); using the default.")
    kind = params.get("baseline", "population_share")
    if kind not in KINDS:
        notices.append("The link asked for an unknown baseline; using national totals shared by population.")
        kind = "population_share"
    layer = params.get("layer", "police_force_area")
    if layer not in SHAREABLE_LAYERS:
        notices.append("The link asked for an unknown area layer; using police force areas.")
        layer = "police_force_area"
    own_name = clean_name(params.get("own_name", ""))
    figures = {}
    for cohort in DROPPED_COHORTS:
        if params.get(f"own_{cohort}"):
            notices.append(f"The link's figures for '{cohort}' were left out: {DROPPED_COHORTS[cohort]}.")
    for cohort in COHORTS:
        raw = params.get(f"own_{cohort}")
        if raw:
            try:
                values = [float(v) for v in str(raw).split(",")]
                if len(values) != len(FIELDS):
                    raise ValueError
                figures[cohort] = dict(zip(FIELDS, values))
            except ValueError:
                notices.append(f"The link's figures for {COHORTS[cohort]} were not usable; ignored.")
    band = params.get("short_band", Scenario.short_sentence_band)
    if band not in SHORT_SENTENCE_BANDS:
        notices.append("The link asked for an unknown short-sentence band; using under 24 months (IPPR's cohort).")
        band = Scenario.short_sentence_band
    try:
        devolution = Devolution(_listed(params.get("devolve_cohorts")), _listed(params.get("devolve_areas")))
    except DevolutionError as error:
        notices.append(f"The link's staged devolution was not usable ({error}); every cohort is devolved everywhere.")
        devolution = Devolution()
    scenario = Scenario(name, Levers.from_dict(levers), kind, layer, own_name, figures, band, devolution)
    try:
        return check_baseline(scenario), notices
    except ScenarioFileError as error:
        notices.append(f"The link's own-area baseline was not usable ({error}); using the default baseline.")
        return Scenario(name, scenario.levers, "population_share", layer, short_sentence_band=band,
                        devolution=devolution), notices
