"""Parse the ids a Plex item carries: its ``Guid`` elements and its agent guid.

The new Plex agents list ``<Guid id="imdb://tt0111161"/>``, ``tmdb://278``, ``tvdb://81189``
(the listing includes them with ``includeGuids=1``) and give the item a ``plex://movie/...`` agent
guid. Items matched by the legacy agents have no Guid elements; their agent guid carries the id:
``com.plexapp.agents.imdb://tt0111161?lang=en``, ``com.plexapp.agents.themoviedb://278?lang=en``,
``com.plexapp.agents.thetvdb://81189?lang=en`` (a TVDb episode guid adds ``/1/2``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

LEGACY = {"com.plexapp.agents.imdb": "imdb", "com.plexapp.agents.themoviedb": "tmdb",
          "com.plexapp.agents.thetvdb": "tvdb", "com.plexapp.agents.tmdb": "tmdb", "com.plexapp.agents.tvdb": "tvdb"}
_IMDB = re.compile(r"^tt\d{5,}$")


@dataclass(frozen=True)
class ItemIds:
    """The external ids of one Plex item (None where the listing does not say)."""

    tmdb: int | None = None
    imdb: str | None = None
    tvdb: int | None = None


def _number(text: str) -> int | None:
    head = text.split("/", 1)[0]
    return int(head) if head.isdigit() and int(head) > 0 else None


def parse_guid(guid: str) -> tuple[str, str | int] | None:
    """``("imdb", "tt…")``, ``("tmdb", 278)`` or ``("tvdb", 81189)`` for a guid; None for others."""
    if "://" not in guid:
        return None
    scheme, rest = guid.split("://", 1)
    rest = rest.split("?", 1)[0]
    source = {"imdb": "imdb", "tmdb": "tmdb", "tvdb": "tvdb"}.get(scheme) or LEGACY.get(scheme)
    if source == "imdb":
        value = rest.split("/", 1)[0]
        return ("imdb", value) if _IMDB.match(value) else None
    if source in ("tmdb", "tvdb"):
        number = _number(rest)
        return (source, number) if number is not None else None
    return None


def item_ids(agent_guid: str | None, guids: Iterable[str]) -> ItemIds:
    """The ids of an item from its Guid elements, falling back on a legacy agent guid."""
    found: dict[str, str | int] = {}
    for guid in [*guids, agent_guid or ""]:
        parsed = parse_guid(guid)
        if parsed is not None:
            found.setdefault(parsed[0], parsed[1])
    tmdb, tvdb, imdb = found.get("tmdb"), found.get("tvdb"), found.get("imdb")
    return ItemIds(tmdb=tmdb if isinstance(tmdb, int) else None, imdb=imdb if isinstance(imdb, str) else None,
                   tvdb=tvdb if isinstance(tvdb, int) else None)


def library_index(items: Mapping[int, Mapping[str, Any]]) -> dict[tuple[str, Any], list[int]]:
    """("tmdb", id) / ("imdb", id) / ("tvdb", id) -> the rating keys of the listing's items that carry it
    (from each item's agent ``guid`` and ``guids``; no request)."""
    out: dict[tuple[str, Any], list[int]] = {}
    for rk, item in items.items():
        ids = item_ids(item.get("guid"), item.get("guids") or ())
        for name, value in (("tmdb", ids.tmdb), ("imdb", ids.imdb), ("tvdb", ids.tvdb)):
            if value is not None:
                out.setdefault((name, value), []).append(rk)
    return out
