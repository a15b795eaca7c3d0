"""AniDB under ``/anidb`` (``KOMETA_ANIDB_URL=http://HOST:PORT/anidb`` replaces
``https://utilities.kometa.wiki/anidb-service``, the replacement service Kometa reads instead of
AniDB's own HTTP API; it answers the HTTP API's ``anime`` XML and needs no client registration).

* ``GET /anidb/anime/{aid}[?mature=true|false]``: the anime's XML as AniDB's HTTP API gives it::

    <anime id="…" restricted="false">
      <type>TV Series</type><episodecount>12</episodecount><startdate>2019-04-06</startdate>
      <titles><title xml:lang="x-jat" type="main">…</title>
              <title xml:lang="en" type="official">…</title><title xml:lang="ja" type="official">…</title></titles>
      <creators><name id="…" type="Animation Work">Madhouse</name></creators>
      <ratings><permanent count="…">8.17</permanent><temporary count="…">8.22</temporary>
               <review count="…">8.70</review></ratings>
      <tags><tag id="…" weight="600" infobox="true"><name>action</name></tag>…</tags>
      <resources><resource type="2"><externalentity><identifier>MAL id</identifier></externalentity></resource>…
    </anime>

  ``infobox="true"`` marks AniDB's main tags; weights run 0-600. Some anime lack a review score or a
  studio (the element is left out, as AniDB does). An unknown id is 404. ``<relatedanime>`` holds
  ``<anime id="…" type="Prequel|Sequel">title</anime>``: the anime of one franchise (the franchises
  AniList's relations use, :mod:`metasim.anilist.graph`) are chained by date, so the third of a
  franchise is reached from the first through the second.
* ``GET /anidb/tags/{tag_id}[?limit=100&mature=false]``: the anime with that tag, by its weight
  (highest first; then by id), as the service answers::

    {"tag_id": 36, "tag_name": "military", "limit": 10, "mature": false, "count": 2,
     "results": [{"aid": 12757, "weight": 300}, ...]}

  A tag id below 1 or a limit outside 1-1000 is 400 (``{"detail": …}``); an unknown tag has no
  results and ``tag_name: null``.
* ``GET /anidb/search/tags?tags=a,b[&min_weight=200&mature=false]``: the anime with any of the
  tags (names, any case) at ``min_weight`` or more, the most matching tags first (at most 100)::

    {"query": ["a", "b"], "min_weight": 200, "mature": false, "results": [{"aid": 1, "tag_matches": 2}, ...]}

  Without ``tags`` it is 422, as FastAPI answers.

The world has no restricted (adult) anime, so ``mature`` changes nothing here.

**AniDB's own site** under ``/anidb-web`` (``KOMETA_ANIDB_WEB_URL=http://HOST:PORT/anidb-web``
replaces ``https://anidb.net``), for what Kometa's older ``anidb_popular`` reads:
``GET /anidb-web/latest/anime/popular/?h=1``, AniDB's "Popular Anime" page, a table of the 30 most
popular anime of the world (by TMDb popularity), each row with ``<td class="thumb anime"><a
href="/anime/{aid}">`` and ``<td class="name main anime"><a href="/anime/{aid}">title</a>``.

The anime are the world's (:mod:`metasim.anime`), by their AniDB ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from ..anime import Anime, by_anidb, catalogue
from ..app import Service
from ..model import derive

if TYPE_CHECKING:
    from ..app import Meta
    from ..world import World

TAGS = ("action", "comedy", "drama", "fantasy", "romance", "science fiction", "school", "military", "mecha",
        "slice of life", "shounen", "seinen", "music", "mystery", "horror", "sports")
STUDIOS = ("Madhouse", "Sunrise", "Bones", "Production I.G", "MAPPA", "Kyoto Animation", "Toei Animation")


def _attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


def tags_of(seed: int, a: Anime) -> list[dict[str, Any]]:
    """An anime's tags: ``id``, ``name``, ``weight`` (0-600) and ``infobox`` (the first, main one)."""
    n = derive(seed, "anidb", a.anidb_id)
    out: list[dict[str, Any]] = []
    for i in range(2 + n % 5):
        name = TAGS[(n >> (3 * i + 30)) % len(TAGS)]
        if any(t["name"] == name for t in out):
            continue
        out.append({"id": 100 + TAGS.index(name), "name": name, "infobox": i == 0,
                    "weight": (0, 100, 200, 300, 400, 500, 600)[(n >> (2 * i + 40)) % 7]})
    return out


def related(world: World, a: Anime) -> list[tuple[Anime, str]]:
    """The anime AniDB lists as related to ``a``: its franchise's previous and next (by date)."""
    from ..anilist.graph import _franchises
    group = _franchises(world).get(a.anilist_id, [a])
    place = group.index(a)
    out = [(group[place - 1], "Prequel")] if place > 0 else []
    return out + ([(group[place + 1], "Sequel")] if place + 1 < len(group) else [])


def main_title(a: Anime) -> str:
    t = a.title
    return t.original_title if t.original_language == "ja" else t.title


def anime_xml(world: World, a: Anime) -> str:
    seed = world.seed
    t = a.title
    n = derive(seed, "anidb", a.anidb_id)
    kind = "Movie" if t.kind == "movie" else ("TV Series", "OVA", "Web")[n % 3]
    parts = [f'<anime id="{a.anidb_id}" restricted="false">', f"<type>{kind}</type>",
             f"<episodecount>{1 if t.kind == 'movie' else 12 + n % 14}</episodecount>"]
    if t.release_date:
        parts.append(f"<startdate>{t.release_date.isoformat()}</startdate>")
    parts.append(f'<titles><title xml:lang="x-jat" type="main">{escape(main_title(a))}</title>'
                 f'<title xml:lang="en" type="official">{escape(t.title)}</title>'
                 f'<title xml:lang="ja" type="official">{escape(t.original_title)}</title></titles>')
    links = related(world, a)
    if links:
        parts.append("<relatedanime>" + "".join(f'<anime id="{o.anidb_id}" type="{rel}">{escape(main_title(o))}'
                                                f"</anime>" for o, rel in links) + "</relatedanime>")
    if n % 9:
        studio = STUDIOS[(n >> 8) % len(STUDIOS)]
        parts.append(f'<creators><name id="{1000 + (n >> 8) % len(STUDIOS)}" type="Animation Work">'
                     f"{escape(studio)}</name></creators>")
    base = t.vote_average
    permanent = round(min(10.0, max(1.0, base + ((n >> 12) % 15 - 7) / 10)), 2)
    temporary = round(min(10.0, max(1.0, permanent + ((n >> 16) % 5 - 2) / 10)), 2)
    ratings = (f'<permanent count="{100 + (n >> 20) % 5000}">{permanent:.2f}</permanent>'
               f'<temporary count="{100 + (n >> 21) % 5000}">{temporary:.2f}</temporary>')
    if n % 4:
        review = round(min(10.0, max(1.0, base + ((n >> 24) % 21 - 10) / 10)), 2)
        ratings += f'<review count="{1 + (n >> 26) % 40}">{review:.2f}</review>'
    parts.append(f"<ratings>{ratings}</ratings>")
    tags = []
    for tag in tags_of(seed, a):
        infobox = ' infobox="true"' if tag["infobox"] else ""
        tags.append(f'<tag id="{tag["id"]}" weight="{tag["weight"]}"{infobox} localspoiler="false" '
                    f'globalspoiler="false" verified="true"><name>{escape(tag["name"])}</name></tag>')
    parts.append(f"<tags>{''.join(tags)}</tags>")
    resources = f'<resource type="2"><externalentity><identifier>{a.mal_id}</identifier></externalentity></resource>'
    if t.imdb_id:
        resources += (f'<resource type="43"><externalentity><identifier>{_attr(t.imdb_id)}</identifier>'
                      f"</externalentity></resource>")
    parts.append(f"<resources>{resources}</resources></anime>")
    return "".join(parts)


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "false").lower() == "true"


def _int(request: Request, name: str, default: int) -> int | None:
    raw = request.query_params.get(name)
    return default if raw is None else int(raw) if raw.lstrip("-").isdigit() else None


def _unprocessable(name: str, raw: object) -> Response:
    return JSONResponse({"detail": [{"type": "missing" if raw is None else "int_parsing", "loc": ["query", name],
                                     "msg": "Field required" if raw is None else "Input should be a valid integer",
                                     "input": raw}]}, status_code=422)


def _routes(meta: Meta) -> list[BaseRoute]:
    async def anime(request: Request) -> Response:
        raw = request.path_params["aid"]
        found = by_anidb(meta.world).get(int(raw)) if raw.isdigit() else None
        if found is None:
            return _error(404, "not_found")
        return Response(anime_xml(meta.world, found), media_type="application/xml")

    async def tag(request: Request) -> Response:
        raw = request.path_params["tag_id"]
        limit = _int(request, "limit", 100)
        if not raw.lstrip("-").isdigit() or limit is None:
            return _unprocessable("limit" if raw.lstrip("-").isdigit() else "tag_id",
                                  request.query_params.get("limit") if raw.lstrip("-").isdigit() else raw)
        if int(raw) <= 0:
            return JSONResponse({"detail": "Invalid tag_id. Must be a positive integer."}, status_code=400)
        if not 0 < limit <= 1000:
            return JSONResponse({"detail": "Limit must be between 1 and 1000."}, status_code=400)
        rows = [(a.anidb_id, t["weight"], t["name"]) for a in catalogue(meta.world)
                for t in tags_of(meta.world.seed, a) if t["id"] == int(raw)]
        rows.sort(key=lambda r: (-r[1], r[0]))
        shown = rows[:limit]
        return JSONResponse({"tag_id": int(raw), "tag_name": rows[0][2] if rows else None, "limit": limit,
                             "mature": _flag(request, "mature"), "count": len(shown),
                             "results": [{"aid": aid, "weight": weight} for aid, weight, _ in shown]})

    async def search(request: Request) -> Response:
        names = request.query_params.get("tags")
        least = _int(request, "min_weight", 200)
        if names is None or least is None:
            return _unprocessable("tags" if names is None else "min_weight",
                                  None if names is None else request.query_params.get("min_weight"))
        wanted = [n.strip().lower() for n in names.split(",")]
        rows = []
        for a in catalogue(meta.world):
            matches = sum(1 for t in tags_of(meta.world.seed, a) if t["name"] in wanted and t["weight"] >= least)
            if matches:
                rows.append((a.anidb_id, matches))
        rows.sort(key=lambda r: (-r[1], r[0]))
        return JSONResponse({"query": wanted, "min_weight": least, "mature": _flag(request, "mature"),
                             "results": [{"aid": aid, "tag_matches": count} for aid, count in rows[:100]]})

    return [Route("/anime/{aid}", anime, methods=["GET"]), Route("/tags/{tag_id}", tag, methods=["GET"]),
            Route("/search/tags", search, methods=["GET"])]


def _error(status: int, kind: str) -> Response:
    return PlainTextResponse("404: Not Found" if status == 404 else kind, status_code=status)


def popular_page(world: World) -> str:
    """AniDB's "Popular Anime" page: the 30 most popular anime (by TMDb popularity, then AniDB id)."""
    top = sorted(catalogue(world), key=lambda a: (-a.title.popularity, a.anidb_id))[:30]
    rows = []
    for rank, a in enumerate(top, 1):
        kind = "Movie" if a.title.kind == "movie" else "TV Series"
        rows.append(f'<tr class="{"g_odd" if rank % 2 else ""}"><td class="rank">{rank}</td>'
                    f'<td class="thumb anime"><a href="/anime/{a.anidb_id}"><picture><img '
                    f'src="https://cdn.anidb.net/images/main/{a.anidb_id}.jpg-thumb.jpg" '
                    f'alt="{_attr(main_title(a))}"></picture></a></td>'
                    f'<td class="name main anime"><a href="/anime/{a.anidb_id}">{escape(main_title(a))}</a></td>'
                    f'<td class="type">{kind}</td></tr>')
    return ('<!DOCTYPE html><html lang="en"><head><title>Popular Anime - AniDB</title></head><body>'
            '<div id="layout-main"><h1>Popular Anime</h1><table id="popularanimelist" class="animelist">'
            '<thead><tr><th>Rank</th><th>Image</th><th>Title</th><th>Type</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div></body></html>")


def _web_routes(meta: Meta) -> list[BaseRoute]:
    async def popular(request: Request) -> Response:
        return HTMLResponse(popular_page(meta.world))
    return [Route("/latest/anime/popular/", popular, methods=["GET"])]


def _web_error(status: int, kind: str) -> Response:
    return HTMLResponse(f"<html><body><h1>{status}</h1><p>{escape(kind)}</p></body></html>", status_code=status)


SERVICE = Service(name="anidb", prefix="/anidb", routes=_routes, authorised=lambda meta, request: True, error=_error)
WEB = Service(name="anidb-web", prefix="/anidb-web", routes=_web_routes, authorised=lambda meta, request: True,
              error=_web_error)
