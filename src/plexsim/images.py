"""Poster/art images: generated per item with Pillow, uploads (by sha1) and URL references.

``item.images[kind]`` (kind: posters, arts, themes, clearLogos, squareArts) lists
``{ratingKey, key, thumb, provider, selected}``. Until something is uploaded an item has one
generated image per kind; its bytes are drawn on demand (title on a colour derived from the
ratingKey) and cached.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import time
import unicodedata
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from .model import Item

KINDS = {"posters": "thumb", "arts": "art", "themes": "theme", "clearLogos": "clearLogo",
         "squareArts": "squareArt"}
SINGULAR = {"poster": "posters", "art": "arts", "theme": "themes", "clearLogo": "clearLogos",
            "squareArt": "squareArts"}


def _local_key(rk: int, rating_key: str) -> str:
    return f"/library/metadata/{rk}/file?url={quote(rating_key, safe='')}"


def images(item: Item, kind: str) -> list[dict[str, Any]]:
    """The item's image list for ``kind``, seeded with the generated image on first use."""
    found = item.images.get(kind)
    if found is None:
        found = []
        if kind == "posters" or (kind == "arts" and item.type != "collection"):  # no default art for collections
            rating_key = f"metadata://{kind}/plexsim-{item.rk}"
            key = _local_key(item.rk, rating_key)
            found.append({"ratingKey": rating_key, "key": key, "thumb": key, "provider": "plexsim",
                          "selected": 1})
        item.images[kind] = found
    return found


def add_upload(item: Item, kind: str, sha1: str) -> dict[str, Any]:
    rating_key = f"upload://{kind}/{sha1}"
    return _add(item, kind, {"ratingKey": rating_key, "key": _local_key(item.rk, rating_key),
                             "thumb": _local_key(item.rk, rating_key), "provider": None})


def add_url(item: Item, kind: str, url: str) -> dict[str, Any]:
    return _add(item, kind, {"ratingKey": url, "key": url, "thumb": url, "provider": None})


def _add(item: Item, kind: str, entry: dict[str, Any]) -> dict[str, Any]:
    found = images(item, kind)
    existing = next((e for e in found if e["ratingKey"] == entry["ratingKey"]), None)
    if existing is None:
        found.append(entry)
        existing = entry
    select(item, kind, existing)
    return existing


def select(item: Item, kind: str, entry: dict[str, Any]) -> None:
    for e in images(item, kind):
        e["selected"] = 1 if e is entry else 0
    field = KINDS[kind]
    if field not in item.locked:
        item.locked.append(field)
    old = str(item.attrs.get(field, "")).rsplit("/", 1)[-1]
    stamp = int(time.time())
    if old.isdigit() and int(old) >= stamp:
        stamp = int(old) + 1
    item.attrs[field] = f"/library/metadata/{item.rk}/{field}/{stamp}"


def selected(item: Item, kind: str) -> dict[str, Any] | None:
    return next((e for e in images(item, kind) if e.get("selected")), None)


@lru_cache(maxsize=512)
def generated(seed: str, title: str, width: int = 200, height: int = 300) -> bytes:
    """A small JPEG: a colour from ``seed`` with the title written on it."""
    from PIL import Image, ImageDraw

    digest = hashlib.sha1(seed.encode()).digest()
    r, g, b = colorsys.hsv_to_rgb(digest[0] / 255, 0.45 + digest[1] / 1000, 0.35 + digest[2] / 600)
    img = Image.new("RGB", (width, height), (int(r * 255), int(g * 255), int(b * 255)))
    draw = ImageDraw.Draw(img)
    draw.rectangle([8, 8, width - 9, height - 9], outline=(255, 255, 255), width=2)
    words, lines, line = title.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > 18 and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    for n, text in enumerate(lines[:6]):  # Pillow's built-in font is ASCII only: "Amélie" is drawn "Amelie"
        plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        draw.text((16, 24 + 16 * n), "".join(c if c.isascii() else "?" for c in plain), fill=(255, 255, 255))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()
