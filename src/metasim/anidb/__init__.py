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
  studio (the element is left out, as AniDB does). An unknown id is 404.

The anime are the world's (:mod:`metasim.anime`), by their AniDB ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from ..anime import Anime, catalogue
from ..app import Service
from ..model import derive

if TYPE_CHECKING:
    from ..app import Meta

TAGS = ("action", "comedy", "drama", "fantasy", "romance", "science fiction", "school", "military", "mecha",
        "slice of life", "shounen", "seinen", "music", "mystery", "horror", "sports")
STUDIOS = ("Madhouse", "Sunrise", "Bones", "Production I.G", "MAPPA", "Kyoto Animation", "Toei Animation")


def _attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


def anime_xml(seed: int, a: Anime) -> str:
    t = a.title
    n = derive(seed, "anidb", a.anidb_id)
    kind = "Movie" if t.kind == "movie" else ("TV Series", "OVA", "Web")[n % 3]
    parts = [f'<anime id="{a.anidb_id}" restricted="false">', f"<type>{kind}</type>",
             f"<episodecount>{1 if t.kind == 'movie' else 12 + n % 14}</episodecount>"]
    if t.release_date:
        parts.append(f"<startdate>{t.release_date.isoformat()}</startdate>")
    main = t.original_title if t.original_language == "ja" else t.title
    parts.append(f'<titles><title xml:lang="x-jat" type="main">{escape(main)}</title>'
                 f'<title xml:lang="en" type="official">{escape(t.title)}</title>'
                 f'<title xml:lang="ja" type="official">{escape(t.original_title)}</title></titles>')
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
    for i in range(2 + n % 5):
        name = TAGS[(n >> (3 * i + 30)) % len(TAGS)]
        if any(f"<name>{name}</name>" in tag for tag in tags):
            continue
        weight = (0, 100, 200, 300, 400, 500, 600)[(n >> (2 * i + 40)) % 7]
        infobox = ' infobox="true"' if i == 0 else ""
        tags.append(f'<tag id="{100 + TAGS.index(name)}" weight="{weight}"{infobox} localspoiler="false" '
                    f'globalspoiler="false" verified="true"><name>{escape(name)}</name></tag>')
    parts.append(f"<tags>{''.join(tags)}</tags>")
    resources = f'<resource type="2"><externalentity><identifier>{a.mal_id}</identifier></externalentity></resource>'
    if t.imdb_id:
        resources += (f'<resource type="43"><externalentity><identifier>{_attr(t.imdb_id)}</identifier>'
                      f"</externalentity></resource>")
    parts.append(f"<resources>{resources}</resources></anime>")
    return "".join(parts)


def _routes(meta: Meta) -> list[BaseRoute]:
    async def anime(request: Request) -> Response:
        raw = request.path_params["aid"]
        found = next((a for a in catalogue(meta.world) if raw.isdigit() and a.anidb_id == int(raw)), None)
        if found is None:
            return _error(404, "not_found")
        return Response(anime_xml(meta.world.seed, found), media_type="application/xml")
    return [Route("/anime/{aid}", anime, methods=["GET"])]


def _error(status: int, kind: str) -> Response:
    return PlainTextResponse("404: Not Found" if status == 404 else kind, status_code=status)


SERVICE = Service(name="anidb", prefix="/anidb", routes=_routes, authorised=lambda meta, request: True, error=_error)
