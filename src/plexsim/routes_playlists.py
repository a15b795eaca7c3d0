"""Playlist routes: create, list, details, items, add/remove/move, edit, smart filter, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import edits
from .filters import fold
from .http import PlexError, empty, endpoint, int_param, page, pairs, param, path_int, xml
from .xml import container, library_item

if TYPE_CHECKING:
    from .app import Sim
    from .model import Item


def _pl(sim: Sim, request: Request) -> Item:
    rk = path_int(request, "rk")
    item = sim.store.get(rk)
    if item is None or item.type != "playlist" or item.extra.get("owner", 0) != _owner(request):
        raise PlexError(404, f"no playlist {rk}")  # another user's playlist is not there for the caller
    return item


def _owner(request: Request) -> int:
    return int(getattr(request.state, "plex_user", 0) or 0)


def create(sim: Sim, request: Request) -> Response:
    title, uri = param(request, "title"), param(request, "uri")
    smart = param(request, "smart") or "0"
    if not title or uri is None or smart not in ("0", "1"):
        raise PlexError(400, "create needs title, smart=0|1 and uri")
    pl = sim.playlists.create(title, smart == "1", param(request, "type") or "video", uri, _owner(request))
    return xml(container([], [sim.playlists.xml(pl)]))


def list_playlists(sim: Sim, request: Request) -> Response:
    pls = sorted(sim.playlists.all(_owner(request)), key=lambda p: (p.attrs.get("titleSort") or p.attrs["title"]).casefold())
    ptype = param(request, "playlistType")
    if ptype:
        pls = [p for p in pls if p.extra.get("playlistType") == ptype]
    sid = int_param(request, "sectionID")
    if sid is not None:
        pls = [p for p in pls if p.extra.get("sectionID") == sid
               or any(i.section == sid for _e, i in sim.playlists.entries(p))]
    title = param(request, "title")
    if title:
        pls = [p for p in pls if fold(title) in fold(p.attrs.get("title", ""))]
    chunk, info = page(pls, request)
    return xml(container(list(info.items()), [sim.playlists.xml(p) for p in chunk]))


def details(sim: Sim, request: Request) -> Response:
    return xml(container([], [sim.playlists.xml(_pl(sim, request))]))


def items(sim: Sim, request: Request) -> Response:
    pl = _pl(sim, request)
    entries = sim.playlists.entries(pl)
    chunk, info = page(entries, request)
    guids = param(request, "includeGuids") == "1"
    store = sim.store
    kids = []
    for n, (piid, item) in enumerate(chunk, start=info["offset"]):
        extra = [("playlistItemID", piid if piid is not None else 1_000_000 + n),
                 ("librarySectionID", item.section),
                 ("librarySectionTitle", store.sections[item.section].title)]
        kids.append(library_item(store, item, guids=guids, extra=extra))
    head = [*info.items(), ("leafCount", len(entries)), ("playlistType", pl.extra.get("playlistType")),
            ("ratingKey", pl.rk), ("title", pl.attrs.get("title")), ("smart", 1 if pl.extra.get("smart") else 0)]
    return xml(container(head, kids))


def add_items(sim: Sim, request: Request) -> Response:
    pl = _pl(sim, request)
    uri = param(request, "uri")
    if not uri:
        raise PlexError(400, "uri= is required")
    sim.playlists.update_filters(pl, uri)
    return xml(container([], [sim.playlists.xml(pl)]))


def remove_item(sim: Sim, request: Request) -> Response:
    sim.playlists.remove(_pl(sim, request), path_int(request, "piid"))
    return empty()


def move_item(sim: Sim, request: Request) -> Response:
    sim.playlists.move(_pl(sim, request), path_int(request, "piid"), int_param(request, "after"))
    return empty()


def edit(sim: Sim, request: Request) -> Response:
    pl = _pl(sim, request)
    params = pairs(request)
    edits.validate(params, "playlist")
    edits.apply(sim, pl, params)
    return empty()


def delete(sim: Sim, request: Request) -> Response:
    sim.store.remove(_pl(sim, request).rk)
    return empty()


def routes(sim: Sim) -> list[Route]:
    def r(path: str, fn: Any, methods: list[str]) -> Route:
        return Route(path, endpoint(sim, fn), methods=methods)
    return [
        r("/playlists", list_playlists, ["GET"]), r("/playlists", create, ["POST"]),
        r("/playlists/{rk}", details, ["GET"]), r("/playlists/{rk}", edit, ["PUT"]),
        r("/playlists/{rk}", delete, ["DELETE"]),
        r("/playlists/{rk}/items", items, ["GET"]), r("/playlists/{rk}/items", add_items, ["PUT"]),
        r("/playlists/{rk}/items/{piid}", remove_item, ["DELETE"]),
        r("/playlists/{rk}/items/{piid}/move", move_item, ["PUT"]),
    ]
