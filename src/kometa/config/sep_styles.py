"""The ``sep_style`` names of our default files' separators (Kometa's names) and our own colours for them.

Kept in ``config`` so checking a default's variables (:mod:`kometa.config.defaults`) needs nothing
from the drawing code (:mod:`kometa.defaults.posters`).
"""

from __future__ import annotations

RGB = tuple[int, int, int]

#: ``sep_style`` value -> (background, text and band colour); Kometa's names, our colours
SEPARATOR_STYLES: dict[str, tuple[RGB, RGB]] = {
    "orig": ((22, 24, 30), (236, 190, 72)),
    "amethyst": ((104, 62, 150), (240, 232, 250)),
    "aqua": ((24, 150, 160), (240, 252, 252)),
    "blue": ((30, 72, 160), (236, 242, 255)),
    "stb": ((98, 64, 40), (246, 232, 210)),
    "forest": ((28, 84, 48), (232, 246, 232)),
    "fuchsia": ((176, 30, 130), (255, 236, 248)),
    "gold": ((176, 136, 30), (30, 24, 10)),
    "gray": ((96, 100, 108), (248, 248, 250)),
    "green": ((44, 140, 70), (240, 252, 240)),
    "navy": ((18, 30, 76), (222, 230, 252)),
    "ocean": ((16, 92, 132), (228, 244, 252)),
    "olive": ((104, 108, 40), (248, 248, 226)),
    "orchid": ((178, 100, 186), (255, 244, 255)),
    "pink": ((228, 120, 160), (52, 16, 30)),
    "plum": ((90, 34, 72), (248, 226, 240)),
    "purple": ((84, 40, 140), (240, 232, 255)),
    "red": ((160, 24, 32), (255, 236, 236)),
    "rust": ((156, 68, 28), (255, 238, 226)),
    "salmon": ((236, 128, 108), (48, 18, 12)),
    "sand": ((214, 192, 146), (52, 40, 20)),
    "tan": ((170, 132, 92), (36, 24, 12)),
}


def styles_help() -> str:
    return ", ".join(sorted(SEPARATOR_STYLES))
