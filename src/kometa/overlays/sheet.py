"""A contact sheet: rendered posters side by side (rows of ``columns``), each titled underneath."""

from __future__ import annotations

import io
from collections.abc import Sequence

from kometa.core.glyphs import drawable

THUMB_WIDTH = 250
GAP = 16
CAPTION = 28


def contact_sheet(posters: Sequence[tuple[str, bytes]], columns: int = 4) -> bytes:
    """``posters``: (title, image bytes). Returns a PNG."""
    from PIL import Image, ImageDraw, ImageFont

    if not posters:
        raise ValueError("no posters for the sheet")
    thumbs = []
    for title, data in posters:
        with Image.open(io.BytesIO(data)) as opened:
            img = opened.convert("RGB")
        height = int(img.height * THUMB_WIDTH / img.width)
        thumbs.append((title, img.resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS)))
    columns = max(1, min(columns, len(thumbs)))
    rows = [thumbs[start:start + columns] for start in range(0, len(thumbs), columns)]
    heights = [max(t.height for _, t in row) + CAPTION for row in rows]  # each row as tall as its tallest
    tops = [GAP + sum(h + GAP for h in heights[:index]) for index in range(len(rows))]
    sheet = Image.new("RGB", (GAP + columns * (THUMB_WIDTH + GAP), GAP + sum(h + GAP for h in heights)),
                      (24, 24, 28))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(16)
    for index, (title, thumb) in enumerate(thumbs):
        x = GAP + (index % columns) * (THUMB_WIDTH + GAP)
        y = tops[index // columns]
        sheet.paste(thumb, (x, y))
        text = drawable(title if len(title) <= 28 else title[:27] + "…", font)
        draw.text((x, y + thumb.height + 6), text, font=font, fill=(230, 230, 230))
    out = io.BytesIO()
    sheet.save(out, "PNG", optimize=True)
    return out.getvalue()
