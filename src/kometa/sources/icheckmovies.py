"""The ICheckMovies builders (movie libraries): ``icheckmovies_list`` and
``icheckmovies_list_details`` (which also sets the summary from the first list's description).

The value is a list URL (``https://www.icheckmovies.com/lists/SLUG/``), several as a list or a
comma-separated string; another address is a located error, as in Kometa. Each movie names its
IMDb id and is matched to the library from the listing's guids; the rest are missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kometa.clients.icheckmovies import IcheckmoviesClient
from kometa.clients.policy import NotFound
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher
from kometa.sources.tmdb import TmdbBuilt

BASE = "https://www.icheckmovies.com/lists/"
_LIST = re.compile(r"^https://www\.icheckmovies\.com/lists/([^/?#\s]+)/?(?:[?#].*)?$")


def parse_lists(key: str, value: Any) -> list[str]:
    """The slugs of the list URLs ``value`` names."""
    entries = value if isinstance(value, list) else [value]
    out: list[str] = []
    for entry in entries:
        if not isinstance(entry, str):
            raise ConditionError(f"{key}: expected an ICheckMovies list URL ({BASE}…), got {entry!r}")
        for part in (p.strip() for p in entry.split(",")):
            if not part:
                continue
            match = _LIST.match(part)
            if not match:
                raise ConditionError(f"{key}: {part} must begin with {BASE} (an ICheckMovies list URL)")
            out.append(match.group(1))
    if not out:
        raise ConditionError(f"{key} has no value (an ICheckMovies list URL)")
    return out


class IcheckmoviesSource:
    def __init__(self, client: Callable[[], IcheckmoviesClient], snapshot: Snapshot) -> None:
        self._client = client
        self.snapshot = snapshot
        self.matcher = Matcher(snapshot)

    def list_description(self, key: str, value: Any) -> str:
        """``icheckmovies_description``: the description of the first ICheckMovies list ``value`` names."""
        slug = parse_lists(key, value)[0]
        try:
            return str(self._client().list_page(slug).get("description") or "")
        except NotFound:
            raise ConditionError(f"{key}: ICheckMovies has no list {slug}") from None

    def build(self, key: str, value: Any) -> TmdbBuilt:
        slugs = parse_lists(key, value)
        if self.snapshot.item_type != "movie":
            raise ConditionError(f"{key} works in movie libraries only (ICheckMovies lists hold movies)")
        client = self._client()
        out = TmdbBuilt()
        seen: set[str] = set()
        for n, slug in enumerate(slugs):
            try:
                page = client.list_page(slug)
            except NotFound:
                raise ConditionError(f"{key}: ICheckMovies has no list {slug}") from None
            if not page.get("imdb"):
                raise ConditionError(f"{key}: the ICheckMovies list {slug} has no movies (or could not be read)")
            if n == 0 and key.endswith("_details") and page.get("description"):
                out.details["summary"] = str(page["description"])
            for imdb in page["imdb"]:
                if imdb in seen:
                    continue
                seen.add(imdb)
                self.matcher.place(out, (("imdb", imdb),), f"{imdb} [icheckmovies {slug}]", None, None, imdb=imdb)
        return out
