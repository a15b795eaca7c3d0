"""The AniDB client, as Kometa reads AniDB: the replacement service that answers AniDB's HTTP API
``anime`` XML (``https://utilities.kometa.wiki/anidb-service/anime/{aid}``; ``KOMETA_ANIDB_URL``
replaces the root), on the shared policy. It needs no key, so the ``anidb:`` section is optional
(``language`` picks the official title, ``cache_expiration`` the days an anime is kept,
``enable_mature`` is sent as ``mature``).

:func:`parse_anime` turns the XML into the record that is cached: ``main_title``, ``titles``
(language -> official title), ``studio`` (the "Animation Work" creator), ``rating`` (permanent),
``average`` (temporary), ``score`` (review), ``released`` (start date) and ``tags`` (name -> weight;
AniDB's main, infobox tags weigh 1001, as Kometa counts them).

The builders ask the same service for more: :meth:`AnidbClient.related` (the ``<relatedanime>`` of
an anime's XML), :meth:`AnidbClient.tag` (``/tags/{tag_id}?limit=``: the anime of a tag, heaviest
first) and :meth:`AnidbClient.tag_names` (``/search/tags?tags=a,b&min_weight=``: the anime with
the most of those tags first, at most 100). Kometa's older ``anidb_popular`` reads AniDB's own site
(``https://anidb.net/latest/anime/popular/?h=1``; ``KOMETA_ANIDB_WEB_URL`` replaces the root):
:meth:`AnidbClient.popular`. Tag searches and the popular page change daily: they are kept for
``Policy.list_expiration_hours``.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service, ServiceError

API_ROOT = "https://utilities.kometa.wiki/anidb-service"
URL_ENV = "KOMETA_ANIDB_URL"
WEB_ROOT = "https://anidb.net"
WEB_ENV = "KOMETA_ANIDB_WEB_URL"
_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


def web_root() -> str:
    return (os.environ.get(WEB_ENV) or WEB_ROOT).rstrip("/")


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _root(text: str) -> ET.Element:
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        raise ServiceError("AniDB", "the answer is not AniDB's anime XML") from None
    if root.tag != "anime":
        raise ServiceError("AniDB", "the answer is not AniDB's anime XML")
    return root


def parse_anime(text: str) -> dict[str, Any]:
    """The cached record of one anime's XML; ServiceError when it is not AniDB's anime XML."""
    root = _root(text)
    titles = root.findall("titles/title")
    main = next((t.text for t in titles if t.get("type") == "main" and t.text), None)
    tags: dict[str, int] = {}
    for tag in root.findall("tags/tag"):
        name = tag.findtext("name")
        weight = tag.get("weight") or "0"
        if name:
            tags[name] = 1001 if tag.get("infobox") == "true" else int(weight) if weight.isdigit() else 0
    studio = next((n.text for n in root.findall("creators/name") if n.get("type") == "Animation Work" and n.text),
                  None)
    return {"anidb_id": root.get("id"), "main_title": main,
            "titles": {t.get(_LANG): t.text for t in titles if t.get("type") == "official" and t.text},
            "studio": studio, "rating": _float(root.findtext("ratings/permanent")),
            "average": _float(root.findtext("ratings/temporary")), "score": _float(root.findtext("ratings/review")),
            "released": (root.findtext("startdate") or "")[:10] or None, "tags": tags}


def parse_related(text: str) -> list[int]:
    """The AniDB ids of an anime XML's ``<relatedanime>``."""
    root = _root(text)
    return [int(str(a.get("id"))) for a in root.findall("relatedanime/anime") if str(a.get("id")).isdigit()]


class _Popular(HTMLParser):
    """The anime of AniDB's popular page: the links of its ``td.thumb.anime`` cells, with the titles
    of the ``td.name.main.anime`` cells."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, Any]] = []
        self._cell: str | None = None
        self._link: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "td":
            classes = (a.get("class") or "").split()
            self._cell = "thumb" if {"thumb", "anime"} <= set(classes) else \
                "name" if {"name", "anime"} <= set(classes) else None
        elif tag == "a" and self._cell is not None:
            match = re.search(r"/anime/(\d+)", a.get("href") or "")
            self._link = int(match.group(1)) if match else None
            if self._link is not None and self._cell == "thumb" and \
                    all(f["anidb_id"] != self._link for f in self.found):
                self.found.append({"anidb_id": self._link, "title": None})

    def handle_data(self, data: str) -> None:
        if self._cell == "name" and self._link is not None and data.strip():
            for f in self.found:
                if f["anidb_id"] == self._link and not f["title"]:
                    f["title"] = data.strip()

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None
        elif tag == "a":
            self._link = None


def parse_popular(text: str) -> list[dict[str, Any]]:
    """``[{anidb_id, title}]`` of AniDB's popular page, in its order; ValueError for another page."""
    reader = _Popular()
    reader.feed(text)
    if not reader.found and "animelist" not in text:
        raise ValueError("not AniDB's popular anime page")
    return reader.found


def _results(answer: Any, what: str) -> list[int]:
    results = answer.get("results") if isinstance(answer, dict) else None
    if not isinstance(results, list):
        raise ServiceError("AniDB", f"{what}: the answer has no results")
    return [int(r["aid"]) for r in results if isinstance(r, dict) and isinstance(r.get("aid"), int)]


class AnidbClient:
    """AniDB for one run (shared across libraries)."""

    def __init__(self, cache: Cache | None, *, language: str = "en", mature: bool = False, expiration_days: int = 60,
                 base_url: str | None = None, policy: Policy | None = None) -> None:
        self.language = language
        self.mature = mature
        policy = policy or Policy("AniDB", rate=10.0, concurrency=2, expiration_days=expiration_days)
        self.service = Service(policy, base_url or api_root(), cache=cache)
        self.web = Service(Policy("AniDB (site)", rate=0.5, concurrency=1, expiration_days=expiration_days),
                           web_root(), cache=cache)

    def anime(self, anidb_id: int) -> dict[str, Any]:
        """One anime's record (see :func:`parse_anime`); NotFound for an id AniDB does not know."""
        return dict(self.service.get(f"/anime/{anidb_id}", {"mature": "true" if self.mature else "false"},
                                     parse=parse_anime))

    def _mature(self) -> dict[str, str]:
        return {"mature": "true" if self.mature else "false"}

    def related(self, anidb_id: int) -> list[int]:
        """The AniDB ids AniDB lists as related to an anime; NotFound for an unknown id."""
        return list(self.service.get(f"/anime/{anidb_id}", self._mature(), parse=parse_related, variant="related"))

    def tag(self, tag_id: int, limit: int) -> list[int]:
        """The anime (AniDB ids) of the tag, heaviest first, at most ``limit`` (1-1000)."""
        answer = self.service.get(f"/tags/{tag_id}", {"limit": limit, **self._mature()}, revalidate=True)
        return _results(answer, f"tag {tag_id}")

    def tag_names(self, names: list[str], min_weight: int) -> list[int]:
        """The anime (AniDB ids) with any of the tags at ``min_weight``, the most matching first."""
        answer = self.service.get("/search/tags", {"tags": ",".join(names), "min_weight": min_weight,
                                                   **self._mature()}, revalidate=True)
        return _results(answer, f"tags {', '.join(names)}")

    def popular(self) -> list[dict[str, Any]]:
        """AniDB's popular anime (``anidb_id``, ``title``), in the page's order."""
        return list(self.web.get("/latest/anime/popular/", {"h": 1}, parse=parse_popular, revalidate=True))
