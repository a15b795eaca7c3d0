"""Trakt's ratings routes, in Trakt API v2's shapes (``/trakt`` prefix):

* ``GET /{movies|shows}/{id}/ratings`` and ``GET /shows/{id}/seasons/{season}/episodes/{episode}/ratings``:
  ``{"rating": 7.33778, "votes": 7866, "distribution": {"1": …, "10": …}}``; ``id`` is a Trakt id,
  slug or IMDb id (``tt…``); an unknown title or episode is 404.
* ``GET /users/{user}/ratings/{movies|shows}[/{rating}]``: the user's own ratings, newest first,
  ``[{"rated_at", "rating": 1-10, "type", "movie"|"show": {title, year, ids}}]``; ``me`` needs the
  Bearer token. The user has rated about two thirds of the library's titles (deterministic).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from ..model import TODAY, Title, derive

if TYPE_CHECKING:
    from ..app import Meta


def _find(meta: Meta, kind: str, ident: str) -> Title | None:
    from .routes import _slug, trakt_id
    world = meta.world
    if ident.startswith("tt"):
        found = world.by_imdb(ident)
        return found if found is not None and found.kind == kind else None
    for title in world.titles:
        if title.kind == kind and (str(trakt_id(world.seed, title)) == ident or _slug(title) == ident):
            return title
    return None


def score(seed: int, *parts: object, base: float) -> float:
    """A Trakt-like average (1-10, five decimals) near ``base``."""
    jitter = (derive(seed, "trakt-rating", *parts) % 2001 - 1000) / 1000  # -1.0 .. 1.0
    return round(min(10.0, max(1.0, base + jitter)), 5)


def _body(seed: int, rating: float, *parts: object) -> dict[str, Any]:
    votes = 20 + derive(seed, "trakt-votes", *parts) % 20_000
    weights = [max(0.0, 1.0 - abs(rating - n) / 3) for n in range(1, 11)]
    total = sum(weights) or 1.0
    return {"rating": rating, "votes": votes,
            "distribution": {str(n): int(votes * w / total) for n, w in zip(range(1, 11), weights, strict=True)}}


def title_ratings(meta: Meta, request: Request) -> Response:
    from .routes import Missing, _json, _kind
    kind = _kind(request.path_params["media"])
    title = _find(meta, kind, request.path_params["ident"])
    if title is None:
        raise Missing()
    seed = meta.world.seed
    rating = score(seed, title.kind, title.tmdb_id, base=title.vote_average)
    return _json(_body(seed, rating, title.kind, title.tmdb_id))


def episode_ratings(meta: Meta, request: Request) -> Response:
    from .routes import Missing, _json
    title = _find(meta, "tv", request.path_params["ident"])
    try:
        season, episode = int(request.path_params["season"]), int(request.path_params["episode"])
    except ValueError:
        raise Missing() from None
    known = {s.season_number: s.episode_count for s in title.seasons} if title is not None else {}
    if title is None or not 1 <= episode <= known.get(season, 0):
        raise Missing()
    seed = meta.world.seed
    rating = score(seed, "ep", title.tmdb_id, season, episode, base=title.vote_average)
    return _json(_body(seed, rating, "ep", title.tmdb_id, season, episode))


def user_rating(seed: int, user: str, title: Title) -> int | None:
    """The 1-10 rating ``user`` gave ``title`` (None: not rated)."""
    n = derive(seed, "trakt-user-rating", user.lower(), title.kind, title.tmdb_id)
    if n % 3 == 0:
        return None
    return int(min(10, max(1, round(title.vote_average + (n // 3) % 5 - 2))))


def user_ratings(meta: Meta, request: Request) -> Response:
    from .routes import Missing, _json, _key, _kind, _page, _user, title_json
    name = _user(meta, request, request.path_params["user"])
    media = request.path_params["type"]
    if media not in ("movies", "shows"):
        raise Missing()
    kind = _kind(media)
    wanted = request.path_params.get("rating")
    seed = meta.world.seed
    rows: list[dict[str, Any]] = []
    for title in meta.world.titles:
        if title.kind != kind or not title.in_library:
            continue
        given = user_rating(seed, name, title)
        if given is None or (wanted is not None and wanted != str(given)):
            continue
        rated = TODAY - timedelta(days=derive(seed, "rated", name.lower(), title.tmdb_id) % 1500)
        rows.append({"rated_at": f"{rated.isoformat()}T20:00:00.000Z", "rating": given, "type": _key(kind),
                     _key(kind): title_json(seed, title)})
    rows.sort(key=lambda r: r["rated_at"], reverse=True)
    page, headers = _page(request, rows, None)
    return _json(page, headers)
