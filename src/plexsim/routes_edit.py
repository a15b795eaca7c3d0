"""Write routes for library items: field/tag edits, preferences, play state, rating, delete, stubs."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import edits
from .http import PlexError, empty, endpoint, int_param, pairs, param, path_int, path_item
from .model import SECTION_LEVELS, TYPE_NAMES, Item

if TYPE_CHECKING:
    from .app import Sim


def edit_section_items(sim: Sim, request: Request) -> Response:
    sid = path_int(request, "sid")
    store = sim.store
    if sid not in store.sections:
        raise PlexError(404, f"no library section {sid}")
    params = pairs(request)
    type_num = int_param(request, "type")
    raw_ids = param(request, "id")
    if raw_ids:
        try:
            rks = [int(x) for x in raw_ids.split(",") if x]
        except ValueError:
            raise PlexError(400, f"invalid id list {raw_ids!r}") from None
        targets = []
        for rk in rks:
            item = store.get(rk)
            if item is None or item.section != sid:
                raise PlexError(404, f"no item {rk} in section {sid}")
            targets.append(item)
    else:
        if type_num is None:
            raise PlexError(400, "an edit needs id= or type=")
        level = TYPE_NAMES.get(type_num)
        if level == "collection":
            targets = sim.collections.in_section(sid)
        elif level in SECTION_LEVELS[store.sections[sid].type]:
            targets = store.section_items(sid, level)
        else:
            raise PlexError(400, f"type {type_num} is not valid for section {sid}")
    if type_num is not None:
        want = TYPE_NAMES.get(type_num)
        if want is None:
            raise PlexError(400, f"unknown type {type_num}")
        wrong = [t.rk for t in targets if t.type != want]
        if wrong:
            raise PlexError(400, f"items {wrong} are not of type {want}")
    if sim.token is None and any(k.startswith("editionTitle.") for k, _v in params):
        raise PlexError(400, "editions are a Plex Pass feature (an anonymous, unclaimed server has none)")
    for t in targets:
        edits.validate(params, t.type)
    for t in targets:
        edits.apply(sim, t, params)
    return empty()


def item_prefs(sim: Sim, request: Request) -> Response:
    item = path_item(sim, request)
    if item.type == "collection":
        sim.collections.set_prefs(item, pairs(request))
        return empty()
    edits.set_prefs(item, pairs(request))
    sim.store.save(item)
    return empty()


def _key_item(sim: Sim, request: Request) -> Item:
    raw = param(request, "key")
    if raw is None or not raw.isdigit():
        raise PlexError(400, f"key={raw!r}: expected a ratingKey")
    item = sim.store.get(int(raw))
    if item is None:
        raise PlexError(404, f"no item {raw}")
    return item


def _targets(sim: Sim, item: Item) -> list[Item]:
    if item.type in ("show", "season"):
        return [item, *sim.store.leaves(item)]
    if item.type in ("movie", "episode"):
        return [item]
    raise PlexError(400, f"a {item.type} cannot be played")


def scrobble(sim: Sim, request: Request) -> Response:
    now = int(time.time())
    for t in _targets(sim, _key_item(sim, request)):
        if t.type in ("movie", "episode"):
            t.attrs["viewCount"] = int(t.attrs.get("viewCount", 0)) + 1
            t.attrs["lastViewedAt"] = now
            t.attrs.pop("viewOffset", None)
        sim.store.save(t)
    return empty()


def unscrobble(sim: Sim, request: Request) -> Response:
    for t in _targets(sim, _key_item(sim, request)):
        t.attrs.pop("viewCount", None)
        t.attrs.pop("lastViewedAt", None)
        t.attrs.pop("viewOffset", None)
        sim.store.save(t)
    return empty()


def rate(sim: Sim, request: Request) -> Response:
    item = _key_item(sim, request)
    raw = param(request, "rating")
    try:
        value = float(raw) if raw is not None else None
    except ValueError:
        value = None
    if value is None or not (value == -1 or 0 <= value <= 10):
        raise PlexError(400, f"rating={raw!r}: expected 0-10 or -1")
    if value == -1:
        item.attrs.pop("userRating", None)
        item.attrs.pop("lastRatedAt", None)
    else:
        item.attrs["userRating"] = value
        item.attrs["lastRatedAt"] = int(time.time())
    sim.store.save(item)
    return empty()


def delete_item(sim: Sim, request: Request) -> Response:
    item = path_item(sim, request)
    if item.type == "collection":
        sim.collections.delete(item)
        return empty()
    if item.type == "playlist":
        raise PlexError(400, "delete playlists with DELETE /playlists/RK")
    doomed = {item.rk, *(i.rk for i in sim.store.leaves(item)), *(k.rk for k in sim.store.kids(item.rk))}
    for coll in list(sim.store.by_type["collection"].values()):
        order = coll.extra.get("order", [])
        if any(rk in doomed for rk in order):
            coll.extra["order"] = [rk for rk in order if rk not in doomed]
            sim.store.save(coll)
    sim.playlists.forget(doomed)
    sim.store.remove(item.rk)
    return empty()


def stub(sim: Sim, request: Request) -> Response:
    if "rk" in request.path_params:
        path_item(sim, request)
    if "sid" in request.path_params:
        sid = path_int(request, "sid")
        if sid not in sim.store.sections:
            raise PlexError(404, f"no library section {sid}")
    return empty()


def routes(sim: Sim) -> list[Route]:
    def r(path: str, fn: Any, methods: list[str]) -> Route:
        return Route(path, endpoint(sim, fn), methods=methods)
    return [
        r("/library/sections/all/refresh", stub, ["GET", "DELETE"]),
        r("/library/sections/{sid}/all", edit_section_items, ["PUT"]),
        r("/library/sections/{sid}/refresh", stub, ["GET", "DELETE"]),
        r("/library/sections/{sid}/analyze", stub, ["PUT"]),
        r("/library/sections/{sid}/emptyTrash", stub, ["PUT"]),
        r("/library/clean/bundles", stub, ["PUT"]), r("/library/optimize", stub, ["PUT"]),
        r("/library/metadata/{rk}/prefs", item_prefs, ["PUT"]),
        r("/library/metadata/{rk}/refresh", stub, ["PUT"]), r("/library/metadata/{rk}/analyze", stub, ["PUT"]),
        r("/library/metadata/{rk}", delete_item, ["DELETE"]),
        r("/:/scrobble", scrobble, ["GET", "PUT"]), r("/:/unscrobble", unscrobble, ["GET", "PUT"]),
        r("/:/rate", rate, ["GET", "PUT"]),
    ]
