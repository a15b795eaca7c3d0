"""The plex.tv watchlist client: the watchlist of the account a Plex token belongs to, and the
online metadata (external ids) of its items, read through the shared policy.

The watchlist is ``{DISCOVER}/library/sections/watchlist/all`` (python-plexapi's
``MyPlexAccount.watchlist``: ``type`` 1 movies / 2 shows, ``sort`` ``watchlistedAt``, ``titleSort``,
``originallyAvailableAt``, ``rating`` with ``:asc``/``:desc``, ``includeCollections=1``,
``includeExternalMedia=1``), read 100 items a page (``X-Plex-Container-Start``/``-Size``); an item's
ids are the ``<Guid>`` elements of ``{METADATA}/library/metadata/{ratingKey}``. ``KOMETA_PLEX_DISCOVER_URL``
replaces ``https://discover.provider.plex.tv`` and ``KOMETA_PLEX_METADATA_URL``
``https://metadata.provider.plex.tv`` (plexsim's ``<url>/_discover`` and ``<url>/_metadata``).

The token is sent as the ``X-Plex-Token`` header (never in the cache's keys: the watchlist's cache
entries are kept apart per account by a digest of it). The watchlist changes any time, so it is kept
for ``Policy.list_expiration_hours``; an item's ids never change and are kept for ``cache_expiration`` days.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from typing import Any
from xml.etree import ElementTree

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service

DISCOVER_ROOT = "https://discover.provider.plex.tv"
DISCOVER_ENV = "KOMETA_PLEX_DISCOVER_URL"
METADATA_ROOT = "https://metadata.provider.plex.tv"
METADATA_ENV = "KOMETA_PLEX_METADATA_URL"
PAGE = 100
MAX_PAGES = 100


def _xml(text: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(text)
    except ElementTree.ParseError:
        raise ValueError("not XML") from None


def parse_page(text: str) -> dict[str, Any]:
    """A watchlist page: ``{"items": [{ratingKey, guid, type, title, year}], "total": N}``."""
    root = _xml(text)
    items = [{k: el.attrib.get(k) for k in ("ratingKey", "guid", "type", "title", "year")}
             for el in root if el.tag in ("Video", "Directory") and el.attrib.get("ratingKey")]
    total = root.attrib.get("totalSize") or root.attrib.get("size") or "0"
    return {"items": items, "total": int(total) if total.isdigit() else len(items)}


def parse_guids(text: str) -> list[str]:
    """The ``<Guid id>`` values of a metadata item (``imdb://tt…``, ``tmdb://…``, ``tvdb://…``)."""
    return [g.attrib["id"] for g in _xml(text).iter("Guid") if g.attrib.get("id")]


class PlexWatchlistClient:
    def __init__(self, token: str, cache: Cache | None, *, expiration_days: int = 60,
                 policy: Policy | None = None) -> None:
        policy = policy or Policy("Plex Discover", rate=10.0, concurrency=4, expiration_days=expiration_days)
        self.service = Service(policy, (os.environ.get(DISCOVER_ENV) or DISCOVER_ROOT).rstrip("/"), cache=cache)
        self.metadata = Service(replace(policy, name="Plex Metadata"),
                                (os.environ.get(METADATA_ENV) or METADATA_ROOT).rstrip("/"), cache=cache)
        for service in (self.service, self.metadata):
            service.session.headers.update({"X-Plex-Token": token, "Accept": "application/xml",
                                            "X-Plex-Product": "kometa", "X-Plex-Client-Identifier": "kometa"})
        self.account = hashlib.sha256(token.encode()).hexdigest()[:16]

    def watchlist(self, libtype: str | None, sort: str) -> list[dict[str, Any]]:
        """The account's watchlist items (``libtype`` movie/show/None), in plex.tv's ``sort`` order."""
        params: dict[str, Any] = {"includeCollections": 1, "includeExternalMedia": 1, "sort": sort,
                                  "X-Plex-Container-Size": PAGE}
        if libtype:
            params["type"] = 1 if libtype == "movie" else 2
        out: list[dict[str, Any]] = []
        for page in range(MAX_PAGES):
            answer = self.service.get("/library/sections/watchlist/all", {**params, "X-Plex-Container-Start": page * PAGE},
                                      revalidate=True, parse=parse_page, variant=self.account)
            rows = answer.get("items") or []
            out += rows
            if len(rows) < PAGE or len(out) >= int(answer.get("total") or 0):
                break
        return out

    def ids(self, rating_key: str) -> list[str]:
        """The external ids (``imdb://…``, ``tmdb://…``, ``tvdb://…``) plex.tv knows for an item."""
        return list(self.metadata.get(f"/library/metadata/{rating_key}", parse=parse_guids))
