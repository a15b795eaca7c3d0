"""Writing to a Trakt personal list, as Trakt API v2 documents it (OAuth Bearer token required):

* ``POST /users/{user}/lists/{list}/items`` with ``{"movies": [{"ids": {...}}], "shows": [...]}``:
  201 ``{"added": {"movies", "shows", ...}, "existing": {...}, "not_found": {"movies": [the
  objects sent], ...}, "list": {"updated_at", "item_count"}}``; a title already on the list counts
  as existing and is not added twice.
* ``POST /users/{user}/lists/{list}/items/remove``: 200 ``{"deleted": {...}, "not_found": {...},
  "list": {...}}``.
* ``POST /users/{user}/lists/{list}/items/reorder`` with ``{"rank": [list item ids]}``: 200
  ``{"updated": n, "skipped_ids": [ids not on the list], "list": {...}}``; items not named keep
  their order after the named ones.

``user`` is ``me`` or the signed-in user's name (another user's list: 403). A list starts with the
deterministic titles the read routes give it; once written, its titles are kept in
:class:`~metasim.trakt.state.TraktState` (``lists``) and the read routes answer them.
Titles are found by ``tmdb``, ``imdb``, ``tvdb`` (shows) or ``trakt`` id, among the world's titles.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from ..model import TODAY, Title
from .state import error

if TYPE_CHECKING:
    from ..app import Meta

TYPES = ("movies", "shows", "seasons", "episodes", "people")


def list_titles(meta: Meta, lid: int) -> list[Title]:
    """A list's titles in rank order: what was written to it, else its drawn titles."""
    from .routes import _draw

    stored = meta.trakt.lists.get(lid)
    if stored is None:
        return _draw(meta, ("movie", "tv"), "list", lid)
    found = [meta.world.title(kind, tmdb_id) for kind, tmdb_id in stored]
    return [t for t in found if t is not None]


def _find(meta: Meta, kind: str, ids: Any) -> Title | None:
    from .routes import trakt_id

    if not isinstance(ids, dict):
        return None
    world = meta.world
    if ids.get("tmdb") is not None:
        title = world.title(kind, ids["tmdb"])
        return title if title is not None and not title.synthetic else None
    if isinstance(ids.get("imdb"), str):
        title = world.by_imdb(ids["imdb"])
        return title if title is not None and title.kind == kind else None
    if kind == "tv" and ids.get("tvdb") is not None:
        return world.by_tvdb(ids["tvdb"])
    if ids.get("trakt") is not None:
        return next((t for t in world.titles if t.kind == kind and trakt_id(world.seed, t) == ids["trakt"]), None)
    return None


def _list_info(meta: Meta, lid: int) -> dict[str, Any]:
    return {"updated_at": f"{TODAY.isoformat()}T12:00:00.000Z", "item_count": len(list_titles(meta, lid))}


def _target(meta: Meta, request: Request) -> int | Response:
    from .routes import Missing, Refused, _bearer, _list_id

    user = request.path_params["user"]
    try:
        _bearer(meta, request)
        if user != "me" and user.lower() != meta.trakt.username.lower():
            return error(403, "forbidden", "forbidden: only the signed-in user's lists can be changed")
        return _list_id(meta, meta.trakt.username, request.path_params["list"])
    except Refused:
        return error(401, "unauthorised", "invalid_token: a valid OAuth Bearer token is required")
    except Missing:
        return error(404, "not_found")


async def _payload(request: Request) -> dict[str, Any] | None:
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _respond(data: Any, status: int) -> Response:
    return Response(json.dumps(data, separators=(",", ":")), status_code=status, media_type="application/json")


async def change_items(meta: Meta, request: Request) -> Response:
    """Add (``remove`` False) or remove titles."""
    remove = request.url.path.rstrip("/").endswith("/remove")
    lid = _target(meta, request)
    if isinstance(lid, Response):
        return lid
    body = await _payload(request)
    if body is None:
        return error(400, "bad_request", "the body must be a JSON object")
    with meta.trakt._lock:
        current = [(t.kind, t.tmdb_id) for t in list_titles(meta, lid)]
        counts = {name: 0 for name in TYPES}
        existing = {name: 0 for name in TYPES}
        not_found: dict[str, list[Any]] = {name: [] for name in TYPES}
        for name in TYPES:
            entries = body.get(name) or []
            for entry in entries if isinstance(entries, list) else []:
                kind = {"movies": "movie", "shows": "tv"}.get(name)
                title = _find(meta, kind, entry.get("ids") if isinstance(entry, dict) else None) if kind else None
                if title is None:
                    not_found[name].append(entry)
                    continue
                key = (title.kind, title.tmdb_id)
                if remove:
                    if key in current:
                        current.remove(key)
                        counts[name] += 1
                    else:
                        not_found[name].append(entry)
                elif key in current:
                    existing[name] += 1
                else:
                    current.append(key)
                    counts[name] += 1
        meta.trakt.lists[lid] = current
    if remove:
        return _respond({"deleted": counts, "not_found": not_found, "list": _list_info(meta, lid)}, 200)
    return _respond({"added": counts, "existing": existing, "not_found": not_found,
                     "list": _list_info(meta, lid)}, 201)


async def reorder(meta: Meta, request: Request) -> Response:
    from .routes import entry_id

    lid = _target(meta, request)
    if isinstance(lid, Response):
        return lid
    body = await _payload(request)
    rank = body.get("rank") if body is not None else None
    if not isinstance(rank, list):
        return error(400, "bad_request", "rank must be a list of list item ids")
    with meta.trakt._lock:
        titles = list_titles(meta, lid)
        by_id = {entry_id(meta, lid, t): t for t in titles}
        named = [by_id[i] for i in dict.fromkeys(rank) if i in by_id]
        skipped = [i for i in rank if i not in by_id]
        rest = [t for t in titles if t not in named]
        meta.trakt.lists[lid] = [(t.kind, t.tmdb_id) for t in named + rest]
    return _respond({"updated": len(named), "skipped_ids": skipped, "list": _list_info(meta, lid)}, 200)
