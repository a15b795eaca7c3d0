"""``reset_overlays: plex | tmdb`` (or a list, tried in order): where an overlaid item's base poster comes from.

As in Kometa, an item that carries our overlays (or Kometa's: the ``Overlay`` label) takes its
original from the chosen source instead of our backup: ``plex`` is the poster Plex's agent offers
(the first poster of ``/library/metadata/RK/posters`` that is not an upload: uploads are ours or
the user's art), ``tmdb`` is TMDb's poster (a season's poster, an episode's still). Items not yet
overlaid keep their current poster as the original.

Unlike Kometa, a reset does not re-render every poster every run: the base's identity (the Plex
poster's id or TMDb's file path) is remembered, and only a new base is downloaded and rendered.
``tmdb`` costs no request per item once TMDb's answers are cached; ``plex`` costs one listing of
the item's posters per overlaid item per run (Plex offers no listing of them all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kometa.clients.tmdb import image_url
from kometa.plex.snapshot import Item

SOURCES = ("plex", "tmdb")


@dataclass(frozen=True)
class Base:
    """A base poster to fetch: ``source`` is what we remember, ``url`` a Plex path or an absolute URL."""

    source: str  # "plex:<the poster's ratingKey>" or "tmdb:<file path>"
    url: str


def parse_reset(value: Any) -> tuple[str, ...]:
    """``plex``, ``tmdb``, ``[plex, tmdb]`` or ``"plex, tmdb"`` -> the sources in order; ValueError otherwise.
    Empty values (``null``, ``false``, ``[]``) ask for nothing."""
    if value is None or value is False or value == "" or value == []:
        return ()
    parts = value if isinstance(value, list) else str(value).split(",")
    names = [str(p).strip().lower() for p in parts if str(p).strip()]
    for name in names:
        if name not in SOURCES:
            raise ValueError(f"reset_overlays must be plex, tmdb or a list of them (got '{name}')")
    return tuple(dict.fromkeys(names))


def plex_base(photos: Iterable[Mapping[str, str]]) -> Base | None:
    """The first poster Plex offers that is not an upload (``/library/metadata/RK/posters`` entries)."""
    for photo in photos:
        rating_key, key = photo.get("ratingKey") or "", photo.get("key") or ""
        if key and not rating_key.startswith("upload://"):
            return Base(f"plex:{rating_key}", key)
    return None


class BaseFinder:
    """The base poster of an item for the configured sources (first that has one wins)."""

    def __init__(self, order: tuple[str, ...], posters: Callable[[int], list[dict[str, str]]],
                 tmdb: Any = None) -> None:
        self.order = order
        self.posters = posters  # rating key -> its poster entries (one Plex request)
        self.tmdb = tmdb  # a kometa.overlays.facts.TmdbFacts, or None when there is no TMDb

    def find(self, item: Item, level: str) -> Base | None:
        """Raises ServiceError when a source's service cannot be asked (TMDb not configured, down)."""
        for source in self.order:
            if source == "plex":
                found = plex_base(self.posters(item.rating_key))
            else:
                if self.tmdb is None:
                    continue
                path = self.tmdb.poster_path(item, level)
                url = image_url(path)
                found = Base(f"tmdb:{path}", url) if path and url else None
            if found is not None:
                return found
        return None
