"""Tables measured from the shared sources, kept in the build cache and measured afresh when a source changes."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd


def source_stamp(inputs: Iterable[Path]) -> str:
    """A short fingerprint of the inputs' names, sizes and dates (absent inputs count too)."""
    parts = []
    for path in inputs:
        stat = path.stat() if path.exists() else None
        parts.append(f"{path.name}:{stat.st_size}.{int(stat.st_mtime)}" if stat else f"{path.name}:absent")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def stamped_table(name: str, inputs: Iterable[Path], make: Callable[[], pd.DataFrame], folder: Path) -> pd.DataFrame:
    """The table `make` measures from `inputs`, read from `folder` when these inputs were measured before."""
    path = folder / f"{name}_{source_stamp(inputs)}.parquet"
    if path.exists():
        return pd.read_parquet(path)
    table = make()
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    table.to_parquet(temporary)
    temporary.replace(path)  # atomic: another process may be reading the cache
    return table
