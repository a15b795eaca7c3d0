"""Hub visibility per section (``/hubs/sections/SID/manage``): home, recommended, shared.

Each section has an ordered hub list (built-ins first) stored in the store's meta table. A
collection's hub is ``custom.collection.<SID>.<RK>``; POST upserts it (new hubs go last); a hub
with all flags 0 stays listed; DELETE of the list resets to the built-ins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .http import PlexError, empty, endpoint, param, path_int, xml
from .xml import container, element

if TYPE_CHECKING:
    from .app import Sim
    from .model import Item

FLAGS = ("promotedToRecommended", "promotedToOwnHome", "promotedToSharedHome")
_BUILTINS = {
    "movie": [("movie.recentlyadded", "Recently Added Movies"), ("movie.recentlyreleased", "Recently Released Movies"),
              ("movie.inprogress", "Continue Watching"), ("movie.topunwatched", "Top Unplayed Movies")],
    "show": [("tv.recentlyadded", "Recently Added TV"), ("tv.inprogress", "Continue Watching"),
             ("tv.startwatching", "Start Watching"), ("tv.recentlyaired", "Recently Aired")],
}


def _defaults(sim: Sim, sid: int) -> list[dict[str, Any]]:
    kind = sim.store.sections[sid].type
    return [{"identifier": ident, "title": title, "promotedToRecommended": 1, "promotedToOwnHome": 1,
             "promotedToSharedHome": 1, "deletable": 0} for ident, title in _BUILTINS.get(kind, [])]


def _hubs(sim: Sim, sid: int) -> list[dict[str, Any]]:
    if sid not in sim.store.sections:
        raise PlexError(404, f"no library section {sid}")
    hubs = sim.store.meta.get(f"hubs.{sid}")
    if hubs is None:
        hubs = _defaults(sim, sid)
    return [dict(h) for h in hubs]


def _save(sim: Sim, sid: int, hubs: list[dict[str, Any]]) -> None:
    sim.store.set_meta(f"hubs.{sid}", hubs)


def forget(sim: Sim, coll: Item) -> None:
    key = f"hubs.{coll.section}"
    if key in sim.store.meta:
        ident = f"custom.collection.{coll.section}.{coll.rk}"
        _save(sim, coll.section, [h for h in sim.store.meta[key] if h["identifier"] != ident])


def _hub_xml(sim: Sim, sid: int, hub: dict[str, Any]) -> str:
    own, shared = hub["promotedToOwnHome"], hub["promotedToSharedHome"]
    home = "all" if own and shared else "admin" if own else "shared" if shared else "none"
    title = hub["title"]
    rk = hub.get("metadataItemId")
    if rk is not None:
        coll = sim.store.get(rk)
        if coll is not None:
            title = coll.attrs.get("title", title)
    return element("Hub", [
        ("identifier", hub["identifier"]), ("title", title), ("deletable", hub["deletable"]),
        ("homeVisibility", home), ("recommendationsVisibility", "all" if hub["promotedToRecommended"] else "none"),
        *((f, hub[f]) for f in FLAGS), ("promotedSeq", None),
    ])


def _flags(request: Request) -> dict[str, int]:
    out = {}
    for f in FLAGS:
        raw = param(request, f)
        if raw is None:
            continue
        if raw not in ("0", "1"):
            raise PlexError(400, f"{f}={raw!r}: expected 1 or 0")
        out[f] = int(raw)
    return out


def list_hubs(sim: Sim, request: Request) -> Response:
    sid = path_int(request, "sid")
    hubs = _hubs(sim, sid)
    raw = param(request, "metadataItemId")
    if raw is not None:
        if not raw.isdigit():
            raise PlexError(400, f"metadataItemId={raw!r} is not a ratingKey")
        hubs = [h for h in hubs if h.get("metadataItemId") == int(raw)]
    return xml(container([("librarySectionID", sid)], [_hub_xml(sim, sid, h) for h in hubs]))


def upsert(sim: Sim, request: Request) -> Response:
    sid = path_int(request, "sid")
    hubs = _hubs(sim, sid)
    raw = param(request, "metadataItemId")
    if raw is None or not raw.isdigit():
        raise PlexError(400, "metadataItemId= (a collection ratingKey) is required")
    coll = sim.store.get(int(raw))
    if coll is None or coll.type != "collection" or coll.section != sid:
        raise PlexError(400, f"{raw} is not a collection of section {sid}")
    flags = _flags(request)
    ident = f"custom.collection.{sid}.{coll.rk}"
    hub = next((h for h in hubs if h["identifier"] == ident), None)
    if hub is None:
        hub = {"identifier": ident, "title": coll.attrs.get("title"), "metadataItemId": coll.rk,
               "deletable": 1, **{f: 0 for f in FLAGS}}
        hubs.append(hub)
    hub.update(flags)
    _save(sim, sid, hubs)
    return empty()


def _find(hubs: list[dict[str, Any]], ident: str, status: int) -> dict[str, Any]:
    hub = next((h for h in hubs if h["identifier"] == ident), None)
    if hub is None:
        raise PlexError(status, f"no hub {ident!r}")
    return hub


def update(sim: Sim, request: Request) -> Response:
    sid = path_int(request, "sid")
    hubs = _hubs(sim, sid)
    _find(hubs, request.path_params["ident"], 404).update(_flags(request))
    _save(sim, sid, hubs)
    return empty()


def move(sim: Sim, request: Request) -> Response:
    sid = path_int(request, "sid")
    hubs = _hubs(sim, sid)
    hub = _find(hubs, request.path_params["ident"], 400)
    after = param(request, "after")
    hubs.remove(hub)
    if after:
        anchor = _find(hubs, after, 400)
        hubs.insert(hubs.index(anchor) + 1, hub)
    else:
        hubs.insert(0, hub)
    _save(sim, sid, hubs)
    return empty()


def remove(sim: Sim, request: Request) -> Response:
    sid = path_int(request, "sid")
    hubs = _hubs(sim, sid)
    hubs.remove(_find(hubs, request.path_params["ident"], 404))
    _save(sim, sid, hubs)
    return empty()


def reset(sim: Sim, request: Request) -> Response:
    sid = path_int(request, "sid")
    _hubs(sim, sid)
    _save(sim, sid, _defaults(sim, sid))
    return empty()


def routes(sim: Sim) -> list[Route]:
    def r(path: str, fn: Any, methods: list[str]) -> Route:
        return Route(path, endpoint(sim, fn), methods=methods)
    base = "/hubs/sections/{sid}/manage"
    return [
        r(base, list_hubs, ["GET"]), r(base, upsert, ["POST"]), r(base, reset, ["DELETE"]),
        r(base + "/{ident}", update, ["PUT"]), r(base + "/{ident}", remove, ["DELETE"]),
        r(base + "/{ident}/move", move, ["PUT"]),
    ]
