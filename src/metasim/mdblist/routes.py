"""MDBList routes (see the package docstring for the shapes)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .. import tables as T
from ..imdb.graphql import rating as imdb_rating
from ..imdb.graphql import votes as imdb_votes
from ..model import Title, derive, rng_for
from . import error

if TYPE_CHECKING:
    from ..app import Meta

MAX_LIMIT = 1000
SORTS = ("rank", "score", "released", "title", "imdbrating", "imdbvotes")


class Missing(Exception):
    pass


class BadParam(Exception):
    pass


def score(seed: int, title: Title) -> int:
    return max(0, min(100, round(title.vote_average * 10) + derive(seed, "mdb-score", title.kind, title.tmdb_id) % 11 - 5))


def _originals(meta: Meta, slug: str) -> list[Title]:
    """Kometa's ``k0meta/<key>-originals`` lists: a service's own productions (T.ORIGINALS), the shows of
    its network and a seeded third of the titles it offers in any region; a service without a list: 404."""
    key = slug.lower().removesuffix("-originals")
    if key not in T.ORIGINALS:
        raise Missing()
    ids, network = T.ORIGINALS[key]
    world = meta.world
    picked = []
    for t in world.titles:
        offered = any(pid in offer for region in t.providers.values() for offer in region.values() for pid in ids)
        own = network is not None and network in t.network_ids
        if own or (offered and derive(world.seed, "original", key, t.kind, t.tmdb_id) % 3 == 0):
            picked.append(t)
    return sorted(picked, key=lambda t: (-t.popularity, t.kind, t.tmdb_id))


def _pick(meta: Meta, user: str, slug: str) -> list[Title]:
    if user.lower().startswith("missing") or slug.lower().startswith("missing"):
        raise Missing()
    if user.lower() == "k0meta" and slug.lower().endswith("-originals"):
        return _originals(meta, slug)
    world = meta.world
    rng = rng_for(world.seed, "mdblist", user.lower(), slug.lower())
    lib = [t for t in world.titles if t.in_library]
    miss = [t for t in world.titles if not t.in_library]
    want = rng.randint(10, 60)
    chosen: dict[tuple[str, int], Title] = {}
    for _ in range(want * 3):
        if len(chosen) >= want or not (lib or miss):
            break
        pool = lib if (rng.random() < 0.8 and lib) or not miss else miss
        pick = rng.choice(pool)
        chosen.setdefault(pick.key, pick)
    return list(chosen.values())


def _item(rank: int, t: Title) -> dict[str, Any]:
    return {"id": t.tmdb_id, "rank": rank, "adult": 0, "title": t.title, "imdb_id": t.imdb_id, "tvdb_id": t.tvdb_id,
            "release_year": t.year, "mediatype": "movie" if t.kind == "movie" else "show"}


def _json(data: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data, separators=(",", ":")), media_type="application/json", headers=headers)


def user(meta: Meta, request: Request) -> Response:
    state = meta.mdblist
    return _json({"api_requests": state.daily_limit, "api_requests_count": state.used, "is_supporter": False,
                  "patron_status": "none", "user_id": 1, "username": "metasim"})


def list_info(meta: Meta, request: Request) -> Response:
    u, slug = request.path_params["user"], request.path_params["list"]
    titles = _pick(meta, u, slug)
    return _json([{"id": 1 + derive(meta.world.seed, "mdb-list", u, slug) % 10**6, "name": slug.replace("-", " ").title(),
                   "slug": slug, "items": len(titles), "user_name": u, "description": f"An MDBList list by {u}.",
                   "mediatype": "mixed"}])


def list_items(meta: Meta, request: Request) -> Response:
    q = request.query_params
    u, slug = request.path_params["user"], request.path_params["list"]
    titles = _pick(meta, u, slug)
    ranked = list(enumerate(titles, 1))
    sort = q.get("sort", "rank")
    if sort not in SORTS or q.get("sortorder", "asc") not in ("asc", "desc"):
        raise BadParam(f"sort must be one of {', '.join(SORTS)} and sortorder asc or desc")
    seed = meta.world.seed
    keys: dict[str, Callable[[tuple[int, Title]], Any]] = {
        "rank": lambda r: r[0], "score": lambda r: score(seed, r[1]), "released": lambda r: r[1].date_text,
        "title": lambda r: r[1].title.lower(), "imdbrating": lambda r: imdb_rating(seed, r[1]),
        "imdbvotes": lambda r: imdb_votes(r[1])}
    ranked.sort(key=keys[sort], reverse=q.get("sortorder") == "desc")
    media = request.path_params.get("media")
    if media not in (None, "movie", "show"):
        raise Missing()
    try:
        limit = min(MAX_LIMIT, max(1, int(q.get("limit") or MAX_LIMIT)))
        offset = max(0, int(q.get("offset") or 0))
    except ValueError:
        raise BadParam("limit and offset must be integers") from None
    rows = [_item(rank, t) for rank, t in ranked if media is None or (t.kind == "movie") == (media == "movie")]
    page = rows[offset:offset + limit]
    more = offset + limit < len(rows)
    if media is not None or q.get("unified"):
        body: Any = page
    else:
        body = {"movies": [r for r in page if r["mediatype"] == "movie"], "shows": [r for r in page if r["mediatype"] == "show"]}
    return _json(body, {"X-Has-More": "true" if more else "false"})


def title(meta: Meta, request: Request) -> Response:
    provider, media, ident = (request.path_params[k] for k in ("provider", "media", "ident"))
    kind = {"movie": "movie", "show": "tv"}.get(media)
    world = meta.world
    found: Title | None = None
    if kind is None or provider not in ("imdb", "tmdb", "tvdb"):
        raise Missing()
    if provider == "imdb":
        found = world.by_imdb(ident)
    elif provider == "tvdb":
        found = world.by_tvdb(ident)
    else:
        found = world.title(kind, ident)
    if found is None or found.kind != kind or found.synthetic:
        raise Missing()
    return _json(record(world.seed, found, media))


#: Common Sense Media's age for a US certification (the middle of its age band)
CSM_AGES = {"G": 5, "PG": 8, "PG-13": 13, "R": 16, "NC-17": 17, "NR": 14, "TV-Y": 3, "TV-G": 6, "TV-PG": 9,
            "TV-14": 14, "TV-MA": 17}


def record(seed: int, found: Title, media: str) -> dict[str, Any]:
    """MDBList's item record (``GET /{provider}/{media}/{id}``): scores, per-site ratings in each
    site's own scale (IMDb 0-10, TMDb/Trakt/Rotten Tomatoes/Metacritic 0-100, Letterboxd 0-5,
    Metacritic users 0-10), the US certification and Common Sense Media's age (``commonsense`` says
    whether CSM reviewed it; one title in eight has no CSM review)."""
    r = rng_for(seed, "mdb-ratings", found.kind, found.tmdb_id)
    base = found.vote_average
    ratings: list[dict[str, Any]] = [
        {"source": "imdb", "value": imdb_rating(seed, found), "score": round(imdb_rating(seed, found) * 10),
         "votes": imdb_votes(found)},
        {"source": "tmdb", "value": round(base * 10), "score": round(base * 10), "votes": found.vote_count},
        {"source": "trakt", "value": round(min(100, base * 10 + r.uniform(-5, 5))), "score": None, "votes": found.vote_count // 2},
        {"source": "letterboxd", "value": round(min(5.0, base / 2 + r.uniform(-0.3, 0.3)), 1), "score": None,
         "votes": found.vote_count // 3},
        {"source": "tomatoes", "value": round(min(100, max(0, base * 10 + r.uniform(-15, 15)))), "score": None, "votes": None},
        {"source": "popcorn", "value": round(min(100, max(0, base * 10 + r.uniform(-10, 10)))), "score": None,
         "votes": found.vote_count},
        {"source": "metacritic", "value": round(min(100, max(0, base * 10 + r.uniform(-12, 12)))), "score": None,
         "votes": None},
        {"source": "metacriticuser", "value": round(min(10.0, max(0.0, base + r.uniform(-1, 1))), 1), "score": None,
         "votes": found.vote_count // 10},
        {"source": "myanimelist", "value": None, "score": None, "votes": None},
    ]
    certification = found.certifications.get("US") or None
    reviewed = certification is not None and r.random() >= 0.125
    age = CSM_AGES.get(certification or "", 14) + r.randint(-1, 1) if reviewed else None
    digital = found.release_date + timedelta(days=90 + r.randint(0, 60)) if found.release_date else None
    scores = [x["score"] if x["score"] is not None else x["value"] for x in ratings if x["value"] is not None]
    return {"title": found.title, "year": found.year, "released": found.date_text or None,
            "released_digital": digital.isoformat() if digital and found.kind == "movie" else None,
            "type": media, "score": score(seed, found), "score_average": round(sum(scores) / len(scores)) if scores else None,
            "certification": certification, "commonsense": reviewed, "age_rating": age,
            "ids": {"imdb": found.imdb_id, "tmdb": found.tmdb_id, "tvdb": found.tvdb_id}, "ratings": ratings}


def _wrap(meta: Meta, fn: Callable[[Meta, Request], Response]) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        if not meta.mdblist.spend():
            return error(429, "quota")
        try:
            return fn(meta, request)
        except Missing:
            return error(404, "not_found")
        except BadParam as exc:
            return error(400, str(exc))
    return run


def routes(meta: Meta) -> list[BaseRoute]:
    def get(path: str, fn: Callable[[Meta, Request], Response]) -> Route:
        return Route(path, _wrap(meta, fn), methods=["GET"])

    return [get("/user", user), get("/lists/{user}/{list}", list_info), get("/lists/{user}/{list}/items", list_items),
            get("/lists/{user}/{list}/items/{media}", list_items), get("/{provider}/{media}/{ident}", title)]
