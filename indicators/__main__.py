"""Command line: import official files into the local store, list what the store holds, import the folder on build.

    python -m indicators import PATH [--profile NAME] [--json] [--dry-run]
    python -m indicators list [--json]
    python -m indicators forget SOURCE_ID
    python -m indicators build            # import every new file in the import folder
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from indicators import local_store
from indicators.import_folder import import_folder, import_folder_path
from indicators.importer import Context, ImportFileError, import_path, save
from indicators.profiles.registry import profile_names
from indicators.profiles.result import loaded_summary, refused_records
from indicators.store import IndicatorStore


def _bar():
    from tqdm import tqdm

    bar = tqdm(total=100, unit="%", file=sys.stderr, leave=False, bar_format="{l_bar}{bar}| {desc}")

    def progress(fraction: float, words: str) -> None:
        bar.n = round(max(0.0, min(1.0, fraction)) * 100)
        bar.set_description_str(words[:60])
        bar.refresh()

    return bar, progress


def command_import(args) -> int:
    """Import one file (or ZIP) and print what was loaded and refused."""
    bar, progress = _bar()
    try:
        results = import_path(Path(args.path), profile=args.profile, progress=progress)
        if not args.dry_run:
            save(results)
    except (ImportFileError, ValueError, OSError) as error:
        bar.close()
        print(f"Not imported: {error} Nothing in the store was changed.", file=sys.stderr)
        return 1
    bar.close()
    loaded = [item for result in results for item in loaded_summary(result.rows)]
    refused = [item for result in results for item in refused_records(result.refused)]
    if args.json:
        files = [{"file_name": r.file_name, "profile": r.profile, "edition": r.edition, "rows_read": r.rows_read,
                  "figures": len(r.rows), "source_id": r.source.get("source_id"), "notes": r.notes} for r in results]
        print(json.dumps({"files": files, "rows_read": sum(r.rows_read for r in results), "loaded": loaded,
                          "refused": refused}, ensure_ascii=False))
        return 0
    for result in results:
        edition = f", {result.edition}" if result.edition else ""
        print(f"{result.file_name}: {len(result.rows):,} figures from {result.rows_read:,} rows as "
              f"{result.source.get('title', result.profile)}{edition}"
              f" (source id {result.source.get('source_id')}){'' if not args.dry_run else ' — dry run, not saved'}")
        for note in result.notes:
            print(f"  {note}")
        for item in refused_records(result.refused)[:20]:
            print(f"  refused row {item['row'] if item['row'] is not None else '-'} {item['column']}="
                  f"{item['value']!r}: {item['reason']}")
        if len(result.refused) > 20:
            print(f"  … and {len(result.refused) - 20} more refusals (use --json for all)")
    return 0


def command_list(args) -> int:
    """Everything the store holds (bundled and saved), in the import's 'loaded' shape with source ids."""
    store = IndicatorStore.bundled()
    frame, sources = local_store.load_saved()
    if len(frame):
        store = store.with_extra(frame, sources)
    items = loaded_summary(store.rows, by_source=True)
    if args.json:
        print(json.dumps({"loaded": items}, ensure_ascii=False))
    else:
        for item in items:
            print(f"{item['source_id']}: {item['indicator']} [{item['breakdown'] or 'everyone'}] {item['layer']} "
                  f"{item['period']} — {item['areas']} area(s)")
    return 0


def command_forget(args) -> int:
    """Remove one saved source and its figures."""
    local_store.remove(args.source_id)
    print(f"Forgot {args.source_id} (if it was saved).")
    return 0


def command_build(args) -> int:
    """Import each file in the import folder that the store does not hold yet."""
    folder = import_folder_path()
    done = import_folder(folder, Context())
    for line in done:
        print(line)
    if not done:
        print(f"No new files in {folder.name}/ to import.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m indicators", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    importing = commands.add_parser("import", help="import an official file or ZIP into the local store")
    importing.add_argument("path")
    importing.add_argument("--profile", choices=profile_names(), help="the layout (detected from the header if left out)")
    importing.add_argument("--json", action="store_true", help="print what was loaded and refused as JSON")
    importing.add_argument("--dry-run", action="store_true", help="read and report, save nothing")
    importing.set_defaults(run=command_import)
    listing = commands.add_parser("list", help="list every figure set in the store, bundled ones included")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=command_list)
    forgetting = commands.add_parser("forget", help="remove a saved source and its figures")
    forgetting.add_argument("source_id")
    forgetting.set_defaults(run=command_forget)
    commands.add_parser("build", help="import new files from the import folder").set_defaults(run=command_build)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
