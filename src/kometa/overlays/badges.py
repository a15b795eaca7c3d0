"""Our own badge images, drawn by code: what ``default: <group>/<name>`` in an overlay means.

Kometa ships PNGs for its overlay defaults (``default: ribbon/yellow/imdb``, ``resolution/4k``,
``rating/IMDb``, ...). We ship none: every badge is drawn here with Pillow from a small
deterministic description (a shape, two colours, a label) in the text font Pillow embeds
(Aileron Regular, dotcolon.net, CC0). Nothing is copied from Kometa's images; the names are
Kometa's so overlay files that address its images keep working.

An overlay spec carries the badge as the pseudo path ``default:<group>/<name>``
(:func:`reference`); :func:`image` draws it once per process (cached in memory) and
:func:`fingerprint` is the sha1 of its pixels, so a change to the drawing re-renders posters.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from kometa.overlays import flags

if TYPE_CHECKING:
    from PIL import Image, ImageFont

PREFIX = "default:"
RGB = tuple[int, int, int]


class BadgeError(ValueError):
    """A ``default:`` image name we do not draw (the message lists what exists)."""


@dataclass(frozen=True)
class Badge:
    shape: str  # label (text only: the overlay's backdrop is its box) | ribbon | tile | flag (flags.py)
    size: tuple[int, int]
    fill: RGB
    ink: RGB
    label: str


RIBBON_STYLES: dict[str, tuple[RGB, RGB]] = {  # style -> (band colour, text colour)
    "yellow": ((242, 196, 42), (20, 20, 20)), "gray": ((128, 132, 140), (255, 255, 255)),
    "black": ((24, 24, 28), (255, 255, 255)), "red": ((196, 32, 40), (255, 255, 255))}
RIBBONS = {
    "oscars": "OSCARS", "oscars_director": "OSCARS DIRECTOR", "golden": "GOLDEN GLOBE",
    "golden_director": "GOLDEN DIRECTOR", "bafta": "BAFTA", "cannes": "CANNES", "berlinale": "BERLINALE",
    "venice": "VENICE", "sundance": "SUNDANCE", "emmys": "EMMYS", "choice": "CRITICS CHOICE",
    "spirit": "SPIRIT AWARDS", "cesar": "CESAR", "imdb": "IMDb TOP 250", "letterboxd": "LETTERBOXD 500",
    "rottenverified": "VERIFIED HOT", "rotten": "CERTIFIED FRESH", "metacritic": "MUST SEE",
    "common": "COMMON SENSE", "razzie": "RAZZIES", "tmdb": "TMDb TOP"}
_RESOLUTIONS = {"4k": "4K", "1080p": "1080P", "720p": "720P", "576p": "576P", "480p": "480P", "": ""}
_RANGES = {"": "", "dv": "DV", "hdr": "HDR", "plus": "HDR10+", "hlg": "HLG", "dvhdr": "DV/HDR",
           "dvhdrplus": "DV/HDR10+"}
RESOLUTIONS = {f"{r}{h}": " ".join(p for p in (rl, hl) if p) for r, rl in _RESOLUTIONS.items()
               for h, hl in _RANGES.items() if r or h}
EDITIONS = {
    "extended": "EXTENDED", "uncut": "UNCUT", "unrated": "UNRATED", "special": "SPECIAL", "anniversary": "ANNIVERSARY",
    "collector": "COLLECTOR'S", "diamond": "DIAMOND", "platinum": "PLATINUM", "directors": "DIRECTOR'S CUT",
    "final": "FINAL CUT", "international": "INTERNATIONAL", "theatrical": "THEATRICAL", "ultimate": "ULTIMATE",
    "alternate": "ALTERNATE", "coda": "CODA", "enhanced": "IMAX ENHANCED", "imax": "IMAX",
    "remastered": "REMASTERED", "criterion": "CRITERION", "richarddonner": "DONNER CUT",
    "blackchrome": "BLACK & CHROME", "definitive": "DEFINITIVE", "openmatte": "OPEN MATTE", "ulysses": "ULYSSES",
    "producers": "PRODUCER'S CUT"}
AUDIO = {
    "aac": "AAC", "atmos": "ATMOS", "digital": "DOLBY DIGITAL", "dolby_atmos": "DOLBY ATMOS", "dts": "DTS",
    "dtses": "DTS-ES", "dtsx": "DTS:X", "flac": "FLAC", "hra": "DTS-HD HRA", "ma": "DTS-HD MA", "mp3": "MP3",
    "opus": "OPUS", "pcm": "PCM", "plus": "DD+", "plus_atmos": "DD+ ATMOS", "truehd": "TRUEHD",
    "truehd_atmos": "TRUEHD ATMOS"}
#: rating source tiles: name -> (fill, ink, label)
RATINGS: dict[str, tuple[RGB, RGB, str]] = {
    "imdb": ((245, 197, 24), (0, 0, 0), "IMDb"), "tmdb": ((1, 180, 228), (13, 37, 63), "TMDb"),
    "rt-crit-fresh": ((250, 50, 10), (255, 255, 255), "RT"), "rt-crit-rotten": ((10, 160, 60), (255, 255, 255), "RT"),
    "rt-aud-fresh": ((250, 200, 40), (120, 20, 10), "POP"), "rt-aud-rotten": ((120, 160, 60), (255, 255, 255), "POP"),
    "star": ((255, 200, 0), (60, 40, 0), "★"), "trakt": ((237, 28, 36), (255, 255, 255), "trakt"),
    "letterboxd": ((32, 40, 48), (0, 224, 84), "LB"), "metacritic": ((255, 204, 51), (0, 0, 0), "MC"),
    "mdblist": ((66, 99, 235), (255, 255, 255), "MDB"), "mal": ((46, 81, 162), (255, 255, 255), "MAL"),
    "anidb": ((34, 66, 122), (255, 255, 255), "aniDB")}
#: single images at the top level (no group)
SINGLE = {"versions": "VERSIONS", "mediastinger": "STINGER", "direct-play": "DIRECT PLAY",
          "commonsense": "COMMON SENSE", "dual_audio": "DUAL AUDIO", "multi_audio": "MULTI AUDIO",
          "dual_subs": "DUAL SUBS", "multi_subs": "MULTI SUBS"}
#: content rating boards: board -> (the board's short name on the tile, rating key -> the tile's colour)
_GREEN, _YELLOW, _ORANGE, _PINK, _RED, _BLUE, _BLACK, _GRAY = (
    (0, 150, 70), (250, 200, 0), (240, 130, 0), (225, 60, 130), (205, 25, 35), (20, 110, 200), (45, 45, 50),
    (120, 124, 130))
BOARDS: dict[str, tuple[str, dict[str, RGB]]] = {
    "uk": ("BBFC", {"u": _GREEN, "pg": _YELLOW, "12": _ORANGE, "12a": _ORANGE, "15": _PINK, "18": _RED,
                    "r18": _BLACK, "nr": _GRAY}),
    "de": ("FSK", {"0": (235, 235, 235), "6": _YELLOW, "12": _GREEN, "16": _BLUE, "18": _RED, "bpjm": _BLACK,
                   "nr": _GRAY}),
    "au": ("ACB", {"g": _GREEN, "pg": _YELLOW, "m": _BLUE, "ma": _RED, "r": _BLACK, "x": _BLACK, "nr": _GRAY}),
    "nz": ("OFLC", {"g": _GREEN, "pg": _YELLOW, "m": _ORANGE, "r13": _RED, "rp13": _RED, "r15": _RED,
                    "r16": _RED, "rp16": _RED, "r18": _RED, "rp18": _RED, "r": _RED, "nr": _GRAY})}
#: content rating tile styles (``color: true`` of the defaults writes true, ``false`` the white tiles)
BOARD_STYLES = {"color": True, "true": True, "white": False, "false": False}
#: groups whose names are open (any network/studio/streaming name): the badge is the name itself
OPEN = {"network": ("color", "white"), "studio": ("standard", "bigger"), "streaming": ("color", "white")}
PILL, COMPACT, TILE, SQUARE = (305, 105), (230, 90), (80, 80), (105, 105)  # PILL: the defaults' 305x105 box
#: single images drawn for a smaller box than PILL (mediastinger's 105x105, language_count's 188x105)
SINGLE_SIZES = {"mediastinger": SQUARE, **{n: (188, 105) for n in ("dual_audio", "multi_audio", "dual_subs",
                                                                   "multi_subs")}}
DARK, WHITE = (20, 20, 24), (255, 255, 255)


def _label(name: str) -> str:
    return name.replace("_", " ").replace("-", " ").strip()


def _bright(colour: RGB) -> bool:
    """Dark text reads better on it (its luma is high)."""
    return 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2] > 160


def _hue(name: str) -> RGB:
    """A bright colour of its own for a name (the "color" styles): the same name, the same colour."""
    import colorsys

    hue = int(hashlib.sha1(name.lower().encode()).hexdigest()[:4], 16) / 0xFFFF
    r, g, b = colorsys.hsv_to_rgb(hue, 0.55, 1.0)
    return int(r * 255), int(g * 255), int(b * 255)


def normalise(value: str) -> str:
    """Kometa's spellings: an ``overlays/images/`` prefix and a ``.png`` suffix are dropped."""
    text = str(value).strip().replace("\\", "/")
    if text.lower().startswith("overlays/images/"):
        text = text[len("overlays/images/"):]
    if text.lower().endswith(".png"):
        text = text[:-4]
    return text.strip("/")


def describe(name: str) -> Badge:
    """The badge for ``name`` (``<group>/<name>``); BadgeError naming what exists otherwise."""
    parts = normalise(name).split("/")
    low = [p.lower() for p in parts]
    group = low[0]
    if len(parts) == 1 and group in SINGLE:
        return Badge("label", SINGLE_SIZES.get(group, PILL), DARK, WHITE, SINGLE[group])
    if group == "resolution" and len(parts) == 2 and low[1] in RESOLUTIONS:
        return Badge("label", PILL, DARK, WHITE, RESOLUTIONS[low[1]])
    if group == "edition" and len(parts) == 2 and low[1] in EDITIONS:
        return Badge("label", PILL, DARK, WHITE, EDITIONS[low[1]])
    if group == "audio_codec" and len(parts) == 3 and low[1] in ("standard", "compact") and low[2] in AUDIO:
        return Badge("label", COMPACT if low[1] == "compact" else PILL, DARK, WHITE, AUDIO[low[2]])
    if group == "ribbon" and len(parts) == 3 and low[1] in RIBBON_STYLES and low[2] in RIBBONS:
        fill, ink = RIBBON_STYLES[low[1]]
        return Badge("ribbon", (500, 500), fill, ink, RIBBONS[low[2]])
    if group == "rating" and len(parts) == 2 and low[1] in RATINGS:
        fill, ink, label = RATINGS[low[1]]
        return Badge("tile", TILE, fill, ink, label)
    if group == "content_rating" and len(parts) == 4 and low[1] in BOARDS and low[2] in BOARD_STYLES \
            and low[3] in BOARDS[low[1]][1]:
        board, fills = BOARDS[low[1]]
        fill = fills[low[3]] if BOARD_STYLES[low[2]] else WHITE
        return Badge("tile", TILE, fill, DARK if _bright(fill) else WHITE, board)
    if group == "flag" and len(parts) == 4 and low[1] in flags.STYLES and low[2] in flags.SIZES \
            and re.fullmatch(r"[a-z]{2,3}", low[3]):
        return Badge("flag", flags.SIZES[low[2]], DARK, WHITE, f"{low[1]}/{low[3]}")
    if group in OPEN and len(parts) == 3 and low[1] in OPEN[group] and parts[2].strip():
        ink = WHITE if low[1] in ("white", "standard") else _hue(parts[2])
        return Badge("label", PILL, DARK, ink, _label(parts[2]))
    raise BadgeError(f"there is no bundled image '{name}'; bundled images are {groups_help()}")


def groups_help() -> str:
    return ("resolution/<4k|1080p|...|4kdvhdr|...>, edition/<extended|directors|...>, "
            "audio_codec/<standard|compact>/<aac|dts|truehd_atmos|...>, ribbon/<yellow|gray|black|red>/<imdb|oscars|"
            "...>, rating/<IMDb|TMDb|RT-Crit-Fresh|...>, network|streaming/<color|white>/<Name>, "
            "studio/<standard|bigger>/<Name>, " + ", ".join(sorted(SINGLE)))


def reference(name: str) -> str:
    """Check ``name`` and return the pseudo path an overlay spec carries (``default:<group>/<name>``)."""
    describe(name)
    return PREFIX + normalise(name)


def is_reference(path: str | None) -> bool:
    return path is not None and path.startswith(PREFIX)


def _fit(text: str, width: int, height: int, bold: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import Image, ImageDraw, ImageFont

    probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    size = height
    while True:
        font = ImageFont.load_default(size)
        box = probe.textbbox((0, 0), text, font=font, anchor="mm", stroke_width=bold)
        if (box[2] - box[0] <= width and box[3] - box[1] <= height) or size <= 8:
            return font
        size -= 2


def _text(layer: Image.Image, text: str, centre: tuple[int, int], area: tuple[int, int], ink: RGB) -> None:
    from PIL import ImageDraw

    bold = max(1, area[1] // 40)  # a stroke of the text's own colour: a heavier face from the one font
    font = _fit(text, area[0], area[1], bold)
    ImageDraw.Draw(layer).text(centre, text, font=font, fill=ink, anchor="mm", stroke_width=bold, stroke_fill=ink)


text_on = _text  # for flags.py: a label in the built-in font, fitted to an area


def _flag(badge: Badge) -> Image.Image:
    style, code = badge.label.split("/")
    size = next(name for name, dims in flags.SIZES.items() if dims == badge.size)
    return flags.draw(style, size, code)


def _gradient(size: tuple[int, int], colour: RGB) -> Image.Image:
    """A vertical gradient: the colour lifted a little at the top, darkened a little at the bottom."""
    from PIL import Image

    width, height = size
    column = Image.new("RGBA", (1, height))
    for y in range(height):
        k = 1.18 - 0.36 * y / max(1, height - 1)
        column.putpixel((0, y), (*(min(255, int(c * k + 8 * k)) for c in colour), 255))
    return column.resize((width, height))


def _label_image(badge: Badge) -> Image.Image:
    """The label alone on a transparent canvas: the overlay's backdrop (back_color, back_radius, ...)
    is the box behind it, as Kometa's own badges are drawn."""
    from PIL import Image

    width, height = badge.size
    layer = Image.new("RGBA", badge.size, (0, 0, 0, 0))
    _text(layer, badge.label, (width // 2, height // 2), (int(width * 0.86), int(height * 0.56)), badge.ink)
    return layer


def _tile(badge: Badge) -> Image.Image:
    from PIL import Image, ImageDraw

    width, height = badge.size
    layer = Image.new("RGBA", badge.size, (0, 0, 0, 0))
    mask = Image.new("L", badge.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, width - 1, height - 1), radius=width // 5, fill=255)
    layer.paste(_gradient(badge.size, badge.fill), (0, 0), mask)
    if badge.label == "★":
        import math

        cx, cy, outer, inner = width / 2, height / 2 + 4, width * 0.42, width * 0.17
        points = [(cx + (outer if i % 2 == 0 else inner) * math.sin(i * math.pi / 5),
                   cy - (outer if i % 2 == 0 else inner) * math.cos(i * math.pi / 5)) for i in range(10)]
        ImageDraw.Draw(layer).polygon(points, fill=(*badge.ink, 255))
        return layer
    _text(layer, badge.label, (width // 2, height // 2), (int(width * 0.8), int(height * 0.45)), badge.ink)
    return layer


def _ribbon(badge: Badge) -> Image.Image:
    """A band across the bottom-right corner (the corner of the image is the poster's corner)."""
    from PIL import Image, ImageDraw

    side = badge.size[0]
    start, band = int(side * 1.22), int(side * 0.34)  # the band holds the points with start <= x + y <= start+band
    layer = Image.new("RGBA", badge.size, (0, 0, 0, 0))
    ImageDraw.Draw(layer).polygon([(start - side, side), (side, start - side), (side, start + band - side),
                                   (start + band - side, side)], fill=(*badge.fill, 245))
    thickness = int(band / 2 ** 0.5)
    length = int((2 * side - start - band / 2) * 2 ** 0.5)
    strip = Image.new("RGBA", (length, thickness), (0, 0, 0, 0))
    _text(strip, badge.label, (length // 2, thickness // 2), (int(length * 0.8), int(thickness * 0.5)), badge.ink)
    turned = strip.rotate(45, resample=Image.Resampling.BICUBIC, expand=True)
    middle = int((start + band / 2) / 2)
    layer.alpha_composite(turned, dest=(middle - turned.width // 2, middle - turned.height // 2))
    return layer


@lru_cache(maxsize=128)
def image(path: str) -> Image.Image:
    """The badge as an RGBA image (``path``: a :func:`reference`); drawn once per process."""
    badge = describe(path[len(PREFIX):] if path.startswith(PREFIX) else path)
    return {"label": _label_image, "tile": _tile, "ribbon": _ribbon, "flag": _flag}[badge.shape](badge)


@lru_cache(maxsize=128)
def fingerprint(path: str) -> str:
    """sha1 of the badge's pixels (a change to how it is drawn changes every poster that uses it)."""
    img = image(path)
    return hashlib.sha1(f"{img.size}".encode() + img.tobytes()).hexdigest()


def png(path: str) -> bytes:
    """The badge as PNG bytes (for docs and previews)."""
    import io

    out = io.BytesIO()
    image(path).save(out, "PNG")
    return out.getvalue()
