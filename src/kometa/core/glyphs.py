"""Text a font can draw. The font Pillow ships (Aileron, used when an overlay names no ``font``)
covers ASCII only: any other character comes out as an empty box. Such characters are replaced by
their compatibility form without accents ("Amélie" -> "Amelie", "…" -> "..."), or by "?" when
there is none, so a poster never shows boxes; fonts that have the glyph draw it as it is."""

from __future__ import annotations

import unicodedata
from typing import Any

_MISSING = "\uffff"  # a noncharacter: every font draws it as its "missing glyph" box
_PUNCTUATION = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                "\u00a0": " "}
_seen: dict[tuple[int, str], bool] = {}


def _mask(font: Any, char: str) -> tuple[Any, bytes]:
    mask = font.getmask(char)
    return mask.size, bytes(list(mask))


def _has(font: Any, char: str) -> bool:
    key = (id(font), char)
    if key not in _seen:
        try:
            _seen[key] = char.isspace() or _mask(font, char) != _mask(font, _MISSING)
        except Exception:  # a bitmap font, or one that cannot say: keep the char as it is
            _seen[key] = True
    return _seen[key]


def drawable(text: str, font: Any) -> str:
    """``text`` with each character ``font`` lacks replaced by a form it has."""
    if text.isascii():
        return text
    out = []
    for char in text:
        if char.isascii() or _has(font, char):
            out.append(char)
            continue
        plain = _PUNCTUATION.get(char) or \
            "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append(plain if plain and all(_has(font, c) for c in plain) else "?")
    return "".join(out)
