"""Trakt API v2 routes (mounted under ``/trakt``), in Trakt's JSON shapes.

* ``GET /users/{user}/lists/{list}`` and ``.../items[/{type}]``: any user and list slug (or
  numeric id) resolves to a deterministic list from the world (about 80% library titles); a user or
  list slug starting with ``missing`` or an id in the reserved range is 404.
* ``GET /{movies|shows}/{trending|popular|anticipated|boxoffice}`` and
  ``/{movies|shows}/{watched|collected|recommended}/{period}`` (period daily, weekly, monthly,
  yearly, all): rankings drawn from the world per chart and period; boxoffice is movies only
  (10 items, as Trakt's).
* ``GET /users/{user}/watchlist[/{type}[/{sort}]]``, ``/users/{user}/{favorites|watched|collection}
  /{type}``; ``user`` ``me`` needs the Bearer token. ``GET /recommendations/{movies|shows}`` and
  ``GET /users/settings`` need it too.
* ``GET /{movies|shows}/{id}/ratings``, ``/shows/{id}/seasons/{s}/episodes/{e}/ratings`` and
  ``/users/{user}/ratings/{type}``: see :mod:`metasim.trakt.ratings`.
* The signed-in user's own lists (``GET /users/me/lists``, and adding, removing and reordering
  their items): see :mod:`metasim.trakt.own_lists`.
* ``POST /oauth/device/code``, ``/oauth/device/token`` (400 while pending, 200 with tokens, 404 for
  an unknown code, 410 expired), ``/oauth/token`` (refresh).

Paging as Trakt: ``page`` and ``limit`` (charts: default 10), with ``X-Pagination-Page``,
``-Limit``, ``-Page-Count`` and ``-Item-Count`` headers; list items and user lists are unpaged
unless ``page`` or ``limit`` is given.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..model import TODAY, Title, derive, rng_for
from ..world import RESERVED
from . import own_lists as own
from .state import DEVICE_EXPIRES, error

if TYPE_CHECKING:
    from ..app import Meta

PERIODS = ("daily", "weekly", "monthly", "yearly", "all")
CHARTS = ("trending", "popular", "anticipated", "boxoffice")
PERIOD_CHARTS = ("watched", "collected", "recommended")
USERLISTS = ("watchlist", "favorites", "watched", "collection")


class Missing(Exception):
    pass


class Refused(Exception):
    pass


def _slug(title: Title) -> str:
    text = "".join(c if c.isalnum() else "-" for c in title.title.lower())
    return "-".join(p for p in text.split("-") if p) + (f"-{title.year}" if title.year else "")


def trakt_id(seed: int, title: Title) -> int:
    return 1 + derive(seed, "trakt", title.kind, title.tmdb_id) % 9_000_000


def title_json(seed: int, title: Title) -> dict[str, Any]:
    ids: dict[str, Any] = {"trakt": trakt_id(seed, title), "slug": _slug(title)}
    if title.kind == "tv":
        ids["tvdb"] = title.tvdb_id
    ids["imdb"] = title.imdb_id
    ids["tmdb"] = title.tmdb_id
    return {"title": title.title, "year": title.year, "ids": ids}


def _key(kind: str) -> str:
    return "movie" if kind == "movie" else "show"


def _kind(media: str) -> str:
    if media not in ("movies", "shows", "movie", "show"):
        raise Missing()
    return "movie" if media.startswith("movie") else "tv"


def _json(data: Any, headers: dict[str, str] | None = None, status: int = 200) -> Response:
    return Response(json.dumps(data, separators=(",", ":")), status_code=status, media_type="application/json",
                    headers=headers)


def _page(request: Request, rows: list[Any], default_limit: int | None) -> tuple[list[Any], dict[str, str]]:
    q = request.query_params
    if default_limit is None and "page" not in q and "limit" not in q:
        return rows, {}
    try:
        page = max(1, int(q.get("page") or 1))
        limit = max(1, int(q.get("limit") or default_limit or 10))
    except ValueError:
        page, limit = 1, default_limit or 10
    count = max(1, math.ceil(len(rows) / limit))
    headers = {"X-Pagination-Page": str(page), "X-Pagination-Limit": str(limit),
               "X-Pagination-Page-Count": str(count), "X-Pagination-Item-Count": str(len(rows))}
    return rows[(page - 1) * limit:page * limit], headers


def _bearer(meta: Meta, request: Request) -> None:
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    if not (meta.any_key and token) and not meta.trakt.valid(token):
        raise Refused()


def _user(meta: Meta, request: Request, user: str) -> str:
    if user == "me":
        _bearer(meta, request)
        return meta.trakt.username
    if user.lower().startswith("missing"):
        raise Missing()
    return user


def _draw(meta: Meta, kinds: tuple[str, ...], *parts: object) -> list[Title]:
    """A deterministic 10-50 title selection, about 80% from the library."""
    world = meta.world
    rng = rng_for(world.seed, "trakt", *parts)
    lib = [t for t in world.titles if t.kind in kinds and t.in_library]
    miss = [t for t in world.titles if t.kind in kinds and not t.in_library]
    want = rng.randint(10, 50)
    chosen: dict[tuple[str, int], Title] = {}
    for _ in range(want * 3):
        if len(chosen) >= want or not (lib or miss):
            break
        pool = lib if (rng.random() < 0.8 and lib) or not miss else miss
        pick = rng.choice(pool)
        chosen.setdefault(pick.key, pick)
    return list(chosen.values())


def _list_id(meta: Meta, user: str, slug: str) -> int:
    if slug.isdigit():
        if int(slug) in RESERVED:
            raise Missing()
        return int(slug)
    if slug.lower().startswith("missing"):
        raise Missing()
    return 1 + derive(meta.world.seed, "trakt-list", user.lower(), slug.lower()) % 30_000_000


def _items(meta: Meta, titles: list[Title], seed_part: object) -> list[dict[str, Any]]:
    out = []
    for rank, title in enumerate(titles, 1):
        listed = TODAY - timedelta(days=derive(meta.world.seed, "listed", seed_part, title.tmdb_id) % 900)
        out.append({"rank": rank, "id": derive(meta.world.seed, "entry", seed_part, rank) % 10**9,
                    "listed_at": f"{listed.isoformat()}T12:00:00.000Z", "notes": None, "type": _key(title.kind),
                    _key(title.kind): title_json(meta.world.seed, title)})
    return out


def list_summary(meta: Meta, request: Request) -> Response:
    user, slug = request.path_params.get("user", "trakt"), request.path_params["list"]
    name = _user(meta, request, user)
    if own.owner(meta, user) and slug in meta.trakt.own_lists:
        _bearer(meta, request)
        return _json(own.summary(meta, slug))
    lid = _list_id(meta, name, slug)
    titles = _draw(meta, ("movie", "tv"), "list", lid)
    return _json({"name": slug.replace("-", " ").title() if not slug.isdigit() else f"List {lid}",
                  "description": f"A Trakt list by {name}.", "privacy": "public", "type": "personal",
                  "display_numbers": True, "allow_comments": True, "sort_by": "rank", "sort_how": "asc",
                  "item_count": len(titles), "likes": derive(meta.world.seed, "likes", lid) % 500,
                  "ids": {"trakt": lid, "slug": slug if not slug.isdigit() else f"list-{lid}"},
                  "user": {"username": name, "private": False, "ids": {"slug": name.lower()}}})


def list_items(meta: Meta, request: Request) -> Response:
    user, slug = request.path_params.get("user", "trakt"), request.path_params["list"]
    media = request.path_params.get("type")
    if own.owner(meta, user) and slug in meta.trakt.own_lists:
        _bearer(meta, request)
        kinds = {_kind(m.strip()) for m in media.split(",")} if media else None
        return _json(own.items(meta, slug, kinds))
    lid = _list_id(meta, _user(meta, request, user), slug)
    titles = _draw(meta, ("movie", "tv"), "list", lid)
    if media:
        kinds = {_kind(m.strip()) for m in media.split(",")}
        titles = [t for t in titles if t.kind in kinds]
    rows, headers = _page(request, _items(meta, titles, lid), None)
    return _json(rows, headers)


def _ranked(meta: Meta, kind: str, chart: str, period: str) -> list[Title]:
    seed = meta.world.seed
    pool = [t for t in meta.world.titles if t.kind == kind]
    if chart == "anticipated":
        pool = [t for t in pool if t.release_date and t.release_date > TODAY] or pool
    if chart == "boxoffice":
        pool = [t for t in pool if t.release_date and t.release_date <= TODAY]
    spread = {"daily": 3.0, "weekly": 2.0, "monthly": 1.0, "yearly": 0.5, "all": 0.1}.get(period, 1.0)

    def score(t: Title) -> float:
        return t.popularity * (0.2 + spread * (derive(seed, "trakt-chart", chart, period, t.kind, t.tmdb_id)
                                               % 10_000) / 10_000)

    ranked = sorted(pool, key=lambda t: (-score(t), t.tmdb_id))
    return ranked[:10] if chart == "boxoffice" else ranked


def chart(meta: Meta, request: Request) -> Response:
    kind = _kind(request.path_params["media"])
    name = request.path_params["chart"]
    period = request.path_params.get("period", "weekly")
    if name not in CHARTS + PERIOD_CHARTS or (name in PERIOD_CHARTS) != ("period" in request.path_params) \
            or period not in PERIODS or (name == "boxoffice" and kind != "movie"):
        raise Missing()
    from .filters import BadFilter, compile_filters
    try:
        keep = compile_filters(request.query_params, meta.world.seed)
    except BadFilter as exc:
        return _json({"error": str(exc)}, status=400)
    titles = [t for t in _ranked(meta, kind, name, period) if keep(t)]
    seed = meta.world.seed
    rows: list[Any] = []
    for n, title in enumerate(titles):
        body = title_json(seed, title)
        count = max(1, 5000 - 37 * n + derive(seed, "count", name, title.tmdb_id) % 30)
        rows.append(body if name == "popular" else {
            "trending": {"watchers": count}, "anticipated": {"list_count": count},
            "boxoffice": {"revenue": count * 10_000}, "recommended": {"user_count": count},
        }.get(name, {"watcher_count": count, "play_count": count * 3, "collected_count": count * 2})
            | {_key(kind): body})
    page, headers = _page(request, rows, 10)
    return _json(page, headers)


def userlist(meta: Meta, request: Request) -> Response:
    name = _user(meta, request, request.path_params["user"])
    which = request.path_params["which"]
    if which == "lists" and "type" not in request.path_params:  # the user's own lists
        if not own.owner(meta, request.path_params["user"]):
            return _json([])
        _bearer(meta, request)
        return _json(own.lists(meta))
    if which not in USERLISTS:
        raise Missing()
    media = request.path_params.get("type", "movies,shows")
    kinds = tuple(sorted({_kind(m.strip()) for m in media.split(",")}))
    titles = _draw(meta, kinds, which, name.lower())
    sort = request.path_params.get("sort", "rank")
    if sort == "title":
        titles.sort(key=lambda t: t.title)
    elif sort == "released":
        titles.sort(key=lambda t: t.date_text, reverse=True)
    elif sort == "added":
        titles.sort(key=lambda t: derive(meta.world.seed, "listed", which, t.tmdb_id) % 900)
    rows, headers = _page(request, _items(meta, titles, f"{which}:{name}"), None)
    return _json(rows, headers)


def recommendations(meta: Meta, request: Request) -> Response:
    _bearer(meta, request)
    kind = _kind(request.path_params["media"])
    titles = _draw(meta, (kind,), "recommendations", meta.trakt.username)
    limit = int(request.query_params.get("limit") or 10)
    return _json([title_json(meta.world.seed, t) for t in titles[:max(1, min(100, limit))]])


def settings(meta: Meta, request: Request) -> Response:
    _bearer(meta, request)
    name = meta.trakt.username
    return _json({"user": {"username": name, "private": False, "vip": False, "ids": {"slug": name}}})


async def _body(request: Request) -> dict[str, Any]:
    try:
        data = json.loads(await request.body() or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


async def device_code(meta: Meta, request: Request) -> Response:
    body = await _body(request)
    if body.get("client_id") != meta.trakt.client_id:
        return error(401, "unauthorised", "invalid_client")
    device = meta.trakt.new_device()
    return _json({"device_code": device.device_code, "user_code": device.user_code,
                  "verification_url": "https://trakt.tv/activate", "expires_in": DEVICE_EXPIRES, "interval": 5})


async def device_token(meta: Meta, request: Request) -> Response:
    body = await _body(request)
    state = meta.trakt
    if body.get("client_id") != state.client_id or body.get("client_secret") != state.client_secret:
        return error(401, "unauthorised", "invalid_client")
    device = state.devices.get(str(body.get("code")))
    if device is None:
        return error(404, "not_found", "invalid device code")
    if state.clock() - device.created > DEVICE_EXPIRES:
        return error(410, "expired", "expired_token")
    device.polls += 1
    if device.polls <= state.pending_polls:
        return error(400, "pending", "authorization_pending")
    state.devices.pop(device.device_code, None)
    return _json(state.issue())


async def token(meta: Meta, request: Request) -> Response:
    body = await _body(request)
    state = meta.trakt
    if body.get("client_id") != state.client_id or body.get("client_secret") != state.client_secret:
        return error(401, "unauthorised", "invalid_client")
    if body.get("grant_type") != "refresh_token" or not state.use_refresh(str(body.get("refresh_token"))):
        return error(401, "unauthorised", "invalid_grant")
    return _json(state.issue())


def _wrap(meta: Meta, fn: Callable[[Meta, Request], Response]) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        try:
            return fn(meta, request)
        except Missing:
            return error(404, "not_found")
        except Refused:
            return error(401, "unauthorised", "invalid_token: a valid OAuth Bearer token is required")
    return run


def _post(meta: Meta, fn: Callable[[Meta, Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        return await fn(meta, request)
    return run


def routes(meta: Meta) -> list[BaseRoute]:
    def get(path: str, fn: Callable[[Meta, Request], Response]) -> Route:
        return Route(path, _wrap(meta, fn), methods=["GET"])

    from .ratings import episode_ratings, title_ratings, user_ratings

    return [
        get("/users/settings", settings),
        get("/users/{user}/ratings/{type}", user_ratings),
        get("/users/{user}/ratings/{type}/{rating}", user_ratings),
        get("/users/{user}/lists/{list}", list_summary),
        get("/users/{user}/lists/{list}/items", list_items),
        get("/users/{user}/lists/{list}/items/{type}", list_items),
        get("/users/{user}/{which}", userlist),
        get("/users/{user}/{which}/{type}", userlist),
        get("/users/{user}/{which}/{type}/{sort}", userlist),
        get("/lists/{list}", list_summary),
        get("/lists/{list}/items", list_items),
        get("/lists/{list}/items/{type}", list_items),
        get("/recommendations/{media}", recommendations),
        get("/shows/{ident}/seasons/{season}/episodes/{episode}/ratings", episode_ratings),
        get("/{media}/{ident}/ratings", title_ratings),
        get("/{media}/{chart}", chart),
        get("/{media}/{chart}/{period}", chart),
        *own.routes(meta, _bearer, _json, error),
        Route("/oauth/device/code", _post(meta, device_code), methods=["POST"]),
        Route("/oauth/device/token", _post(meta, device_token), methods=["POST"]),
        Route("/oauth/token", _post(meta, token), methods=["POST"]),
    ]
