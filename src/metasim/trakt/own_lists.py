"""The signed-in user's own Trakt lists, which a client can change (``sync_to_trakt_list``), in
Trakt's shapes; all need the Bearer token (user ``me`` or the user's name):

* ``GET /users/me/lists``: the user's lists ``[{name, ids: {trakt, slug}, item_count, ...}]``.
* ``GET /users/me/lists/{slug}`` and ``.../items[/{type}]``: an own list as it is now (another
  slug is any user's generated list, :mod:`metasim.trakt.routes`).
* ``POST /users/me/lists/{slug}/items`` ``{"movies": [{"ids": {"tmdb": N}}], "shows": [{"ids":
  {"tvdb": N}}]}``: appended (a title found by its ``tmdb``, ``imdb`` or ``tvdb`` id); answers
  ``{"added": {...}, "existing": {...}, "not_found": {...}, "list": {"item_count"}}``.
* ``POST .../items/remove`` (same body): ``{"deleted": {...}, "not_found": {...}, "list"}``.
* ``POST .../items/reorder`` ``{"rank": [list item ids]}``: ``{"updated": n, "skipped_ids": [...]}``.

Counters are per kind (``movies``, ``shows``, ``seasons``, ``episodes``, ``people``); an unknown
list is 404. State: ``Meta.trakt.own_lists`` (slug -> titles in rank order).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from ..model import Title, derive

if TYPE_CHECKING:
    from ..app import Meta

KINDS = ("movies", "shows", "seasons", "episodes", "people")


def owner(meta: Meta, user: str) -> bool:
    return user in ("me", meta.trakt.username)


def entry_id(meta: Meta, slug: str, title: Title) -> int:
    """A list item's id (what ``items/reorder`` ranks), stable for the title in that list."""
    return 1 + derive(meta.world.seed, "own-entry", slug, title.kind, title.tmdb_id) % 10**9


def lists(meta: Meta) -> list[dict[str, Any]]:
    out = []
    for n, (slug, titles) in enumerate(meta.trakt.own_lists.items(), 1):
        out.append({"name": slug.replace("-", " ").title(), "description": f"{meta.trakt.username}'s own list.",
                     "privacy": "private", "type": "personal", "item_count": len(titles), "sort_by": "rank",
                     "sort_how": "asc", "ids": {"trakt": 40_000_000 + n, "slug": slug},
                     "user": {"username": meta.trakt.username, "ids": {"slug": meta.trakt.username}}})
    return out


def summary(meta: Meta, slug: str) -> dict[str, Any]:
    return next(entry for entry in lists(meta) if entry["ids"]["slug"] == slug)


def items(meta: Meta, slug: str, kinds: set[str] | None) -> list[dict[str, Any]]:
    from .routes import _key, title_json
    out = []
    for rank, title in enumerate(meta.trakt.own_lists[slug], 1):
        if kinds is None or title.kind in kinds:
            out.append({"rank": rank, "id": entry_id(meta, slug, title), "listed_at": "2025-12-01T12:00:00.000Z",
                        "notes": None, "type": _key(title.kind), _key(title.kind): title_json(meta.world.seed, title)})
    return out


def _find(meta: Meta, kind: str, ids: dict[str, Any]) -> Title | None:
    world = meta.world
    if ids.get("tmdb") is not None:
        found = world.title("movie" if kind == "movies" else "tv", ids["tmdb"])
        if found is not None and not found.synthetic:
            return found
    if kind == "shows" and ids.get("tvdb") is not None:
        return world.by_tvdb(ids["tvdb"])
    if ids.get("imdb"):
        found = world.by_imdb(str(ids["imdb"]))
        if found is not None and (found.kind == "movie") == (kind == "movies"):
            return found
    return None


def _change(meta: Meta, slug: str, body: dict[str, Any], remove: bool) -> dict[str, Any]:
    titles: list[Title] = meta.trakt.own_lists[slug]
    done = dict.fromkeys(KINDS, 0)
    existing = dict.fromkeys(KINDS, 0)
    missing: dict[str, list[Any]] = {k: [] for k in KINDS}
    for kind in KINDS:
        for entry in body.get(kind) or []:
            ids = entry.get("ids") if isinstance(entry, dict) else None
            title = _find(meta, kind, ids) if kind in ("movies", "shows") and isinstance(ids, dict) else None
            if title is None:
                missing[kind].append(entry)
            elif remove:
                if title in titles:
                    titles.remove(title)
                    done[kind] += 1
                else:
                    missing[kind].append(entry)
            elif title in titles:
                existing[kind] += 1
            else:
                titles.append(title)
                done[kind] += 1
    answer: dict[str, Any] = {"deleted" if remove else "added": done, "not_found": missing,
                              "list": {"updated_at": "2025-12-01T12:00:00.000Z", "item_count": len(titles)}}
    if not remove:
        answer["existing"] = existing
    return answer


def routes(meta: Meta, bearer: Callable[[Meta, Request], None],
           json: Callable[..., Response], error: Callable[..., Response]) -> list[Any]:
    from starlette.routing import Route

    from .routes import _body as body_of

    def guarded(fn: Callable[[Request, str], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            from .routes import Refused
            try:
                bearer(meta, request)
            except Refused:
                return error(401, "unauthorised", "invalid_token: a valid OAuth Bearer token is required")
            user, slug = request.path_params["user"], request.path_params["list"]
            if not owner(meta, user) or slug not in meta.trakt.own_lists:
                return error(404, "not_found")
            return await fn(request, slug)
        return run

    async def add(request: Request, slug: str) -> Response:
        return json(_change(meta, slug, await body_of(request), remove=False), status=201)

    async def remove(request: Request, slug: str) -> Response:
        return json(_change(meta, slug, await body_of(request), remove=True))

    async def reorder(request: Request, slug: str) -> Response:
        ranks = (await body_of(request)).get("rank") or []
        titles = meta.trakt.own_lists[slug]
        by_id = {entry_id(meta, slug, t): t for t in titles}
        ordered = [by_id[i] for i in ranks if i in by_id]
        rest = [t for t in titles if t not in ordered]
        meta.trakt.own_lists[slug] = ordered + rest
        return json({"updated": len(ordered), "skipped_ids": [i for i in ranks if i not in by_id]})

    return [Route("/users/{user}/lists/{list}/items/remove", guarded(remove), methods=["POST"]),
            Route("/users/{user}/lists/{list}/items/reorder", guarded(reorder), methods=["POST"]),
            Route("/users/{user}/lists/{list}/items", guarded(add), methods=["POST"])]
