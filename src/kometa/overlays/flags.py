"""Country flags for the ``languages`` overlay default, drawn by code (``default: flag/<style>/<size>/<cc>``).

Each flag is a simplified drawing from a small description — stripes, a Nordic cross, a disc, a
canton — in the flag's colours; none is copied from anyone's images. A country we have no
description for is drawn as a neutral gray flag carrying its ISO 3166-1 code, so any
``country_<key>`` a user sets still gives a badge. ``round`` flags have rounded corners, ``square``
and ``half`` (Kometa's square flag on a round backdrop) square ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

RGB = tuple[int, int, int]
SIZES = {"small": (60, 40), "big": (90, 60)}
STYLES = ("round", "square", "half")

_R, _W, _B, _G, _Y, _K = (206, 17, 38), (255, 255, 255), (0, 56, 147), (0, 122, 61), (252, 209, 22), (0, 0, 0)
_SKY, _NAVY = (0, 155, 220), (0, 40, 104)
#: code -> (kind, colours): "h"/"v" equal horizontal/vertical stripes, "h3"/"v2"/"v3"/"h5" other band
#: layouts, "cross"/"cross_c" a Nordic/centred cross (field, cross[, inner cross]), "disc" a disc on a
#: field, "taeguk" a two-colour disc, "canton" stripes with a plain upper-left box (stripe a, stripe
#: b, box), "union" the Union Flag (field, white, red)
FLAGS: dict[str, tuple[str, tuple[RGB, ...]]] = {
    "us": ("canton", (_R, _W, (10, 49, 97))), "de": ("h", (_K, (221, 0, 0), (255, 206, 0))),
    "fr": ("v", ((0, 85, 164), _W, (239, 65, 53))), "es": ("h3", ((170, 21, 27), (241, 191, 0))),
    "pt": ("v2", ((4, 106, 56), (218, 41, 28))), "jp": ("disc", (_W, (188, 0, 45))),
    "kr": ("taeguk", (_W, (205, 46, 58), (0, 71, 160))), "cn": ("disc", ((222, 41, 16), (255, 222, 0))),
    "dk": ("cross", ((200, 16, 46), _W)), "ru": ("h", (_W, (0, 57, 166), (213, 43, 30))),
    "it": ("v", ((0, 146, 70), _W, (206, 43, 55))), "in": ("h", ((255, 153, 51), _W, (19, 136, 8))),
    "ir": ("h", ((35, 159, 64), _W, (218, 0, 0))), "th": ("h5", ((165, 25, 49), _W, (45, 42, 74))),
    "nl": ("h", ((174, 28, 40), _W, (33, 70, 139))), "no": ("cross", ((186, 12, 47), _W, (0, 32, 91))),
    "is": ("cross", ((2, 82, 156), _W, (220, 30, 53))), "se": ("cross", ((0, 106, 167), (254, 204, 0))),
    "tr": ("disc", ((227, 10, 23), _W)), "pl": ("h", (_W, (220, 20, 60))),
    "cz": ("h", (_W, (215, 20, 26))), "ua": ("h", ((0, 87, 183), (255, 215, 0))),
    "hu": ("h", ((205, 42, 62), _W, (67, 111, 77))), "eg": ("h", ((206, 17, 38), _W, _K)),
    "bg": ("h", (_W, (0, 150, 110), (214, 38, 18))), "bd": ("disc", ((0, 106, 78), (244, 42, 65))),
    "ba": ("v2", ((0, 35, 149), (254, 203, 0))), "uk": ("union", (_NAVY, _W, (200, 16, 46))),
    "gb": ("union", (_NAVY, _W, (200, 16, 46))), "gr": ("canton", ((13, 94, 175), _W, (13, 94, 175))),
    "ee": ("h", ((0, 114, 206), _K, _W)), "fi": ("cross", (_W, (0, 47, 108))),
    "ph": ("h", ((0, 56, 168), (206, 17, 38))), "il": ("h3", (_W, (0, 56, 184))),
    "hr": ("h", ((255, 0, 0), _W, (23, 23, 150))), "id": ("h", ((255, 0, 0), _W)),
    "ge": ("cross", (_W, (255, 0, 0))), "kz": ("disc", (_SKY, (254, 197, 0))),
    "my": ("canton", ((204, 0, 1), _W, (1, 0, 102))), "ro": ("v", ((0, 43, 127), (252, 209, 22), (206, 17, 38))),
    "sk": ("h", (_W, (11, 78, 162), (238, 28, 37))), "si": ("h", (_W, (0, 93, 164), (237, 28, 36))),
    "al": ("h", ((228, 30, 32),)), "rs": ("h", ((198, 54, 60), (12, 64, 118), _W)),
    "so": ("disc", ((65, 137, 221), _W)), "tz": ("v2", ((30, 181, 58), (0, 163, 221))),
    "pk": ("v2", (_W, (1, 65, 28))), "vn": ("disc", ((218, 37, 29), (255, 255, 0))),
    "ml": ("v", ((20, 181, 58), (252, 209, 22), (206, 17, 38))), "cd": ("h", ((0, 127, 255), (247, 216, 24))),
    "sn": ("v", ((0, 133, 63), (253, 239, 66), (227, 27, 35))), "mx": ("v", ((0, 104, 71), _W, (206, 17, 38))),
    "ca": ("v3", ((216, 6, 33), _W)), "et": ("h", ((7, 137, 48), (252, 221, 9), (218, 18, 26))),
    "za": ("h", ((224, 60, 49), _G, (0, 20, 137))), "lu": ("h", ((237, 41, 57), _W, (0, 161, 222))),
    "bf": ("h", ((239, 43, 45), (0, 158, 73))), "af": ("v", (_K, (190, 0, 0), (0, 122, 54))),
    "mn": ("v", ((196, 39, 47), (1, 92, 163), (196, 39, 47))), "kh": ("h3", ((3, 46, 161), (224, 0, 37))),
    "be": ("v", (_K, (253, 218, 36), (239, 51, 64))), "ie": ("v", ((22, 155, 98), _W, (255, 136, 62))),
    "bo": ("h", ((213, 43, 30), (249, 228, 0), (0, 121, 52))), "la": ("h3", ((206, 17, 38), (0, 40, 104))),
    "ch": ("cross_c", ((218, 41, 28), _W)), "at": ("h", ((200, 16, 46), _W, (200, 16, 46))),
    "br": ("disc", ((0, 156, 59), (255, 223, 0))), "ar": ("h", ((116, 172, 223), _W, (116, 172, 223))),
    "au": ("canton", (_NAVY, _NAVY, _NAVY)), "nz": ("canton", (_NAVY, _NAVY, _NAVY)),
    "ng": ("v", ((0, 135, 81), _W, (0, 135, 81))), "ke": ("h", (_K, (187, 0, 0), (0, 102, 0))),
    "co": ("h3", ((252, 209, 22), (0, 56, 147))), "sa": ("h", ((0, 108, 53),)),
    "lt": ("h", ((253, 185, 19), (0, 106, 68), (193, 39, 45))), "lv": ("h3", ((158, 48, 57), _W)),
    "mk": ("disc", ((206, 32, 39), (248, 233, 43)))
}


def known(code: str) -> bool:
    return code.lower() in FLAGS


def draw(style: str, size: str, code: str) -> Image.Image:
    """The flag of ``code`` (ISO 3166-1 alpha-2; any other text: a gray flag with the text)."""
    from PIL import Image, ImageDraw

    width, height = SIZES[size]
    field = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    pen = ImageDraw.Draw(field)
    kind, colours = FLAGS.get(code.lower(), ("code", ((120, 124, 130), _W)))
    if kind in ("h", "v"):
        n = len(colours)
        for i, colour in enumerate(colours):
            if kind == "h":
                pen.rectangle((0, i * height // n, width, (i + 1) * height // n), fill=colour)
            else:
                pen.rectangle((i * width // n, 0, (i + 1) * width // n, height), fill=colour)
    elif kind == "h3":  # a wide middle band (Spain, Israel, Cambodia, ...): outer, middle
        pen.rectangle((0, 0, width, height), fill=colours[0])
        pen.rectangle((0, height // 4, width, height - height // 4), fill=colours[1])
    elif kind == "h5":  # five bands, the middle one double (Thailand)
        for i, colour in enumerate((colours[0], colours[1], colours[2], colours[2], colours[1], colours[0])):
            pen.rectangle((0, i * height // 6, width, (i + 1) * height // 6), fill=colour)
    elif kind == "v2":  # a narrow hoist band (Portugal, Pakistan, ...)
        pen.rectangle((0, 0, width, height), fill=colours[1])
        pen.rectangle((0, 0, width * 2 // 5, height), fill=colours[0])
    elif kind == "v3":  # two side bands and a wide middle (Canada): side, middle
        pen.rectangle((0, 0, width, height), fill=colours[0])
        pen.rectangle((width // 4, 0, width - width // 4, height), fill=colours[1])
        leaf = height // 5
        pen.rectangle((width // 2 - leaf, height // 2 - leaf, width // 2 + leaf, height // 2 + leaf),
                      fill=colours[0])
    elif kind in ("cross", "cross_c"):  # a Nordic (or centred) cross, optionally with an inner cross
        pen.rectangle((0, 0, width, height), fill=colours[0])
        bar = max(4, height // 5)
        x = width // 2 if kind == "cross_c" else width * 3 // 8
        pen.rectangle((x - bar // 2, 0 if kind == "cross" else height // 5, x + bar // 2,
                       height if kind == "cross" else height - height // 5), fill=colours[1])
        pen.rectangle((0 if kind == "cross" else x - 2 * bar, height // 2 - bar // 2,
                       width if kind == "cross" else x + 2 * bar, height // 2 + bar // 2), fill=colours[1])
        if len(colours) > 2:
            inner = max(2, bar // 2)
            pen.rectangle((x - inner // 2, 0, x + inner // 2, height), fill=colours[2])
            pen.rectangle((0, height // 2 - inner // 2, width, height // 2 + inner // 2), fill=colours[2])
    elif kind == "disc":  # a disc on a field (Japan, Turkey, ...)
        pen.rectangle((0, 0, width, height), fill=colours[0])
        r = height * 3 // 10
        pen.ellipse((width // 2 - r, height // 2 - r, width // 2 + r, height // 2 + r), fill=colours[1])
    elif kind == "taeguk":  # a disc red above, blue below, on white (Korea)
        pen.rectangle((0, 0, width, height), fill=colours[0])
        r = height * 3 // 10
        box = (width // 2 - r, height // 2 - r, width // 2 + r, height // 2 + r)
        pen.pieslice(box, 180, 360, fill=colours[1])
        pen.pieslice(box, 0, 180, fill=colours[2])
    elif kind == "canton":  # stripes and a plain box at the hoist's top (USA, Greece, Malaysia, ...)
        stripes = 7
        for i in range(stripes):
            pen.rectangle((0, i * height // stripes, width, (i + 1) * height // stripes),
                          fill=colours[0] if i % 2 == 0 else colours[1])
        pen.rectangle((0, 0, width * 2 // 5, height * 4 // stripes), fill=colours[2])
    elif kind == "union":  # a blue field, white and red diagonals, a white-bordered red cross
        navy, white, red = colours
        pen.rectangle((0, 0, width, height), fill=navy)
        for line, colour in ((height // 5, white), (height // 12, red)):
            pen.line((0, 0, width, height), fill=colour, width=line)
            pen.line((0, height, width, 0), fill=colour, width=line)
        for bar, colour in ((height // 3, white), (height // 5, red)):
            pen.rectangle((width // 2 - bar // 2, 0, width // 2 + bar // 2, height), fill=colour)
            pen.rectangle((0, height // 2 - bar // 2, width, height // 2 + bar // 2), fill=colour)
    else:  # a country we have no drawing for: its code on gray
        from kometa.overlays.badges import text_on

        pen.rectangle((0, 0, width, height), fill=colours[0])
        text_on(field, code.upper()[:3], (width // 2, height // 2), (int(width * 0.8), int(height * 0.6)), colours[1])
    if style != "round":
        return field
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, width - 1, height - 1), radius=height // 4, fill=255)
    rounded = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    rounded.paste(field, (0, 0), mask)
    return rounded
