"""The ``style`` names of our collection defaults' drawn posters (Kometa's names, our own treatments).

A default that draws styled posters says which set it takes in its ``default_info``
(``styles: people``); its ``style`` template variable must then be one of the set's names (the first
is the default). Kept in ``config`` so checking a default's variables needs nothing from the drawing
code (:mod:`kometa.defaults.portraits`).
"""

from __future__ import annotations

#: set name -> (style names, the default first); what each looks like: docs/defaults.md
STYLE_SETS: dict[str, tuple[str, ...]] = {
    "people": ("bw", "rainier", "signature", "diiivoy", "diiivoycolor"),
    "chart": ("color", "white"),
}
PEOPLE_STYLES = STYLE_SETS["people"]


def styles_help(kind: str) -> str:
    names = STYLE_SETS[kind]
    return ", ".join(f"{n} (default)" if i == 0 else n for i, n in enumerate(names))
