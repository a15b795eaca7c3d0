"""The AniDB client, as Kometa reads AniDB: the replacement service that answers AniDB's HTTP API
``anime`` XML (``https://utilities.kometa.wiki/anidb-service/anime/{aid}``; ``KOMETA_ANIDB_URL``
replaces the root), on the shared policy. It needs no key, so the ``anidb:`` section is optional
(``language`` picks the official title, ``cache_expiration`` the days an anime is kept,
``enable_mature`` is sent as ``mature``).

:func:`parse_anime` turns the XML into the record that is cached: ``main_title``, ``titles``
(language -> official title), ``studio`` (the "Animation Work" creator), ``rating`` (permanent),
``average`` (temporary), ``score`` (review), ``released`` (start date) and ``tags`` (name -> weight;
AniDB's main, infobox tags weigh 1001, as Kometa counts them).
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service, ServiceError

API_ROOT = "https://utilities.kometa.wiki/anidb-service"
URL_ENV = "KOMETA_ANIDB_URL"
_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def parse_anime(text: str) -> dict[str, Any]:
    """The cached record of one anime's XML; ServiceError when it is not AniDB's anime XML."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        raise ServiceError("AniDB", "the answer is not AniDB's anime XML") from None
    if root.tag != "anime":
        raise ServiceError("AniDB", "the answer is not AniDB's anime XML")
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


class AnidbClient:
    """AniDB for one run (shared across libraries)."""

    def __init__(self, cache: Cache | None, *, language: str = "en", mature: bool = False, expiration_days: int = 60,
                 base_url: str | None = None, policy: Policy | None = None) -> None:
        self.language = language
        self.mature = mature
        policy = policy or Policy("AniDB", rate=10.0, concurrency=2, expiration_days=expiration_days)
        self.service = Service(policy, base_url or api_root(), cache=cache)

    def anime(self, anidb_id: int) -> dict[str, Any]:
        """One anime's record (see :func:`parse_anime`); NotFound for an id AniDB does not know."""
        return dict(self.service.get(f"/anime/{anidb_id}", {"mature": "true" if self.mature else "false"},
                                     parse=parse_anime))
