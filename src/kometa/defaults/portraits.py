"""People posters our defaults draw (``actor``, ``director``, ``producer``, ``writer``): a person's
TMDb profile picture and name, in one of the ``style`` treatments.

The style names are Kometa's (``bw``, ``rainier``, ``signature``, ``diiivoy``, ``diiivoycolor``) so
configs that set ``style`` keep working; the treatments are our own design, drawn here with Pillow
(no image of Kometa's is used), the name in the font Pillow embeds (Aileron Regular, CC0 1.0):

============== ==============================================================================
style          our treatment
============== ==============================================================================
bw (default)   the photo in greyscale over the whole poster; a dark fade at the foot, the name
               in white capitals over a thin white rule
rainier        the photo as a duotone (deep navy shadows, warm cream lights) over the whole
               poster; a solid navy band at the foot with the name in cream
signature      the photo in its own colours over the whole poster; the name in white, slanted
               like a hand-written signature, with a drop shadow and an underline stroke
diiivoy        a near-black poster; the photo in greyscale in a rounded window; the name in
               white capitals under a gold rule
diiivoycolor   as diiivoy on a deep teal poster, the photo in its own colours
============== ==============================================================================

A person TMDb has no picture for (or a run without TMDb) gets a text poster in the style's
colours: the initials in a ring and the name under them.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

RGB = tuple[int, int, int]

SIZE = (1000, 1500)
#: bumped when a drawing changes, so the posters already uploaded are drawn and uploaded again once
DESIGN = 1

NAVY, CREAM, GOLD = (20, 34, 64), (250, 226, 190), (212, 175, 55)
#: style -> (poster background, ink)
COLOURS: dict[str, tuple[RGB, RGB]] = {
    "bw": ((38, 38, 38), (255, 255, 255)),
    "rainier": (NAVY, CREAM),
    "signature": ((70, 22, 44), (255, 255, 255)),
    "diiivoy": ((12, 12, 12), (255, 255, 255)),
    "diiivoycolor": ((16, 40, 48), (255, 255, 255)),
}
#: the photo window of the framed styles (diiivoy, diiivoycolor): left, top, right, bottom
WINDOW = (70, 70, 930, 1130)


def fit(text: str, width: int, height: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The largest embedded-font size (from ``height`` down) at which ``text`` fits the box."""
    from PIL import Image, ImageDraw, ImageFont

    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    size = height
    while True:
        font = ImageFont.load_default(size)
        box = probe.textbbox((0, 0), text, font=font, anchor="mm")
        if (box[2] - box[0] <= width and box[3] - box[1] <= height) or size <= 12:
            return font
        size -= 4


def _text(name: str) -> str:
    from kometa.core.glyphs import drawable

    return drawable(name, fit("x", 10, 10))


def _photo(data: bytes, box: tuple[int, int]) -> Image.Image:
    """The photo cropped to fill ``box`` (its top kept: faces sit high in a portrait)."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as opened:
        image = opened.convert("RGB")
    return ImageOps.fit(image, box, method=Image.Resampling.BILINEAR, centering=(0.5, 0.2))


def _grey(image: Image.Image) -> Image.Image:
    from PIL import ImageOps

    return ImageOps.grayscale(image).convert("RGB")


def _fade(poster: Image.Image, start: float, alpha: int) -> None:
    """Darken the foot of ``poster`` from ``start`` (a share of the height) down, to ``alpha``."""
    from PIL import Image

    width, height = poster.size
    top = int(height * start)
    column = Image.new("L", (1, height - top))
    for y in range(height - top):
        column.putpixel((0, y), int(alpha * y / max(1, height - top - 1)))
    shade = Image.new("RGB", (width, height - top), (0, 0, 0))
    poster.paste(shade, (0, top), column.resize((width, height - top)))


def _name_lines(pen: ImageDraw.ImageDraw, name: str, centre_y: int, ink: RGB, width: int = 820) -> None:
    pen.text((SIZE[0] // 2, centre_y), name.upper(), font=fit(name.upper(), width, 110), fill=ink, anchor="mm")


def _bw(photo: Image.Image, name: str) -> Image.Image:
    from PIL import ImageDraw

    poster = _grey(photo)
    _fade(poster, 0.62, 225)
    pen = ImageDraw.Draw(poster)
    pen.rectangle((SIZE[0] // 2 - 160, 1268, SIZE[0] // 2 + 160, 1274), fill=(255, 255, 255))
    _name_lines(pen, name, 1360, (255, 255, 255))
    return poster


def _rainier(photo: Image.Image, name: str) -> Image.Image:
    from PIL import ImageDraw, ImageOps

    poster = ImageOps.colorize(ImageOps.grayscale(photo), black=NAVY, white=CREAM).convert("RGB")
    pen = ImageDraw.Draw(poster)
    pen.rectangle((0, SIZE[1] - 250, SIZE[0], SIZE[1]), fill=NAVY)
    _name_lines(pen, name, SIZE[1] - 125, CREAM)
    return poster


def _signature(photo: Image.Image, name: str) -> Image.Image:
    from PIL import Image, ImageDraw

    poster = photo.copy()
    _fade(poster, 0.7, 150)
    layer = Image.new("RGBA", (SIZE[0], 420), (0, 0, 0, 0))
    pen = ImageDraw.Draw(layer)
    font = fit(name, 800, 150)
    pen.text((SIZE[0] // 2 + 6, 186), name, font=font, fill=(0, 0, 0, 150), anchor="mm")  # the shadow
    pen.text((SIZE[0] // 2, 180), name, font=font, fill=(255, 255, 255, 255), anchor="mm")
    pen.arc((160, 150, 860, 300), start=15, end=165, fill=(255, 255, 255, 255), width=7)  # the underline stroke
    slanted = layer.transform(layer.size, Image.Transform.AFFINE, (1, 0.28, -60, 0, 1, 0),
                              resample=Image.Resampling.BILINEAR).rotate(6, resample=Image.Resampling.BILINEAR)
    poster.paste(slanted, (0, SIZE[1] - 440), slanted)
    return poster


def _framed(photo: Image.Image, name: str, back: RGB, colour: bool) -> Image.Image:
    from PIL import Image, ImageDraw

    poster = Image.new("RGB", SIZE, back)
    left, top, _right, _bottom = WINDOW
    picture = photo if colour else _grey(photo)
    mask = Image.new("L", picture.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, picture.size[0] - 1, picture.size[1] - 1), radius=48, fill=255)
    poster.paste(picture, (left, top), mask)
    pen = ImageDraw.Draw(poster)
    pen.rectangle((SIZE[0] // 2 - 200, 1200, SIZE[0] // 2 + 200, 1208), fill=GOLD)
    _name_lines(pen, name, 1320, (255, 255, 255))
    return poster


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    return ("".join(w[0] for w in words[:1] + words[1:][-1:]) or "?").upper()


def text_only(style: str, name: str) -> Image.Image:
    """The poster of a person without a picture: the initials in a ring, the name under them."""
    from PIL import Image, ImageDraw

    back, ink = COLOURS[style]
    accent = GOLD if style.startswith("diiivoy") else CREAM if style == "rainier" else ink
    poster = Image.new("RGB", SIZE, back)
    pen = ImageDraw.Draw(poster)
    centre, radius = (SIZE[0] // 2, 620), 300
    pen.ellipse((centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius),
                outline=accent, width=10)
    letters = _text(_initials(name))
    pen.text(centre, letters, font=fit(letters, 380, 260), fill=accent, anchor="mm")
    _name_lines(pen, name, 1160, ink)
    return poster


def draw(style: str, name: str, photo: bytes | None) -> Image.Image:
    """The person's poster in ``style`` (one of kometa.config.poster_styles.PEOPLE_STYLES)."""
    name = _text(name)
    if photo is None:
        return text_only(style, name)
    if style in ("diiivoy", "diiivoycolor"):
        full = _photo(photo, (WINDOW[2] - WINDOW[0], WINDOW[3] - WINDOW[1]))
        return _framed(full, name, COLOURS[style][0], style == "diiivoycolor")
    picture = _photo(photo, SIZE)
    if style == "rainier":
        return _rainier(picture, name)
    if style == "signature":
        return _signature(picture, name)
    return _bw(picture, name)
