"""Characters the overlay font lacks become their unaccented forms, never boxes on a poster."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from kometa.core.glyphs import drawable
from kometa.overlays.model import Offset, OverlaySpec, Position
from kometa.overlays.render import Layer, RenderJob, render

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_the_built_in_font_gets_plain_letters_and_punctuation() -> None:
    font = ImageFont.load_default(24)  # Pillow's Aileron: ASCII only
    assert drawable("Amélie — Über naïve 日本", font) == "Amelie - Uber naive ??"
    assert drawable("Plain ASCII 4K", font) == "Plain ASCII 4K"


@pytest.mark.skipif(not DEJAVU.exists(), reason="DejaVu Sans is not installed")
def test_a_font_that_has_the_letters_keeps_them() -> None:
    font = ImageFont.truetype(str(DEJAVU), 24)
    assert drawable("Amélie — Über", font) == "Amélie — Über"


def _rendered(text: str) -> bytes:
    canvas = (400, 600)
    base = io.BytesIO()
    Image.new("RGB", canvas, (40, 40, 40)).save(base, "PNG")
    position = Position(Offset(20), "left", Offset(20), "top")
    spec = OverlaySpec(f"text({text})", "text", text=text, position=position)
    return render(RenderJob(1, base.getvalue(), canvas, (Layer(spec, position, text),)))


def test_a_text_overlay_with_accents_draws_the_plain_letters_with_the_built_in_font() -> None:
    assert _rendered("Amélie") == _rendered("Amelie")
    assert _rendered("Amélie") != _rendered("Amalie")
