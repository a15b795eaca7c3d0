"""OMDb under ``/omdb`` (``KOMETA_OMDB_URL=http://HOST:PORT/omdb`` replaces
``https://www.omdbapi.com``), in OMDb's documented JSON.

* ``GET /omdb/?i=tt…&apikey=K``: the title's record — ``Title``, ``Year``, ``Rated``, ``Released``
  (``05 May 2017``), ``Runtime`` (``136 min``), ``Genre``, ``Plot``, ``Language``, ``Country``,
  ``Poster``, ``Ratings`` (``Internet Movie Database`` ``7.6/10``, ``Rotten Tomatoes`` ``85%``,
  ``Metacritic`` ``67/100``), ``Metascore``, ``imdbRating``, ``imdbVotes`` (``772,729``),
  ``imdbID``, ``Type`` (``movie``/``series``; series ``totalSeasons``), ``Response: "True"``; an
  episode's id (``tt4…``, as plexsim's episodes carry) gives ``Type: episode`` with ``seriesID``,
  ``Season`` and ``Episode``;
  values OMDb lacks are ``"N/A"``. ``imdbRating``/``imdbVotes`` are IMDb's (the same numbers
  metasim's IMDb serves).
* Errors as OMDb sends them: a malformed id is 200 ``{"Response": "False", "Error": "Incorrect
  IMDb ID."}``, an unknown one 200 ``"Error getting data."``; a wrong key 401 ``"Invalid API
  key!"``; past the key's daily limit (:class:`OmdbState`, ``Meta.omdb``, 1,000 by default) 401
  ``"Request limit reached!"``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..app import Service
from ..model import Title, derive
from ..tables import MOVIE_GENRES, TV_GENRES

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/omdb"
_IMDB = re.compile(r"^tt\d{5,}$")


@dataclass
class OmdbState:
    apikey: str = "metasim-omdb"
    daily_limit: int = 1000
    used: int = 0  # requests answered today (tests set it)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def spend(self) -> bool:
        with self._lock:
            self.used += 1
            return self.used <= self.daily_limit


def state(meta: Meta) -> OmdbState:
    return meta.omdb


def _body(data: dict[str, Any], status: int = 200) -> Response:
    from ..app import json_body
    return json_body(data, status)


def authorised(meta: Meta, request: Request) -> bool:
    return meta.any_key or request.query_params.get("apikey") == state(meta).apikey


def error(status: int, kind: str) -> Response:
    message = {"unauthorised": "Invalid API key!", "quota": "Request limit reached!",
               "not_found": "Error getting data."}.get(kind, kind)
    return _body({"Response": "False", "Error": message}, status)


def scores(seed: int, title: Title) -> tuple[int, int]:
    """(Metascore, Tomatometer %) of a title: near its vote average, different per title."""
    n = derive(seed, "omdb-scores", title.kind, title.tmdb_id)
    base = title.vote_average * 10
    return max(1, min(100, round(base + n % 25 - 12))), max(0, min(100, round(base + (n // 25) % 31 - 15)))


def record(meta: Meta, title: Title) -> dict[str, Any]:
    from ..imdb.graphql import rating, votes
    seed = meta.world.seed
    metascore, tomatoes = scores(seed, title)
    has_scores = title.vote_count >= 50  # little-known titles have no critics' scores, as on OMDb
    genres = MOVIE_GENRES if title.kind == "movie" else TV_GENRES
    date = title.release_date
    imdb = rating(seed, title)
    ratings = [{"Source": "Internet Movie Database", "Value": f"{imdb}/10"}]
    if has_scores:
        ratings += [{"Source": "Rotten Tomatoes", "Value": f"{tomatoes}%"},
                    {"Source": "Metacritic", "Value": f"{metascore}/100"}]
    out: dict[str, Any] = {
        "Title": title.title, "Year": str(title.year or "N/A") + ("–" if title.kind == "tv" else ""),
        "Rated": title.certifications.get("US") or "N/A",
        "Released": date.strftime("%d %b %Y") if date else "N/A", "Runtime": f"{title.runtime} min",
        "Genre": ", ".join(genres[g] for g in title.genre_ids if g in genres) or "N/A",
        "Plot": title.overview or "N/A", "Language": title.original_language, "Country": ", ".join(title.origin_countries) or "N/A",
        "Poster": f"https://m.media-amazon.com/images/M/{title.imdb_id}.jpg", "Ratings": ratings,
        "Metascore": str(metascore) if has_scores else "N/A", "imdbRating": str(imdb), "imdbVotes": f"{votes(title):,}",
        "imdbID": title.imdb_id, "Type": "movie" if title.kind == "movie" else "series", "Response": "True"}
    if title.kind == "tv":
        out["totalSeasons"] = str(len(title.seasons) or 1)
    return out


def episode_record(show: Title, season: Any, number: int, imdb_id: str) -> dict[str, Any]:
    """An episode's record, as OMDb gives one: ``Type: episode``, ``seriesID`` (the show's IMDb id),
    ``Season`` and ``Episode``."""
    from datetime import date

    aired = date.fromordinal(season.air_date.toordinal() + 7 * (number - 1))
    return {"Title": f"Episode {number}", "Year": str(aired.year), "Rated": show.certifications.get("US") or "N/A",
            "Released": aired.strftime("%d %b %Y"), "Season": str(season.season_number), "Episode": str(number),
            "Runtime": f"{show.runtime} min", "Plot": "N/A", "imdbID": imdb_id, "seriesID": show.imdb_id,
            "Type": "episode", "Response": "True"}


def _routes(meta: Meta) -> list[BaseRoute]:
    async def lookup(request: Request) -> Response:
        if not state(meta).spend():
            return error(401, "quota")
        ident = (request.query_params.get("i") or "").strip()
        if not _IMDB.match(ident):
            return _body({"Response": "False", "Error": "Incorrect IMDb ID."})
        title = meta.world.by_imdb(ident)
        episode = meta.world.episode_by_imdb(ident) if title is None else None
        if episode is not None:
            return _body(episode_record(*episode, ident))
        if title is None or title.synthetic:
            return _body({"Response": "False", "Error": "Error getting data."})
        return _body(record(meta, title))

    return [Route("/", lookup, methods=["GET"])]


SERVICE = Service(name="omdb", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
