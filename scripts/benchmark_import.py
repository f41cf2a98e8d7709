"""Benchmark the sentencing "Outcomes by offence" import: wall time and peak memory on an 8-million-row file.

Generates a made-up file in the published layout (tests/official_fixtures/sentencing_outcomes.py) in a temporary
folder, or reuses one given by --file, then runs `python -m indicators import PATH --json` (layout detected from
the header, file hashed, aggregated, checked and saved into a throwaway local store) in a fresh child process
per run and reports the median wall time of the import and the child's peak resident memory (its VmHWM, so
each run is measured on its own). Targets: at most 30 s and 1.5 GB on the 2-core reference machine.
It reports; it does not assert.
Usage: .venv/bin/python scripts/benchmark_import.py [--file PATH] [--rows 8200000] [--runs 3] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TARGET_SECONDS = 30.0
TARGET_PEAK_MB = 1536.0


def child(path: Path, out: Path) -> None:
    """One `python -m indicators import PATH --json` in this process; writes its timings as JSON to `out`."""
    import contextlib
    import io

    from geo.atlas import load_atlas
    from indicators.__main__ import main as indicators_main
    from indicators.local_store import load_saved

    with tempfile.TemporaryDirectory(prefix="patchwork-bench-store-") as store:
        os.environ["PATCHWORK_LOCAL_STORE"] = store
        load_atlas(progress=None)  # warm the boundary cache read, as a running server has it
        before_mb = _high_water_mb()
        started = time.perf_counter()
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
            code = indicators_main(["import", str(path), "--json"])
        done = time.perf_counter()
        if code != 0:
            raise SystemExit(f"the import failed (exit {code})")
        report = json.loads(printed.getvalue())
        saved, _ = load_saved()
    out.write_text(json.dumps({"import_s": done - started, "figures": len(saved), "refusals": len(report["refused"]),
                               "rss_before_import_mb": before_mb, "peak_rss_mb": _high_water_mb()}))


def _high_water_mb() -> float:
    """This process's own peak RSS (VmHWM): unlike ru_maxrss it starts afresh at exec, not from the parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path: Path) -> dict:
    """Run one import in a child process: its timings, end-to-end wall time and peak RSS (MB)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--child", str(path), "--out", str(out)], cwd=REPO)
    _, status, _ = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"the import child failed (exit {process.returncode})")
    figures = json.loads(out.read_text())
    out.unlink(missing_ok=True)
    return {**figures, "child_wall_s": wall}


def main() -> None:
    """Generate (or reuse) the file, run the imports, print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, help="an existing file in the layout (default: generate one)")
    parser.add_argument("--rows", type=int, default=8_200_000, help="rows to generate (default 8,200,000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.out)
        return
    if args.generate:
        from tests.official_fixtures.sentencing_outcomes import write_outcomes_csv

        write_outcomes_csv(args.generate, args.rows, seed=args.seed)
        return
    with tempfile.TemporaryDirectory(prefix="patchwork-bench-") as folder:
        path, generated_s = args.file, None
        if path is None:
            path = Path(folder) / "sentence_outcomes_2017_2024.csv"
            started = time.perf_counter()
            # In a child of its own: the generator's memory must not count towards the imports measured after it.
            subprocess.run([sys.executable, __file__, "--generate", str(path), "--rows", str(args.rows),
                            "--seed", str(args.seed)], cwd=REPO, check=True)
            generated_s = time.perf_counter() - started
        runs = [measure(path) for _ in range(args.runs)]
        size_mb = path.stat().st_size / 1024 / 1024
    report = {"file_mb": round(size_mb, 1), "figures": runs[0]["figures"], "runs": len(runs),
              "generated_s": None if generated_s is None else round(generated_s, 1), "cpus": os.cpu_count(),
              **{f"median_{key}": round(statistics.median(r[key] for r in runs), 2)
                 for key in ("import_s", "child_wall_s", "peak_rss_mb", "rss_before_import_mb")},
              "each_import_s": [round(r["import_s"], 2) for r in runs],
              "each_peak_rss_mb": [round(r["peak_rss_mb"], 1) for r in runs]}
    report["within_targets"] = (report["median_import_s"] <= TARGET_SECONDS
                                and report["median_peak_rss_mb"] <= TARGET_PEAK_MB)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"file: {report['file_mb']} MB, {args.rows:,} rows generated"
          + (f" in {report['generated_s']} s" if generated_s is not None else "") + f"; {runs[0]['figures']:,} figures saved")
    print(f"import (detect, hash, aggregate, check, save), median of {len(runs)}: {report['median_import_s']} s  "
          f"{report['each_import_s']}")
    print(f"child process end to end (interpreter, atlas, import): {report['median_child_wall_s']} s")
    print(f"peak RSS of the child: {report['median_peak_rss_mb']} MB {report['each_peak_rss_mb']} "
          f"(of which {report['median_rss_before_import_mb']} MB before the import: interpreter and atlas)")
    print(f"targets (<= {TARGET_SECONDS:.0f} s, <= {TARGET_PEAK_MB:.0f} MB): "
          + ("met" if report["within_targets"] else "NOT met"))


if __name__ == "__main__":
    main()
