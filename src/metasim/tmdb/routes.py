"""TMDb API v3 routes (mounted under ``/tmdb/3``): details, sub-resources, discover, charts,
trending, search, find, people, groups, genres, providers and configuration.

Paging as TMDb: ``page`` (1-500, default 1), 20 results a page, ``total_pages`` and
``total_results``; a ``page`` outside 1-500 or not an integer is HTTP 400 with status_code 22.
``language`` is accepted everywhere (content stays English). Unknown and reserved ids answer 404
with status_code 34.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .. import tables as T
from ..model import Person, Title, derive, image_path
from ..world import NOW_PLAYING, UPCOMING, well_formed
from . import shapes as S
from .discover import Discover, ParamError
from .errors import error

if TYPE_CHECKING:
    from ..app import Meta

PAGE_SIZE = 20
MAX_PAGE = 500
MAX_APPENDS = 20


class NotFound(Exception):
    pass


Handler = Callable[["Meta", Request], Any]


def _wrap(meta: Meta, fn: Handler) -> Callable[[Request], Awaitable[Response]]:
    from ..app import json_body

    @functools.wraps(fn)
    async def run(request: Request) -> Response:
        try:
            return json_body(fn(meta, request))
        except NotFound:
            return error(404, "not_found")
        except ParamError as exc:
            return error(400 if exc.code in (22, 23, 27) else 422, "param", exc.code, str(exc))

    return run


def page_number(request: Request) -> int:
    raw = request.query_params.get("page") or "1"
    try:
        number = int(raw)
    except ValueError:
        raise ParamError(22, "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.") from None
    if not 1 <= number <= MAX_PAGE:
        raise ParamError(22, "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.")
    return number


def paged(request: Request, rows: list[Any], make: Callable[[Any], dict[str, Any]],
          extra: dict[str, Any] | None = None) -> dict[str, Any]:
    number = page_number(request)
    chunk = rows[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
    out: dict[str, Any] = dict(extra or {})
    out.update(page=number, results=[make(r) for r in chunk],
               total_pages=min(MAX_PAGE, math.ceil(len(rows) / PAGE_SIZE)), total_results=len(rows))
    return out


def _title(meta: Meta, request: Request, kind: str) -> Title:
    title = meta.world.title(kind, request.path_params["movie_id" if kind == "movie" else "series_id"])
    if title is None:
        raise NotFound
    return title


def _appends(request: Request) -> list[str]:
    raw = request.query_params.get("append_to_response") or ""
    names = [n.strip() for n in raw.split(",") if n.strip()]
    if len(names) > MAX_APPENDS:
        raise ParamError(27, "Too many append to response objects: The maximum number of remote calls is 20.")
    return names


def _related(meta: Meta, t: Title, how: str) -> list[Title]:
    """``recommendations`` / ``similar``: catalogue titles of the same kind sharing a genre."""
    pool = [o for o in (meta.world.movies if t.kind == "movie" else meta.world.shows)
            if o is not t and set(o.genre_ids) & set(t.genre_ids)]
    pool.sort(key=lambda o: derive(meta.world.seed, how, t.kind, t.tmdb_id, o.tmdb_id))
    return pool[:40]


def _title_part(meta: Meta, request: Request, t: Title, name: str) -> dict[str, Any] | None:
    world = meta.world
    if name == "external_ids":
        return S.external_ids_part(t)
    if name == "keywords":
        return S.keywords_part(world, t)
    if name == "credits":
        return S.credits_part(world, t)
    if name == "aggregate_credits" and t.kind == "tv":
        return S.aggregate_credits_part(world, t)
    if name == "release_dates" and t.kind == "movie":
        return S.release_dates_part(t)
    if name == "content_ratings" and t.kind == "tv":
        return S.content_ratings_part(t)
    if name == "watch/providers":
        return S.watch_providers_part(t)
    if name == "images":
        return S.images_part(t)
    if name in ("recommendations", "similar"):
        return paged(request, _related(meta, t, name), lambda o: S.item(o, media_type=name == "recommendations"))
    if name == "alternative_titles":
        key = "titles" if t.kind == "movie" else "results"
        alts = [] if t.original_title == t.title else [{"iso_3166_1": t.origin_countries[0], "title": t.original_title,
                                                       "type": ""}]
        return {key: alts}
    if name == "lists":
        lists = [g for g in world.lists.values() if any(m is t for m in g.members)]
        return paged(request, lists, lambda g: {
            "description": g.overview, "favorite_count": 0, "id": g.id, "item_count": len(g.members),
            "iso_639_1": "en", "list_type": "movie" if t.kind == "movie" else "tv", "name": g.name,
            "poster_path": image_path("poster", "list", g.id)})
    return _empty_part(request, name)


def _empty_part(request: Request, name: str) -> dict[str, Any] | None:
    """Sub-resources the world has nothing for, in their TMDb shape (so clients parse them)."""
    if name in ("reviews", "tagged_images"):
        return paged(request, [], dict)
    return {"videos": {"results": []}, "translations": {"translations": []}, "trailers": {"quicktime": [], "youtube": []},
            "episode_groups": {"results": []}, "alternative_names": {"results": []}}.get(name)


def _details(kind: str) -> Handler:
    def handler(meta: Meta, request: Request) -> dict[str, Any]:
        t = _title(meta, request, kind)
        out = S.movie_details(meta.world, t) if kind == "movie" else S.tv_details(meta.world, t)
        for name in _appends(request):
            part = _title_part(meta, request, t, name)
            if part is not None:
                out[name] = part
        return out
    return handler


def _sub(kind: str, name: str) -> Handler:
    def handler(meta: Meta, request: Request) -> dict[str, Any]:
        t = _title(meta, request, kind)
        part = _title_part(meta, request, t, name)
        if part is None:
            raise NotFound
        return part if name in ("recommendations", "similar") else {"id": t.tmdb_id, **part}
    return handler


def season(meta: Meta, request: Request) -> dict[str, Any]:
    t = _title(meta, request, "tv")
    raw = request.path_params["season_number"]
    number = 0 if raw == "0" else well_formed(raw)
    out = S.season_details(meta.world, t, number) if number is not None else None  # no specials: 404
    if out is None:
        raise NotFound
    return out


def _chart(kind: str, name: str) -> Handler:
    def handler(meta: Meta, request: Request) -> dict[str, Any]:
        rows = meta.world.kind_chart(kind, name)
        extra = None
        if name in ("now_playing", "upcoming"):
            lo, hi = NOW_PLAYING if name == "now_playing" else UPCOMING
            extra = {"dates": {"maximum": hi.isoformat(), "minimum": lo.isoformat()}}
        return paged(request, rows, S.movie_item if kind == "movie" else S.tv_item, extra)
    return handler


def discover(kind: str) -> Handler:
    def handler(meta: Meta, request: Request) -> dict[str, Any]:
        rows = Discover(meta.world, kind, dict(request.query_params)).run()
        return paged(request, rows, S.movie_item if kind == "movie" else S.tv_item)
    return handler


def trending(meta: Meta, request: Request) -> dict[str, Any]:
    media, window = request.path_params["media"], request.path_params["window"]
    if media not in ("all", "movie", "tv", "person") or window not in ("day", "week"):
        raise NotFound
    def make(row: Title | Person) -> dict[str, Any]:
        if isinstance(row, Title):
            return S.item(row, media_type=True)
        return S.person_item(meta.world, row, media_type=True)

    return paged(request, meta.world.trending(media, window), make)


def person(meta: Meta, request: Request) -> dict[str, Any]:
    p = meta.world.person(request.path_params["person_id"])
    if p is None:
        raise NotFound
    out = S.person_details(p)
    for name in _appends(request):
        part = _person_part(meta, request, p, name)
        if part is not None:
            out[name] = part
    return out


def _person_part(meta: Meta, request: Request, p: Any, name: str) -> dict[str, Any] | None:
    if name in ("movie_credits", "tv_credits", "combined_credits"):
        out = S.person_credits(meta.world, p, name)
        out.pop("id")
        return out
    if name == "external_ids":
        return {"freebase_mid": None, "freebase_id": None, "imdb_id": p.imdb_id, "tvrage_id": None,
                "wikidata_id": None, "facebook_id": None, "instagram_id": None, "tiktok_id": None,
                "twitter_id": None, "youtube_id": None}
    if name == "images":
        return {"profiles": [{"aspect_ratio": 0.667, "height": 3000, "iso_639_1": None, "file_path":
                              image_path("profile", p.id), "vote_average": 5.3, "vote_count": 1, "width": 2000}]
                if p.profile else []}
    return _empty_part(request, name)


def person_sub(name: str) -> Handler:
    def handler(meta: Meta, request: Request) -> dict[str, Any]:
        p = meta.world.person(request.path_params["person_id"])
        part = _person_part(meta, request, p, name) if p else None
        if p is None or part is None:
            raise NotFound
        return {"id": p.id, **part}
    return handler


def _group(meta: Meta, request: Request, kind: str) -> Any:
    g = meta.world.group(kind, request.path_params[f"{kind}_id"])
    if g is None:
        raise NotFound
    return g


def _group_appends(request: Request, out: dict[str, Any], kind: str, gid: int) -> dict[str, Any]:
    for name in _appends(request):
        if name == "images":
            if kind == "collection":
                out[name] = {"backdrops": [S._image(image_path("backdrop", kind, gid), 1920, 1080, None)],
                             "posters": [S._image(image_path("poster", kind, gid), 2000, 3000, "en")]}
            else:
                out[name] = {"logos": [S._image(image_path("logo", kind, gid), 500, 200, None)]}
        else:
            part = _empty_part(request, name)
            if part is not None:
                out[name] = part
    return out


def collection(meta: Meta, request: Request) -> dict[str, Any]:
    g = _group(meta, request, "collection")
    return _group_appends(request, S.collection_details(g), "collection", g.id)


def company(meta: Meta, request: Request) -> dict[str, Any]:
    g = _group(meta, request, "company")
    return _group_appends(request, S.company_details(g), "company", g.id)


def network(meta: Meta, request: Request) -> dict[str, Any]:
    g = _group(meta, request, "network")
    return _group_appends(request, S.network_details(g), "network", g.id)


def keyword(meta: Meta, request: Request) -> dict[str, Any]:
    g = _group(meta, request, "keyword")
    return {"id": g.id, "name": g.name}


def keyword_movies(meta: Meta, request: Request) -> dict[str, Any]:
    g = _group(meta, request, "keyword")
    movies = sorted((t for t in g.members if t.kind == "movie"), key=lambda t: (-t.popularity, t.tmdb_id))
    return paged(request, movies, S.movie_item, {"id": g.id})


def tmdb_list(meta: Meta, request: Request) -> dict[str, Any]:
    g = _group(meta, request, "list")
    out = {"created_by": g.name.split("'")[0], "description": g.overview, "favorite_count": 0, "id": g.id,
           "iso_639_1": "en", "item_count": len(g.members), "name": g.name,
           "poster_path": image_path("poster", "list", g.id)}
    body = paged(request, g.members, lambda t: S.item(t, media_type=True))
    out["items"] = body.pop("results")
    out.update(body)
    return out


def genres(kind: str) -> Handler:
    table = T.MOVIE_GENRES if kind == "movie" else T.TV_GENRES
    return lambda meta, request: {"genres": [{"id": g, "name": n} for g, n in table.items()]}


def _query(request: Request) -> str:
    return (request.query_params.get("query") or "").strip().casefold()


def search(kind: str) -> Handler:
    def handler(meta: Meta, request: Request) -> dict[str, Any]:
        q, world = _query(request), meta.world
        if not q:
            return paged(request, [], dict)
        rows: list[Any]
        if kind in ("movie", "tv"):
            pool = world.movies if kind == "movie" else world.shows
            year_param = ("primary_release_year", "year") if kind == "movie" else ("first_air_date_year", "year")
            year = next((request.query_params[y] for y in year_param if request.query_params.get(y)), None)
            rows = [t for t in pool if (q in t.title.casefold() or q in t.original_title.casefold())
                    and (year is None or str(t.year) == year)]
            rows.sort(key=lambda t: (t.title.casefold() != q, -t.popularity, t.tmdb_id))
            return paged(request, rows, S.movie_item if kind == "movie" else S.tv_item)
        if kind == "person":
            rows = sorted((p for p in world.people.people.values() if q in p.name.casefold()),
                          key=lambda p: (-p.popularity, p.id))
            return paged(request, rows, lambda p: S.person_item(world, p))
        groups = {"company": world.companies, "keyword": world.keyword_groups, "collection": world.collections}[kind]
        rows = sorted((g for g in groups.values() if q in g.name.casefold()), key=lambda g: (g.name, g.id))
        make = {"company": S.company_item, "keyword": lambda g: {"id": g.id, "name": g.name},
                "collection": S.collection_item}[kind]
        return paged(request, rows, make)
    return handler


def find(meta: Meta, request: Request) -> dict[str, Any]:
    source = request.query_params.get("external_source") or ""
    value = request.path_params["external_id"]
    world = meta.world
    found: Title | None = None
    if source == "imdb_id":
        found = world.by_imdb(value)
    elif source == "tvdb_id":
        found = world.by_tvdb(value)
    elif source not in ("facebook_id", "instagram_id", "tiktok_id", "twitter_id", "wikidata_id", "youtube_id",
                        "freebase_mid", "freebase_id", "tvrage_id"):
        raise ParamError(5, "Invalid parameters: Your request parameters are incorrect.")
    people = []
    if source == "imdb_id" and value.startswith("nm"):
        people = [S.person_item(world, p, media_type=True) for p in world.people.people.values() if p.imdb_id == value]
    return {"movie_results": [S.movie_item(found, True)] if found and found.kind == "movie" else [],
            "person_results": people,
            "tv_results": [S.tv_item(found, True)] if found and found.kind == "tv" else [],
            "tv_episode_results": [episode] if (episode := S.find_episode(world, value) if source == "imdb_id"
                                                else None) else [],
            "tv_season_results": []}


#: what ``/configuration?append_to_response=`` can add: the sub-lists under their own names (as
#: TMDb answers, and as tmdbapis, the client Kometa uses, asks for them in one request)
_CONFIGURATION_PARTS: dict[str, Callable[[], Any]] = {
    "countries": lambda: S.countries(), "jobs": lambda: S.jobs(), "languages": lambda: S.languages(),
    "primary_translations": lambda: list(T.PRIMARY_TRANSLATIONS), "timezones": lambda: S.timezones(),
}


def _configuration(meta: Meta, request: Request) -> dict[str, Any]:
    found = dict(S.configuration())
    for name in _appends(request):
        if name in _CONFIGURATION_PARTS:
            found[name] = _CONFIGURATION_PARTS[name]()
    return found


def routes(meta: Meta) -> list[BaseRoute]:
    def r(path: str, handler: Handler) -> Route:
        return Route(path, _wrap(meta, handler), methods=["GET"])

    out: list[BaseRoute] = [
        r("/configuration", _configuration),
        r("/configuration/countries", lambda m, q: S.countries()),
        r("/configuration/languages", lambda m, q: S.languages()),
        r("/configuration/jobs", lambda m, q: S.jobs()),
        r("/configuration/timezones", lambda m, q: S.timezones()),
        r("/configuration/primary_translations", lambda m, q: list(T.PRIMARY_TRANSLATIONS)),
        r("/certification/movie/list", lambda m, q: S.certifications("movie")),
        r("/certification/tv/list", lambda m, q: S.certifications("tv")),
        r("/genre/movie/list", genres("movie")),
        r("/genre/tv/list", genres("tv")),
        r("/watch/providers/regions", lambda m, q: {"results": [
            {"iso_3166_1": c, "english_name": T.COUNTRIES[c], "native_name": T.COUNTRIES[c]} for c in T.REGIONS]}),
        r("/watch/providers/movie", lambda m, q: S.provider_list("movie")),
        r("/watch/providers/tv", lambda m, q: S.provider_list("tv")),
        r("/discover/movie", discover("movie")),
        r("/discover/tv", discover("tv")),
        r("/trending/{media}/{window}", trending),
        r("/find/{external_id}", find),
        r("/collection/{collection_id}", collection),
        r("/company/{company_id}", company),
        r("/network/{network_id}", network),
        r("/keyword/{keyword_id}", keyword),
        r("/keyword/{keyword_id}/movies", keyword_movies),
        r("/list/{list_id}", tmdb_list),
        r("/person/{person_id}", person),
    ]
    for name in ("movie_credits", "tv_credits", "combined_credits", "external_ids", "images", "tagged_images"):
        out.append(r(f"/person/{{person_id}}/{name}", person_sub(name)))
    for kind in ("movie", "tv", "person", "company", "keyword", "collection"):
        out.append(r(f"/search/{kind}", search(kind)))
    for name in ("popular", "top_rated", "now_playing", "upcoming"):
        out.append(r(f"/movie/{name}", _chart("movie", name)))
    for name in ("popular", "top_rated", "airing_today", "on_the_air"):
        out.append(r(f"/tv/{name}", _chart("tv", name)))
    out.append(r("/tv/{series_id}/season/{season_number}", season))
    for kind, subs in (("movie", ("external_ids", "keywords", "credits", "release_dates", "watch/providers",
                                  "images", "recommendations", "similar", "alternative_titles", "videos")),
                       ("tv", ("external_ids", "keywords", "credits", "aggregate_credits", "content_ratings",
                               "watch/providers", "images", "recommendations", "similar", "alternative_titles",
                               "videos"))):
        ident = "{movie_id}" if kind == "movie" else "{series_id}"
        out.append(r(f"/{kind}/{ident}", _details(kind)))
        for name in subs:
            out.append(r(f"/{kind}/{ident}/{name}", _sub(kind, name)))
    return out
