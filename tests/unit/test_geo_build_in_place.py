"""`geo build` writes the cache beside it and renames each file into place once the whole build is written."""
from __future__ import annotations

import json

import pytest

from geo import build as building
from geo.build import BUILD_VERSION, build, is_built


def _old_cache(folder):
    (folder / "map").mkdir(parents=True)
    (folder / "map" / "svg_map.json").write_text("old")
    (folder / "manifest.json").write_text(json.dumps({"build_version": BUILD_VERSION}))
    (folder / "local_store").mkdir()  # the cache folder holds other things too: never touched
    (folder / "local_store" / "store.sqlite3").write_text("saved work")


def test_a_build_appears_whole_and_only_when_done(tmp_path, monkeypatch):
    _old_cache(tmp_path)

    def writes(sources, out, progress):
        (out / "map").mkdir()
        (out / "map" / "svg_map.json").write_text("new")
        assert (tmp_path / "map" / "svg_map.json").read_text() == "old"  # readers see the old cache meanwhile
        (out / "manifest.json").write_text(json.dumps({"build_version": BUILD_VERSION, "seconds": 1}))
        return {"seconds": 1}

    monkeypatch.setattr(building, "_build_into", writes)
    build(out=tmp_path, progress=None)
    assert (tmp_path / "map" / "svg_map.json").read_text() == "new" and is_built(tmp_path)
    assert not list(tmp_path.glob(".build-*")) and (tmp_path / "local_store" / "store.sqlite3").exists()


def test_a_failed_build_leaves_the_cache_as_it_was(tmp_path, monkeypatch):
    _old_cache(tmp_path)

    def fails(sources, out, progress):
        (out / "map").mkdir()
        (out / "map" / "svg_map.json").write_text("half")
        raise ValueError("a check failed")

    monkeypatch.setattr(building, "_build_into", fails)
    with pytest.raises(ValueError, match="a check failed"):
        build(out=tmp_path, progress=None)
    assert (tmp_path / "map" / "svg_map.json").read_text() == "old" and is_built(tmp_path)
    assert not list(tmp_path.glob(".build-*"))
