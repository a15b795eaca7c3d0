"""Letterboxd under ``/letterboxd`` (``KOMETA_LETTERBOXD_URL=http://HOST:PORT/letterboxd`` replaces
``https://letterboxd.com``): the HTML pages Kometa reads (Letterboxd has no public API).

* ``GET /{user}/list/{slug}/`` and ``/{user}/list/{slug}/page/{n}/``: a list page, 100 films a
  page, each film a ``LazyPoster`` element (``data-item-slug``, ``data-item-link="/film/{slug}/"``,
  ``data-item-name="Title (Year)"``, ``data-postered-identifier`` JSON with ``uid: "film:N"``),
  ``<a class="next" href="…/page/{n+1}/">`` while there are more, and the list's description in
  ``<meta name="description" content="… About this list: …">``.
* Every form Kometa accepts: ``/{user}/list/{slug}/share/{code}/`` (a shared private list: the same
  films), ``.../by/{sort}/`` (``name``, ``popular``, ``newest``, ``oldest``, ``release``,
  ``release-earliest``, ``rating``, ``rating-lowest``, ``shortest``, ``longest``, ``added``,
  ``updated``; another is 404), ``/{user}/watchlist/`` (``by/{sort}/``), ``/films/...`` browse pages
  (``popular/this/week/genre/horror/``: a ``genre/SLUG/`` segment narrows them) and
  ``/{user}/films/...`` (the user's watched films, each with the user's ``rated-N`` under its poster
  in ``<p class="poster-viewingdata">`` when rated), all paged by ``page/{n}/``, in the same markup;
  ``/{user}/films/reviews/``: the films the user reviewed, as ``film-detail`` articles (rating, review text).
* ``GET /boxd/{code}`` (``KOMETA_BOXD_URL=http://HOST:PORT/boxd`` replaces ``https://boxd.it``):
  a short link, 301 to ``https://letterboxd.com/boxd{code}/list/shared-list-N/``.
* ``GET /{user}/list/{slug}/detail/`` (``/page/{n}/``): the same films as ``<article
  class="film-detail">`` entries carrying the owner's rating (``<span class="rating rated-N">``,
  N of 10, half stars as Letterboxd does) and note (``<div class="body-text">``).
* ``GET /film/{slug}/``: a film page whose ``<body>`` has ``data-tmdb-id`` / ``data-tmdb-type`` and
  whose TMDb and IMDb buttons are ``<a data-track-action="TMDB" href="https://www.themoviedb.org/movie/N/">``
  and ``<a data-track-action="IMDb" href="http://www.imdb.com/title/tt…/maindetails">``.

Every well-formed user/list resolves deterministically from the world (movies only, mostly the
library's, some missing); a user or list starting with ``missing`` is 404, as is an unknown film
slug. Letterboxd takes no key (``authorised`` is always true); faults answer an HTML error page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute

from ..app import Service

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/letterboxd"


def authorised(meta: Meta, request: Request) -> bool:
    return True


def error(status: int, kind: str) -> Response:
    heading = {"not_found": "Sorry, we can’t find the page you’ve requested.",
               "rate_limited": "Too many requests"}.get(kind, "Letterboxd is unavailable")
    return HTMLResponse(f"<!DOCTYPE html><html><head><title>Letterboxd</title></head><body class=\"error\">"
                        f"<section class=\"message\"><h1>{heading}</h1></section></body></html>", status_code=status)


def _routes(meta: Meta) -> list[BaseRoute]:
    from .routes import routes
    return routes(meta)


def _boxd_routes(meta: Meta) -> list[BaseRoute]:
    from .routes import boxd_routes
    return boxd_routes(meta)


SERVICE = Service(name="letterboxd", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
BOXD = Service(name="boxd", prefix="/boxd", routes=_boxd_routes, authorised=authorised, error=error)
