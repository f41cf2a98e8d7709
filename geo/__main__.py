"""Command line: python -m geo build | layers | stack PLACE (add --json for machine-readable output)."""
from __future__ import annotations

import argparse
import json
import sys
import time

from geo import cli_extensions
from geo.atlas import load_atlas
from geo.build import build
from geo.prisons import located_prisons
from geo.registry import LAYERS
from geo.resettlement_distance import district_table


def _print_stack(result: dict) -> None:
    print(f"{result['place']} ({result['kind']}, {result['districts']} district(s) of 2013)")
    if result["notice"]:
        print(f"  Note: {result['notice']}")
    if result["council_today"]:
        print("  Council today: " + "; ".join(f"{c['name']} ({c['code']}" + (f", since {c['since']})" if c["since"] else ")")
                                               for c in result["council_today"]))
    if result["predecessors"]:
        print("  Before: " + "; ".join(f"{p['name']} ({p['code']}, {p['years']}{'' if p['whole'] else ', part'})"
                                       for p in result["predecessors"]))
    for row in result["stack"]:
        names = "; ".join(b["name"] + (f" ({b['districts']} districts)" if len(row["bodies"]) > 1 else "")
                          for b in row["bodies"]) or "(not covered)"
        print(f"  {row['layer_name']}: {names}")


def _measure_prisons(sources: str | None) -> None:
    """Locate the prisons and measure resettlement distances into the cache, so no visitor waits for them."""
    started = time.perf_counter()
    atlas = load_atlas()
    try:
        located_prisons(sources, atlas.folder)
        district_table(atlas, sources)
    except FileNotFoundError as error:
        print(f"prison locations and distances not measured (the prisons page will say why): {error}")
        return
    print(f"prison locations and resettlement distances measured into the cache in {time.perf_counter() - started:.1f} s")


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build every layer into the cache")
    build_cmd.add_argument("--sources", help="folder of official source files (default ../shared/data/sources)")
    layers_cmd = commands.add_parser("layers", help="list every layer")
    layers_cmd.add_argument("--json", action="store_true")
    stack_cmd = commands.add_parser("stack", help="every body covering a council, GSS code or postcode")
    stack_cmd.add_argument("place", nargs="+")
    stack_cmd.add_argument("--json", action="store_true")
    extra = _register_plugins(commands)
    args = parser.parse_args(argv)

    if args.command == "build":
        build(sources=args.sources)
        _measure_prisons(args.sources)
        return 0
    if args.command in extra:
        return extra[args.command](args)
    atlas = load_atlas(progress=lambda m: print(m, file=sys.stderr))
    if args.command == "layers":
        counts = atlas.assignments.groupby("layer")["area_code"].nunique()
        checks = {c["name"]: c for c in atlas.manifest["checks"]}
        rows = [{**layer.to_dict(), "areas": int(counts.get(layer.id, 0)),
                 "count_checks": [{"check": name, "passed": checks[name]["passed"], "detail": checks[name]["detail"]}
                                  for name in (f"count:{layer.id}", f"count_from_ons:{layer.id}") if name in checks]}
                for layer in LAYERS]
        if args.json:
            print(json.dumps(rows, indent=1))
        else:
            for row in rows:
                valid = "checked" if all(c["passed"] for c in row["count_checks"]) else "CHECK FAILED"
                print(f"{row['id']:28} {row['areas']:4} {valid:8} {'today' if row['today'] else 'history':8} {row['name']}")
        return 0
    from geo.stack import PlaceNotFoundError, stack_for

    try:
        result = stack_for(atlas, " ".join(args.place))
    except PlaceNotFoundError as error:
        print(json.dumps({"error": str(error)}) if args.json else f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        _print_stack(result)
    return 0


def _register_plugins(commands) -> dict:
    """Sub-commands contributed by sibling domain modules (e.g. coterminosity)."""
    handlers = {}
    for name, (add_arguments, handler) in cli_extensions.COMMANDS.items():
        add_arguments(commands.add_parser(name))
        handlers[name] = handler
    return handlers


if __name__ == "__main__":
    sys.exit(main())
