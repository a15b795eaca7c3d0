"""The contact sheet: every poster on it, each row as tall as its own tallest poster."""

from __future__ import annotations

import io

from PIL import Image

from kometa.overlays.sheet import CAPTION, GAP, THUMB_WIDTH, contact_sheet


def _jpeg(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def test_rows_take_their_own_height() -> None:
    posters = [("Show", _jpeg((200, 300), (200, 0, 0))), ("Season", _jpeg((200, 300), (0, 200, 0))),
               ("Episode", _jpeg((320, 180), (0, 0, 200))), ("Episode 2", _jpeg((320, 180), (200, 200, 0)))]
    with Image.open(io.BytesIO(contact_sheet(posters, columns=2))) as sheet:
        portrait, landscape = THUMB_WIDTH * 3 // 2, THUMB_WIDTH * 180 // 320
        assert sheet.size == (GAP + 2 * (THUMB_WIDTH + GAP), GAP + portrait + CAPTION + GAP + landscape + CAPTION + GAP)
        second_row = GAP + portrait + CAPTION + GAP
        pixel = sheet.convert("RGB").getpixel((GAP + 10, second_row + 10))
        assert pixel[2] > 150 and pixel[0] < 60  # the first episode starts right below the first row
