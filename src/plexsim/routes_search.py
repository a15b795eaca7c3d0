"""Hub search (``GET /hubs/search?query=..&sectionId=..&limit=..``), as ``plex.search()`` and
``section.hubSearch()`` use it: one ``<Hub>`` per result type, title matches (case- and
accent-insensitive substring), best first (exact, then prefix, then title order)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .filters import fold
from .http import PlexError, endpoint, int_param, param, xml
from .xml import container, element, library_item

if TYPE_CHECKING:
    from .app import Sim

_HUBS = (("movie", "Movies"), ("show", "Shows"), ("season", "Seasons"), ("episode", "Episodes"),
         ("collection", "Collections"))


def hub_search(sim: Sim, request: Request) -> Response:
    query = param(request, "query")
    if not query:
        raise PlexError(400, "query= is required")
    limit = int_param(request, "limit", 10) or 10
    sid = int_param(request, "sectionId")
    if sid is not None and sid not in sim.store.sections:
        raise PlexError(404, f"no library section {sid}")
    needle = fold(query)
    found: dict[str, list[tuple[Any, ...]]] = {t: [] for t, _ in _HUBS}
    for item in sim.store.items.values():
        if item.type not in found or (sid is not None and item.section != sid):
            continue
        title = fold(str(item.attrs.get("title", "")))
        if needle in title:
            rank = 0 if title == needle else 1 if title.startswith(needle) else 2
            found[item.type].append((rank, title, item.rk, item))
    hubs = []
    for kind, title in _HUBS:
        hits = sorted(found[kind], key=lambda h: h[:3])[:limit]
        if not hits:
            continue
        kids = "".join(sim.collections.xml(h[3]) if kind == "collection" else library_item(sim.store, h[3])
                       for h in hits)
        hubs.append(element("Hub", [("title", title), ("type", kind), ("hubIdentifier", kind), ("context", f"hub.{kind}"),
                                    ("size", len(hits)), ("more", 1 if len(found[kind]) > limit else 0),
                                    ("style", "shelf")], kids))
    from .routes_extra import TAG_HUBS, _tag_hub
    for kind, hub_type, title in TAG_HUBS:  # tag hubs: Directory elements of the matching tags
        tags = _tag_hub(sim, kind, needle, sid)[:limit]
        if tags:
            hubs.append(element("Hub", [("title", title), ("type", hub_type), ("hubIdentifier", hub_type),
                                        ("context", f"hub.{hub_type}"), ("size", len(tags)), ("more", 0),
                                        ("style", "shelf")], "".join(tags)))
    return xml(container([], hubs))


def routes(sim: Sim) -> list[Route]:
    return [Route("/hubs/search", endpoint(sim, hub_search), methods=["GET"])]
