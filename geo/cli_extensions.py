"""Extra CLI sub-commands for python -m geo: coterminosity LAYER_A LAYER_B [--json] [--table]."""
from __future__ import annotations

import argparse
import json
import sys

from geo.registry import UnknownLayerError, get_layer, layer_ids


def _coterminosity_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "How well the areas of LAYER_A nest inside those of LAYER_B (exact, on district blocks)."
    parser.add_argument("layer_a", help=f"one of: {', '.join(layer_ids())}")
    parser.add_argument("layer_b")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--table", action="store_true", help="also give the intersection table")
    parser.add_argument("--no-population", action="store_true", help="skip population weighting")


def _coterminosity(args: argparse.Namespace) -> int:
    from geo.atlas import load_atlas
    from geo.coterminosity import atlas_measures
    from geo.overlap import exact_overlap

    try:
        get_layer(args.layer_a), get_layer(args.layer_b)
    except UnknownLayerError as error:
        print(json.dumps({"error": str(error)}) if args.json else f"error: {error}", file=sys.stderr)
        return 2
    if args.layer_a == args.layer_b:
        message = "choose two different layers"
        print(json.dumps({"error": message}) if args.json else f"error: {message}", file=sys.stderr)
        return 2
    atlas = load_atlas(progress=lambda m: print(m, file=sys.stderr))
    result = atlas_measures(atlas, args.layer_a, args.layer_b, with_population=not args.no_population)
    if args.table:
        table = exact_overlap(atlas, args.layer_a, args.layer_b)
        result["intersection"] = table.round(6).to_dict(orient="records")
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(result["headline"])
    for key, value in result["measures"].items():
        print(f"  {key:45} {value}")
    print(f"Boundaries: {result['boundary_vintage']}")
    print(f"Population: {result['weighting']['population_']}")
    if args.table:
        print(table.to_string(index=False))
    return 0


COMMANDS = {"coterminosity": (_coterminosity_arguments, _coterminosity)}
