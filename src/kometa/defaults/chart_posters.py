"""Text posters of our chart defaults (``basic``-like charts of IMDb, TMDb, Trakt, Tautulli, ...):
the collection's name on a field of the default's own colour, drawn by us with Pillow.

Kometa's chart collections take an image from its image repository by ``style`` (``color``, the
default, or ``white``); we copy none. Ours, named as Kometa's styles:

========== ===================================================================================
style      our treatment
========== ===================================================================================
color      the default's own colour (IMDb amber, TMDb teal, Trakt red, ...: our palette) with a
           soft vertical fade, a thin inset frame and the name in capitals, in white or in
           near-black, whichever reads better on the colour
white      the same layout in white on charcoal (every default alike)
========== ===================================================================================

The lettering is Aileron Regular, the font Pillow embeds (CC0 1.0).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

RGB = tuple[int, int, int]

SIZE = (1000, 1500)
DESIGN = 1  #: bumped when the drawing changes: every chart poster is uploaded again once
CHARCOAL, WHITE, NEAR_BLACK = (28, 28, 32), (255, 255, 255), (24, 20, 16)
_HEX = re.compile(r"^[0-9a-fA-F]{6}$")


def colour(text: str) -> RGB | None:
    """``rrggbb`` -> (r, g, b), or None when it is not six hex digits."""
    text = text.strip().lstrip("#")
    if not _HEX.match(text):
        return None
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def ink_on(back: RGB) -> RGB:
    """White on a dark colour, near-black on a light one."""
    return NEAR_BLACK if (back[0] * 299 + back[1] * 587 + back[2] * 114) // 1000 > 150 else WHITE


def draw(style: str, back: RGB, name: str) -> Image.Image:
    """The chart poster of ``name`` in ``style`` (``color`` on ``back``, or ``white``)."""
    from PIL import Image, ImageDraw

    from kometa.core.glyphs import drawable
    from kometa.defaults.portraits import fit

    if style == "white":
        back = CHARCOAL
    ink = ink_on(back)
    width, height = SIZE
    column = Image.new("RGB", (1, height))
    for y in range(height):  # a soft fade: a touch lighter at the top, darker at the foot
        k = 1.08 - 0.16 * y / (height - 1)
        column.putpixel((0, y), tuple(min(255, int(c * k)) for c in back))
    poster = column.resize(SIZE)
    pen = ImageDraw.Draw(poster)
    pen.rectangle((40, 40, width - 41, height - 41), outline=ink, width=6)
    words = drawable(name.upper(), fit("x", 10, 10)).split()
    lines = [" ".join(words[: (len(words) + 1) // 2]), " ".join(words[(len(words) + 1) // 2:])] \
        if len(words) > 1 else [" ".join(words)]
    font = min((fit(line, 780, 170) for line in lines), key=lambda f: getattr(f, "size", 0))
    top = height // 2 - 100 * (len(lines) - 1)
    for n, line in enumerate(lines):
        pen.text((width // 2, top + 200 * n), line, font=font, fill=ink, anchor="mm")
    return poster
