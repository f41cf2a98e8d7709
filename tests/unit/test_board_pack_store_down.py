"""The board pack says when the saved figures cannot be read, never dropping them silently."""
from __future__ import annotations

from exports import board_views
from indicators import local_store
from storage.errors import StorageError


def test_the_reoffending_view_says_the_store_cannot_be_reached(atlas, monkeypatch):
    def unreachable(viewer=""):
        raise StorageError("The database postgresql://patchwork:***@db:5432/patchwork cannot be reached")

    monkeypatch.setattr(local_store, "load_saved", unreachable)
    content = board_views.reoffending_view(atlas, {"viewer": "ann@example.org"})
    assert "Saved figures could not be read (The database" in content.takeaway
    assert "cannot be reached), so this view shows only the bundled figures." in content.takeaway
    assert "***" in content.takeaway and "password" not in content.takeaway


def test_with_the_store_up_nothing_is_said(atlas, tmp_path, monkeypatch):
    monkeypatch.setenv("PATCHWORK_LOCAL_STORE", str(tmp_path / "local_store"))
    monkeypatch.delenv("PATCHWORK_DATABASE_URL", raising=False)
    assert "could not be read" not in board_views.reoffending_view(atlas, {}).takeaway
