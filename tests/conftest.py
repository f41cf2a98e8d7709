"""Shared fixtures: the built atlas (built once if the cache is missing) and the repository on sys.path."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Every figure built in a test (and in the apps the browser tests start) goes through Plotly's validators.
os.environ["PATCHWORK_CHECK_FIGURES"] = "1"
REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def atlas():
    """The real atlas from the cache (the test command builds it first)."""
    from geo.atlas import load_atlas

    return load_atlas(progress=None)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and downloads kept as test artefacts."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
