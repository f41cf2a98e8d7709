"""Benchmark hostile uploads: each refused within 10 s, under 700 MB resident and under 200 MB written?

Builds the hostile files of tests/hostile_files.py in a temporary folder (a ZIP that unpacks 3.1 MB to 3 GiB, a ZIP
of 300 members, an .xlsx of 2 million rows, and the same bomb lying about its size), then reads each in a fresh
child process the way the upload page does: first as an official file (indicators.importer.import_path, which
unpacks ZIP members to disk), then, when it is in no official layout, as a table (indicators.upload.read_upload).
Reports per file: the message, wall time, the child's peak resident memory (VmHWM) and the bytes it wrote
(/proc/self/io wchar, which counts every write, to disk or not). It reports; it does not assert (the unit tests
in tests/unit/test_hostile_files.py do).
Usage: .venv/bin/python scripts/benchmark_hostile.py [--json]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TARGETS = {"seconds": 10.0, "peak_mb": 700.0, "written_mb": 200.0}


def _io_written() -> int:
    """Bytes this process has written so far (any file, any device)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    raise RuntimeError("no wchar in /proc/self/io")


def _peak_mb() -> float:
    """This process's peak resident memory in MB (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def child(path: Path) -> dict:
    """Read one file as the upload page does; what happened and what it cost."""
    import time

    from indicators.importer import ImportFileError, UnrecognisedLayout, import_path
    from indicators.upload import UploadError, read_upload

    written, start = _io_written(), time.perf_counter()
    try:
        import_path(path, file_name=path.name, context=_NoAtlas())
        outcome = "accepted as an official file"
    except UnrecognisedLayout:
        try:
            read_upload(path.name, path.read_bytes())
            outcome = "accepted as a table"
        except UploadError as error:
            outcome = f"refused: {error}"
    except ImportFileError as error:
        outcome = f"refused: {error}"
    return {"file": path.name, "size_bytes": path.stat().st_size, "outcome": outcome,
            "seconds": round(time.perf_counter() - start, 2), "peak_mb": round(_peak_mb(), 1),
            "written_mb": round((_io_written() - written) / 1024 / 1024, 1)}


class _NoAtlas:
    """The import context without the boundary atlas: no hostile file gets as far as matching an area name."""

    areas = councils = atlas = None


def build(folder: Path) -> list[Path]:
    """The hostile files, written to folder."""
    from tests import hostile_files

    return [hostile_files.zip_bomb(folder / "bomb.zip"),
            hostile_files.zip_bomb(folder / "lying_bomb.zip", declared=1024 * 1024),
            hostile_files.many_members_zip(folder / "members.zip"),
            hostile_files.many_rows_xlsx(folder / "rows.xlsx")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    results = []
    with tempfile.TemporaryDirectory(prefix="patchwork-hostile-") as folder:
        for path in build(Path(folder)):
            done = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True,
                                  check=True, cwd=REPO)
            results.append(json.loads(done.stdout.splitlines()[-1]))
    if args.json:
        print(json.dumps({"targets": TARGETS, "results": results}, indent=2))
        return
    for result in results:
        met = all(result[key] < limit for key, limit in TARGETS.items())
        print(f"{result['file']} ({result['size_bytes'] / 1024 / 1024:.1f} MB): {result['seconds']} s, "
              f"peak {result['peak_mb']} MB, wrote {result['written_mb']} MB "
              f"[{'within targets' if met else 'OVER TARGET'}]\n  {result['outcome']}")


if __name__ == "__main__":
    main()
