"""MyAnimeList routes (see the package docstring for the shapes)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..anime import Anime, by_mal, catalogue
from ..app import json_body
from ..model import derive
from . import bearer, error

if TYPE_CHECKING:
    from ..app import Meta

RANKINGS = ("all", "airing", "upcoming", "tv", "ova", "movie", "special", "bypopularity", "favorite")
STATUSES = ("watching", "completed", "on_hold", "dropped", "plan_to_watch")


class Missing(Exception):
    pass


class Bad(Exception):
    pass


#: MAL's genre, explicit genre, theme and demographic tags (id, name), as its API lists them together
GENRES = ((1, "Action"), (2, "Adventure"), (4, "Comedy"), (8, "Drama"), (10, "Fantasy"), (7, "Mystery"),
          (22, "Romance"), (24, "Sci-Fi"), (36, "Slice of Life"), (37, "Supernatural"))
THEMES = ((23, "School"), (18, "Mecha"), (38, "Military"), (19, "Music"), (9, "Ecchi"))
DEMOGRAPHICS = ((27, "Shounen"), (42, "Seinen"), (25, "Shoujo"))
RATINGS = ("g", "pg", "pg_13", "pg_13", "r", "r+")
STUDIOS = ("Madhouse", "Sunrise", "Bones", "Production I.G", "MAPPA", "Kyoto Animation", "Toei Animation", "Wit Studio")


def _details(seed: int, a: Anime) -> dict[str, Any]:
    """The detail fields (``genres``, ``rating``, ``studios``; ``alternative_titles`` with ``ja``)."""
    n = derive(seed, "mal-details", a.mal_id)
    genres = [GENRES[(n >> (4 * i)) % len(GENRES)] for i in range(1 + n % 3)]
    if n % 5 < 2:
        genres.append(THEMES[(n >> 20) % len(THEMES)])
    if n % 7 < 4:
        genres.append(DEMOGRAPHICS[(n >> 24) % len(DEMOGRAPHICS)])
    unique = list(dict.fromkeys(genres))
    studios = [] if n % 11 == 0 else [{"id": 1 + (n >> 28) % len(STUDIOS), "name": STUDIOS[(n >> 28) % len(STUDIOS)]}]
    t = a.title
    return {"genres": [{"id": i, "name": name} for i, name in unique], "rating": RATINGS[(n >> 32) % len(RATINGS)],
            "studios": studios,
            "alternative_titles": {"synonyms": [], "en": t.title,
                                   "ja": t.original_title if t.original_language == "ja" else ""}}


def _season_number(a: Anime) -> int:
    d = a.title.release_date
    return d.year * 4 + (d.month - 1) // 3 if d else -1


def _cours(seed: int, a: Anime) -> int:
    """How many seasons after its first one a show goes on being listed (a TV anime in two or more
    cours, as MAL lists it under each season it airs in); movies and most shows: 0."""
    if a.title.kind == "movie":
        return 0
    return (0, 0, 1, 3)[derive(seed, "mal-cours", a.mal_id) % 4]


def node(seed: int, a: Anime, fields: set[str]) -> dict[str, Any]:
    t = a.title
    n = derive(seed, "mal", a.mal_id)
    out: dict[str, Any] = {"id": a.mal_id, "title": t.original_title,
                           "main_picture": {"medium": f"https://cdn.myanimelist.net/images/anime/{a.mal_id}.jpg",
                                            "large": f"https://cdn.myanimelist.net/images/anime/{a.mal_id}l.jpg"}}
    values = {"media_type": "movie" if t.kind == "movie" else ("tv", "tv", "ona", "ova")[n % 4],
              "start_date": t.release_date.isoformat() if t.release_date else None,
              "start_season": {"year": t.release_date.year, "season": (a.season or "").lower()} if t.release_date else None,
              "mean": round(min(10.0, max(1.0, t.vote_average + (n % 11 - 5) / 10)), 2),
              "num_list_users": t.vote_count * 11 + n % 1000, "alternative_titles": {"en": t.title},
              "status": "finished_airing" if t.status not in ("Returning Series", "Planned") else "currently_airing"}
    if fields & {"genres", "rating", "studios"}:
        values.update(_details(seed, a))
    out.update({k: v for k, v in values.items() if k in fields})
    return out


def _fields(request: Request) -> set[str]:
    return {f.strip() for f in (request.query_params.get("fields") or "").split(",") if f.strip()}


def _paged(request: Request, rows: list[dict[str, Any]], maximum: int) -> Response:
    q = request.query_params
    try:
        limit, offset = int(q.get("limit") or 100), int(q.get("offset") or 0)
    except ValueError:
        raise Bad("invalid limit or offset") from None
    if not 1 <= limit <= maximum or offset < 0:
        raise Bad(f"limit must be between 1 and {maximum}")
    page = rows[offset:offset + limit]
    paging: dict[str, str] = {}
    if offset + limit < len(rows):
        rest = {k: v for k, v in q.items() if k != "offset"}
        paging["next"] = f"{request.url.scheme}://{request.url.netloc}{request.url.path}?" + \
            urlencode({**rest, "offset": offset + limit})
    if offset > 0:
        paging["previous"] = f"{request.url.path}?offset={max(0, offset - limit)}"
    return json_body({"data": page, "paging": paging})


def ranking(meta: Meta, request: Request) -> Response:
    kind = request.query_params.get("ranking_type") or "all"
    if kind not in RANKINGS:
        raise Bad("invalid ranking_type")
    seed = meta.world.seed
    full = {"media_type", "start_date", "mean", "num_list_users", "status"}
    items = [(a, node(seed, a, full)) for a in catalogue(meta.world)]
    if kind in ("tv", "ova", "movie", "special"):
        items = [x for x in items if x[1]["media_type"] == kind]
    elif kind == "airing":
        items = [x for x in items if x[1]["status"] == "currently_airing"]
    elif kind == "upcoming":
        items = [x for x in items if (x[1]["start_date"] or "") >= "2026-01-01"]
    order = {"bypopularity": lambda x: -x[1]["num_list_users"],
             "favorite": lambda x: -(derive(seed, "mal-fav", x[0].mal_id) % 1000)}.get(kind, lambda x: -x[1]["mean"])
    items.sort(key=lambda x: (order(x), x[0].mal_id))
    fields = _fields(request)
    rows = [{"node": node(seed, a, fields), "ranking": {"rank": i}} for i, (a, _) in enumerate(items, 1)]
    return _paged(request, rows, 500)


def season(meta: Meta, request: Request) -> Response:
    year, name = request.path_params["year"], request.path_params["season"]
    if name not in ("winter", "spring", "summer", "fall") or not year.isdigit():
        raise Missing()
    seed = meta.world.seed
    sort = request.query_params.get("sort") or "anime_score"
    if sort not in ("anime_score", "anime_num_list_users"):
        raise Bad("invalid sort")
    asked = int(year) * 4 + ("winter", "spring", "summer", "fall").index(name)
    items = [a for a in catalogue(meta.world) if a.title.release_date and a.season
             and 0 <= asked - _season_number(a) <= _cours(seed, a)]
    full = {"mean", "num_list_users"}
    key = "mean" if sort == "anime_score" else "num_list_users"
    items.sort(key=lambda a: (-node(seed, a, full)[key], a.mal_id))
    fields = _fields(request)
    return _paged(request, [{"node": node(seed, a, fields)} for a in items], 500)


def userlist(meta: Meta, request: Request) -> Response:
    user = request.path_params["user"]
    if user == "@me" and bearer(request) is None:
        return error(401, "unauthorised")
    if user.lower().startswith("missing"):
        raise Missing()
    status = request.query_params.get("status")
    if status is not None and status not in STATUSES:
        raise Bad("invalid status")
    seed = meta.world.seed
    rows = []
    for a in catalogue(meta.world):
        n = derive(seed, "mal-user", user.lower(), a.mal_id)
        if n % 3 == 0:
            continue
        state = STATUSES[n // 3 % len(STATUSES)]
        if status is None or status == state:
            rows.append((a, {"status": state, "score": n // 15 % 11, "updated_at": f"2026-0{1 + n % 9}-01T00:00:00+00:00"}))
    sort = request.query_params.get("sort") or "list_updated_at"
    keys = {"list_score": lambda r: -r[1]["score"], "list_updated_at": lambda r: r[1]["updated_at"],
            "anime_title": lambda r: r[0].title.original_title,
            "anime_start_date": lambda r: r[0].title.date_text}
    if sort not in keys:
        raise Bad("invalid sort")
    rows.sort(key=lambda r: (keys[sort](r), r[0].mal_id), reverse=sort == "list_updated_at")
    fields = _fields(request)
    return _paged(request, [{"node": node(seed, a, fields), "list_status": s} for a, s in rows], 1000)


def suggestions(meta: Meta, request: Request) -> Response:
    if bearer(request) is None:
        return error(401, "unauthorised")
    seed = meta.world.seed
    items = sorted(catalogue(meta.world), key=lambda a: derive(seed, "mal-suggest", a.mal_id))
    fields = _fields(request)
    return _paged(request, [{"node": node(seed, a, fields)} for a in items], 100)


def anime(meta: Meta, request: Request) -> Response:
    raw = request.path_params["ident"]
    found = by_mal(meta.world).get(int(raw)) if raw.isdigit() else None
    if found is None:
        raise Missing()
    return json_body(node(meta.world.seed, found, _fields(request) | {"media_type", "start_date"}))


def authorize(meta: Meta, request: Request) -> Response:
    q = request.query_params
    if q.get("client_id") != meta.mal.client_id or q.get("response_type") != "code":
        return json_body({"error": "invalid_request", "message": "unknown client_id or response_type"}, 400)
    challenge = q.get("code_challenge") or ""
    if not 43 <= len(challenge) <= 128:
        return json_body({"error": "invalid_request", "message": "code_challenge must be 43-128 characters"}, 400)
    import secrets
    code = secrets.token_hex(12)
    meta.mal.codes[code] = challenge
    return RedirectResponse(f"http://localhost/?code={code}", status_code=302)


async def token(meta: Meta, request: Request) -> Response:
    from urllib.parse import parse_qs
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8")).items()}  # form-encoded
    state = meta.mal
    if form.get("client_id") != state.client_id or form.get("client_secret") != state.client_secret:
        return json_body({"error": "invalid_client", "message": "Client authentication failed"}, 401)
    grant = form.get("grant_type")
    if grant == "authorization_code":
        challenge = state.codes.pop(str(form.get("code") or ""), None)
        if challenge is None or challenge != form.get("code_verifier"):
            return json_body({"error": "invalid_grant", "message": "The authorization code or verifier is invalid",
                              "hint": "Authorization code has been revoked or is invalid"}, 400)
        return json_body(state.issue())
    if grant == "refresh_token":
        old = state.refresh.pop(str(form.get("refresh_token") or ""), None)
        if old is None:
            return json_body({"error": "invalid_grant", "message": "The refresh token is invalid."}, 400)
        state.expire(old)
        state.refreshed += 1
        return json_body(state.issue())
    return json_body({"error": "unsupported_grant_type", "message": "grant_type is not supported"}, 400)


def _wrap(meta: Meta, fn: Callable[[Meta, Request], Response]) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        try:
            return fn(meta, request)
        except Missing:
            return error(404, "not_found")
        except Bad as exc:
            return json_body({"message": str(exc), "error": "bad_request"}, 400)
    return run


def routes(meta: Meta) -> list[BaseRoute]:
    async def token_route(request: Request) -> Response:
        return await token(meta, request)

    return [Route("/v1/oauth2/authorize", _wrap(meta, authorize), methods=["GET"]),
            Route("/v1/oauth2/token", token_route, methods=["POST"]),
            Route("/v2/anime/ranking", _wrap(meta, ranking), methods=["GET"]),
            Route("/v2/anime/suggestions", _wrap(meta, suggestions), methods=["GET"]),
            Route("/v2/anime/season/{year}/{season}", _wrap(meta, season), methods=["GET"]),
            Route("/v2/users/{user}/animelist", _wrap(meta, userlist), methods=["GET"]),
            Route("/v2/anime/{ident}", _wrap(meta, anime), methods=["GET"])]
