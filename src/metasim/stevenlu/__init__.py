"""StevenLu's Popular Movies under ``/stevenlu`` (``KOMETA_STEVENLU_URL=http://HOST:PORT/stevenlu``
replaces ``https://s3.amazonaws.com/popular-movies``, the S3 bucket the list is published in).

* ``GET /stevenlu/movies.json``: the list as the bucket serves it — a JSON array, most popular
  first, of ``{"title", "imdb_id", "tmdb_id", "poster_url", "genres"}`` (genres by name). The
  movies are the world's well-rated (``vote_average`` 6 or more) movies with an IMDb id, ranked by
  popularity weighted by a stable draw, at most :data:`SIZE` of them: mostly the library's, some
  missing from it.
* Anything else in the bucket is 404 with S3's XML error (``<Error><Code>NoSuchKey</Code>…``);
  faults answer S3's ``<Error>`` too (``SlowDown`` for 503). The bucket is public: no key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..app import Service
from ..model import Title, derive
from ..tables import MOVIE_GENRES

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/stevenlu"
SIZE = 40
_CODES = {404: ("NoSuchKey", "The specified key does not exist."), 503: ("SlowDown", "Please reduce your request rate."),
          429: ("SlowDown", "Please reduce your request rate."), 405: ("MethodNotAllowed",
                                                                        "The specified method is not allowed.")}


def authorised(meta: Meta, request: Request) -> bool:
    return True


def error(status: int, kind: str) -> Response:
    code, message = _CODES.get(status, ("InternalError", "We encountered an internal error. Please try again."))
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{message}</Message>'
            f"<RequestId>METASIM</RequestId></Error>")
    return Response(body, status_code=status, media_type="application/xml")


def popular(meta: Meta) -> list[Title]:
    """The list's movies, in its order."""
    seed = meta.world.seed
    pool = [t for t in meta.world.movies if t.imdb_id and t.vote_average >= 6.0]
    pool.sort(key=lambda t: (-t.popularity * (0.5 + derive(seed, "stevenlu", t.tmdb_id) % 1000 / 1000), t.tmdb_id))
    return pool[:SIZE]


def _genres(title: Title) -> list[str]:
    return [MOVIE_GENRES[g] for g in title.genre_ids if g in MOVIE_GENRES]


def movies(meta: Meta, request: Request) -> Response:
    from ..app import json_body
    return json_body([{"title": t.title, "imdb_id": t.imdb_id, "tmdb_id": t.tmdb_id,
                       "poster_url": f"https://image.tmdb.org/t/p/w500{t.poster_path}", "genres": _genres(t)}
                      for t in popular(meta)])


def _routes(meta: Meta) -> list[BaseRoute]:
    async def answer(request: Request) -> Response:
        return movies(meta, request)
    return [Route("/movies.json", answer, methods=["GET"])]


SERVICE = Service(name="stevenlu", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
