"""The scenario command: run a saved scenario file (or the page's opening scenario) and print the result as JSON."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from scenario.baseline import BaselineError
from scenario.choose import build_baseline
from scenario.coverage import caveats, cohort_rows, coverage_line
from scenario.model import Result, run
from scenario.parameters import Levers
from scenario.persistence import Scenario, ScenarioFileError, loads
from scenario.presets import matching_preset, opening_scenario, preset_statement
from scenario.uncertainty import Band, band, breakeven

MAX_FILE_BYTES = 1_000_000


def report(scenario: Scenario, result: Result, found: Band, statements: list[str]) -> dict:
    """The run as plain JSON-ready values. cohorts[].devolved_budget: £ a year, all areas: today's custody spend on
    the cohort where it is devolved, which is the year-1 budget under IPPR's formula (under the savings-share rule,
    the spend the share is measured against). totals and per_area: £ over the horizon, against today."""
    area = result.area
    per_area = [{"area_code": code, "area_name": name, "local": float(area["local_net"][i].sum()),
                 "centre": float(area["centre_net"][i].sum()), "system": float(area["system_saving"][i].sum())}
                for i, (code, name) in enumerate(zip(result.baseline.area_codes, result.baseline.area_names))]
    preset = matching_preset(scenario.levers, scenario.devolution)
    illustrative = preset_statement(preset) if preset is not None and scenario.levers != Levers() else None
    return {"scenario": scenario.name, "illustrative": illustrative, "baseline": result.baseline.label,
            "horizon_years": result.levers.horizon_years,
            "covers": coverage_line(result), "cohorts": cohort_rows(result),
            "totals": {"local": float(area["local_net"].sum()), "centre": float(area["centre_net"].sum()),
                       "system": float(area["system_saving"].sum())},
            "interval": found.to_dict(), "breakeven": statements, "caveats": caveats(result), "per_area": per_area}


def run_scenario(scenario: Scenario, atlas=None, store=None) -> dict:
    """Build the scenario's baseline (the bundled figures; the atlas when per area), run it, draw its band."""
    if atlas is None and scenario.baseline_kind not in ("national", "own_area"):
        from geo.atlas import load_atlas
        atlas = load_atlas(progress=None)
    if store is None and scenario.baseline_kind in ("indicator_store", "store_and_estimate"):
        from indicators.store import IndicatorStore
        store = IndicatorStore.bundled()
    baseline, _ = build_baseline(scenario, atlas, store)
    result = run(baseline, scenario.levers, scenario.devolution)
    found = band(baseline, scenario.levers, scenario.devolution)
    return report(scenario, result, found, breakeven(baseline, scenario.levers, scenario.devolution, found))


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run, print; a bad file is named with the reason and exits 2."""
    parser = argparse.ArgumentParser(prog="python -m scenario")
    commands = parser.add_subparsers(dest="command", required=True)
    runner = commands.add_parser("run", help="run a scenario file (default: the What if page's opening scenario)")
    runner.add_argument("file", nargs="?", type=Path)
    runner.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    args = parser.parse_args(argv)
    try:
        if args.file is None:
            scenario = opening_scenario()
        else:
            if args.file.stat().st_size > MAX_FILE_BYTES:
                raise ScenarioFileError(f"{args.file.name} is larger than {MAX_FILE_BYTES:,} bytes")
            scenario = loads(args.file.read_bytes())
        out = run_scenario(scenario)
    except (OSError, ScenarioFileError, BaselineError, ValueError) as error:
        print(f"Cannot run the scenario: {error}", file=__import__("sys").stderr)
        return 2
    print(json.dumps(out, indent=1))
    return 0
