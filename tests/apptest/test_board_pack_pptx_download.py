"""The board pack page offers the pack as PowerPoint, and the file it builds opens with one slide per view."""
from __future__ import annotations

import io

from pptx import Presentation

from ui import board_pack_view


def test_the_powerpoint_pack_holds_a_cover_and_one_slide_per_chosen_view_with_native_charts():
    data = board_pack_view.pack_pptx(["reform_timeline", "custody_cost"], "")
    deck = Presentation(io.BytesIO(data))
    slides = list(deck.slides)
    assert len(slides) == 3
    titles = [slide.shapes.title.text for slide in slides[1:]]
    assert any("timeline" in t.lower() or "era" in t.lower() for t in titles)
    assert any("cost" in t.lower() for t in titles)
    assert all(any(shape.has_chart for shape in slide.shapes) for slide in slides[1:])
    assert all(slide.notes_slide.notes_text_frame.text for slide in slides[1:])
