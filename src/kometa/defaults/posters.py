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

The people defaults' posters (:mod:`kometa.defaults.portraits`) are
``default:person/<style>/<photo>/<name>``: ``<photo>`` is ``tmdb`` as the default file writes it
(the engine looks the person up on TMDb and puts the profile picture's address there, URL-quoted,
or ``none``: a text poster). Their fingerprint is the sha1 of the reference and the drawing's
version, so a second run needs neither the picture nor a drawing to know nothing changed (TMDb
gives a changed picture a new address).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from kometa.config import poster_styles
from kometa.config.sep_styles import SEPARATOR_STYLES, styles_help
from kometa.defaults import chart_posters, portraits
from kometa.defaults.portraits import fit as _fit

if TYPE_CHECKING:
    from PIL import Image

PREFIX = "default:"
SIZE = (1000, 1500)

KINDS = ("separator", "person", "chart")
FOUR_PARTS = ("person", "chart")  # <kind>/<style>/<photo or colour>/<name>
LOOKUP, NO_PHOTO = "tmdb", "none"  # a person poster's <photo> before the engine's look-up, and without a picture


class PosterError(ValueError):
    """A ``default:`` poster we do not draw (the message lists what exists)."""


def is_reference(value: str | None) -> bool:
    return value is not None and value.startswith(PREFIX)


def parse(value: str) -> tuple[str, str, str]:
    """``default:separator/<style>/<name>`` or ``default:person/<style>/<photo>/<name>`` -> (kind,
    style, name); PosterError otherwise."""
    body = value[len(PREFIX):] if is_reference(value) else value
    parts = body.split("/", 3 if body.split("/", 1)[0] in FOUR_PARTS else 2)
    if len(parts) not in (3, 4) or parts[0] not in KINDS or not parts[-1].strip() or \
            (parts[0] in FOUR_PARTS) != (len(parts) == 4):
        raise PosterError(f"there is no drawn poster '{value}'; drawn posters are "
                          f"default:separator/<style>/<name>, default:person/<style>/tmdb[@offset]/<name> and "
                          f"default:chart/<style>/<rrggbb>/<name>")
    style = parts[1].strip().lower()
    if parts[0] == "chart":
        if style not in poster_styles.STYLE_SETS["chart"]:
            raise PosterError(f"'{parts[1]}' is not a chart poster style (style); the styles are "
                              f"{poster_styles.styles_help('chart')}")
        if chart_posters.colour(parts[2]) is None:
            raise PosterError(f"'{parts[2]}' is not a colour (six hex digits, rrggbb)")
    if parts[0] == "person" and style not in poster_styles.PEOPLE_STYLES:
        raise PosterError(f"'{parts[1]}' is not a people poster style (style); the styles are "
                          f"{poster_styles.styles_help('people')}")
    if parts[0] == "separator" and style not in SEPARATOR_STYLES:
        raise PosterError(f"'{parts[1]}' is not a separator style (sep_style); the styles are {styles_help()}")
    return parts[0], style, parts[-1].strip()


def photo_of(value: str) -> str:
    """A person poster's ``<photo>``: ``tmdb`` or ``tmdb@N`` (not looked up yet: N is the people
    search's result to take, ``tmdb_person_offset``), ``none`` or the picture's URL."""
    parts = value[len(PREFIX):].split("/", 3)
    return unquote(parts[2]) if len(parts) == 4 and parts[0] == "person" else NO_PHOTO


def lookup_offset(value: str) -> int | None:
    """The search result offset of a person poster not looked up yet (``tmdb``: 0), else None.
    PosterError for an offset that is not a whole number of 0 or more."""
    photo = photo_of(value)
    if photo != LOOKUP and not photo.startswith(LOOKUP + "@"):
        return None
    offset = photo[len(LOOKUP) + 1:].strip()
    if offset and not offset.isdigit():
        raise PosterError(f"tmdb_person_offset takes a whole number of 0 or more, got '{offset}'")
    return int(offset or 0)


def with_photo(value: str, url: str | None) -> str:
    """The person poster ``value`` with its picture's URL (None: TMDb has none; a text poster)."""
    _kind, style, name = parse(value)
    return f"{PREFIX}person/{style}/{quote(url, safe='') if url else NO_PHOTO}/{name}"


def _lines(name: str) -> tuple[str, str]:
    """(the big line, the small line under it): "Genre Collections" -> ("GENRE", "COLLECTIONS")."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() == "collections":
        return " ".join(words[:-1]).upper(), words[-1].upper()
    return name.upper(), ""


def draw(value: str, fetch: Callable[[str], bytes] | None = None) -> Image.Image:
    """The poster ``value`` names; a person's picture is read with ``fetch`` (its URL -> bytes)."""
    from PIL import Image, ImageDraw

    from kometa.core.glyphs import drawable

    kind, style, name = parse(value)
    if kind == "person":
        photo = photo_of(value)
        drawn = fetch is not None and photo != NO_PHOTO and lookup_offset(value) is None
        return portraits.draw(style, name, fetch(photo) if fetch is not None and drawn else None)
    if kind == "chart":
        back = chart_posters.colour(value[len(PREFIX):].split("/", 3)[2])
        return chart_posters.draw(style, back or chart_posters.CHARCOAL, name)
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


def png(value: str, fetch: Callable[[str], bytes] | None = None) -> bytes:
    """The poster as PNG bytes (what is uploaded); ``fetch`` reads a person's picture."""
    if parse(value)[0] == "separator":
        return _separator_png(value)
    out = io.BytesIO()
    draw(value, fetch).save(out, format="PNG", optimize=False)
    return out.getvalue()


@lru_cache(maxsize=64)
def _separator_png(value: str) -> bytes:
    out = io.BytesIO()
    draw(value).save(out, format="PNG", optimize=False)
    return out.getvalue()


@lru_cache(maxsize=256)
def fingerprint(value: str) -> str:
    """``drawn:<sha1>``: a change to the drawing (or the style, the name, a person's picture) uploads again.
    A separator's is the sha1 of its pixels; a person's or a chart's of the reference and the drawing's version."""
    kind = parse(value)[0]
    if kind in FOUR_PARTS:  # drawn from the reference alone (a person's picture: its address)
        design = portraits.DESIGN if kind == "person" else chart_posters.DESIGN
        return "drawn:" + hashlib.sha1(f"{kind}-v{design}|{value}".encode()).hexdigest()
    return "drawn:" + hashlib.sha1(draw(value).tobytes()).hexdigest()
