"""Collection posters our defaults draw themselves: what ``file_poster: default:<kind>/<style>/<name>`` means.

Kometa's separator collections take a poster from its image repository by ``sep_style``
(``separators/<style>/<name>.jpg``). We copy none of those images: each poster is drawn here with
Pillow — a vertical gradient of the style's colour, a thin band, the collection's name in the font
Pillow embeds (Aileron Regular, dotcolon.net, CC0 1.0: free for any use, no attribution needed).
The style names are Kometa's (``orig``, ``blue``, ``stb``, ...) so configs that set ``sep_style``
keep working; the colours are our own palette.

A definition carries the poster as the pseudo file ``default:separator/<style>/<name>``
(:func:`is_reference`); :func:`png` draws it once per process and :func:`fingerprint` is the sha1 of
its pixels, recorded in the run's ledger like any poster's: a second run (same name, same style)
uploads nothing; a new style or a renamed separator uploads the new poster once.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image, ImageFont

from kometa.config.sep_styles import SEPARATOR_STYLES, styles_help

PREFIX = "default:"
SIZE = (1000, 1500)

KINDS = ("separator",)


class PosterError(ValueError):
    """A ``default:`` poster we do not draw (the message lists what exists)."""


def is_reference(value: str | None) -> bool:
    return value is not None and value.startswith(PREFIX)


def parse(value: str) -> tuple[str, str, str]:
    """``default:separator/<style>/<name>`` -> (kind, style, name); PosterError otherwise."""
    body = value[len(PREFIX):] if is_reference(value) else value
    parts = body.split("/", 2)
    if len(parts) != 3 or parts[0] not in KINDS or not parts[2].strip():
        raise PosterError(f"there is no drawn poster '{value}'; drawn posters are "
                          f"default:separator/<style>/<name>")
    style = parts[1].strip().lower()
    if style not in SEPARATOR_STYLES:
        raise PosterError(f"'{parts[1]}' is not a separator style (sep_style); the styles are {styles_help()}")
    return parts[0], style, parts[2].strip()


def _lines(name: str) -> tuple[str, str]:
    """(the big line, the small line under it): "Genre Collections" -> ("GENRE", "COLLECTIONS")."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() == "collections":
        return " ".join(words[:-1]).upper(), words[-1].upper()
    return name.upper(), ""


def _fit(text: str, width: int, height: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import Image, ImageDraw, ImageFont

    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    size = height
    while True:
        font = ImageFont.load_default(size)
        box = probe.textbbox((0, 0), text, font=font, anchor="mm")
        if (box[2] - box[0] <= width and box[3] - box[1] <= height) or size <= 12:
            return font
        size -= 4


def draw(value: str) -> Image.Image:
    """The poster ``value`` names (``default:separator/<style>/<name>``)."""
    from PIL import Image, ImageDraw

    from kometa.core.glyphs import drawable

    _kind, style, name = parse(value)
    back, ink = SEPARATOR_STYLES[style]
    width, height = SIZE
    column = Image.new("RGB", (1, height))
    for y in range(height):  # lighter at the top, darker at the bottom
        k = 1.15 - 0.35 * y / (height - 1)
        column.putpixel((0, y), tuple(min(255, int(c * k)) for c in back))
    poster = column.resize(SIZE)
    pen = ImageDraw.Draw(poster)
    big, small = _lines(name)
    big, small = drawable(big, _fit(big, 10, 10)), drawable(small, _fit(small or "x", 10, 10))
    middle = height // 2
    band = (int(width * 0.12), middle + 40, int(width * 0.88), middle + 52)
    pen.rectangle(band, fill=ink)
    font = _fit(big, int(width * 0.8), 190)
    pen.text((width // 2, middle - 80), big, font=font, fill=ink, anchor="mm")
    if small:
        pen.text((width // 2, middle + 140), small, font=_fit(small, int(width * 0.6), 70), fill=ink, anchor="mm")
    return poster


@lru_cache(maxsize=64)
def png(value: str) -> bytes:
    """The poster as PNG bytes (what is uploaded)."""
    out = io.BytesIO()
    draw(value).save(out, format="PNG", optimize=False)
    return out.getvalue()


@lru_cache(maxsize=64)
def fingerprint(value: str) -> str:
    """``drawn:<sha1 of the pixels>``: a change to the drawing (or the style, or the name) uploads again."""
    return "drawn:" + hashlib.sha1(draw(value).tobytes()).hexdigest()
