"""Tables measured from the sources: measured once, read back whole, measured afresh when a source changes."""
from __future__ import annotations

import os

import pandas as pd
import pandas.testing as pdt
import pytest

from geo.prisons import load_prisons, located_prisons
from geo.source_cache import stamped_table


def test_a_table_is_measured_once_and_again_when_a_source_changes(tmp_path):
    source, calls = tmp_path / "source.csv", []
    source.write_text("a\n1\n")

    def measure() -> pd.DataFrame:
        calls.append(1)
        return pd.read_csv(source)

    first = stamped_table("demo", [source], measure, tmp_path)
    again = stamped_table("demo", [source], measure, tmp_path)
    assert len(calls) == 1
    pdt.assert_frame_equal(first, again)
    source.write_text("a\n1\n2\n")
    os.utime(source, (1_900_000_000, 1_900_000_000))
    assert len(stamped_table("demo", [source], measure, tmp_path)) == 2 and len(calls) == 2
    assert not list(tmp_path.glob("*.tmp"))


def test_located_prisons_read_back_equal_the_prisons_located_afresh(tmp_path):
    fresh = load_prisons()
    measured = located_prisons(folder=tmp_path)
    read_back = located_prisons(folder=tmp_path)
    assert len(list(tmp_path.glob("prisons_*.parquet"))) == 1
    pdt.assert_frame_equal(measured, fresh)
    pdt.assert_frame_equal(read_back, fresh)


def test_a_missing_prison_list_is_an_error_never_a_cached_empty_table(tmp_path):
    with pytest.raises(FileNotFoundError, match="NOMS prison list"):
        located_prisons(sources=tmp_path / "nowhere", folder=tmp_path)
    assert not list(tmp_path.glob("*.parquet"))
