"""Collection routes: create, details, children, add/remove/move, prefs, smart filter, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .http import PlexError, empty, endpoint, int_param, pairs, param, path_int, xml
from .xml import container, section_pairs

if TYPE_CHECKING:
    from .app import Sim
    from .model import Item


def _coll(sim: Sim, request: Request) -> Item:
    rk = path_int(request, "rk")
    item = sim.store.get(rk)
    if item is None or item.type != "collection":
        raise PlexError(404, f"no collection {rk}")
    return item


def create(sim: Sim, request: Request) -> Response:
    sid = int_param(request, "sectionId")
    type_num = int_param(request, "type")
    title = param(request, "title")
    smart = param(request, "smart") or "0"
    uri = param(request, "uri")
    if sid is None or type_num is None or not title or uri is None or smart not in ("0", "1"):
        raise PlexError(400, "create needs sectionId, type, title, smart=0|1 and uri")
    coll = sim.collections.create(sid, title, smart == "1", type_num, uri)
    return xml(container(section_pairs(sim.store, sid)[:3], [sim.collections.xml(coll)]))


def details(sim: Sim, request: Request) -> Response:
    coll = _coll(sim, request)
    prefs = param(request, "includePreferences") == "1"
    return xml(container(section_pairs(sim.store, coll.section)[:3], [sim.collections.xml(coll, prefs=prefs)]))


def children(sim: Sim, request: Request) -> Response:
    return sim.collections.children_response(_coll(sim, request), request)


def add_items(sim: Sim, request: Request) -> Response:
    coll = _coll(sim, request)
    uri = param(request, "uri")
    if not uri:
        raise PlexError(400, "uri= is required")
    sim.collections.update_filters(coll, uri)
    return xml(container(section_pairs(sim.store, coll.section)[:3], [sim.collections.xml(coll)]))


def remove_item(sim: Sim, request: Request) -> Response:
    coll = _coll(sim, request)
    sim.collections.remove_item(coll, path_int(request, "item"))
    return empty()


def move_item(sim: Sim, request: Request) -> Response:
    coll = _coll(sim, request)
    sim.collections.move(coll, path_int(request, "item"), int_param(request, "after"))
    return empty()


def prefs(sim: Sim, request: Request) -> Response:
    sim.collections.set_prefs(_coll(sim, request), pairs(request))
    return empty()


def delete(sim: Sim, request: Request) -> Response:
    sim.collections.delete(_coll(sim, request))
    return empty()


def routes(sim: Sim) -> list[Route]:
    def r(path: str, fn: Any, methods: list[str]) -> Route:
        return Route(path, endpoint(sim, fn), methods=methods)
    return [
        r("/library/collections", create, ["POST"]),
        r("/library/collections/{rk}", details, ["GET"]),
        r("/library/collections/{rk}", delete, ["DELETE"]),
        r("/library/collections/{rk}/children", children, ["GET"]),
        r("/library/collections/{rk}/items", add_items, ["PUT"]),
        r("/library/collections/{rk}/items/{item}", remove_item, ["DELETE"]),
        r("/library/collections/{rk}/items/{item}/move", move_item, ["PUT"]),
        r("/library/collections/{rk}/prefs", prefs, ["PUT"]),
    ]
