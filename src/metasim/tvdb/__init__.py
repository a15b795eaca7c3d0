"""TheTVDB's web pages under ``/tvdb`` (``KOMETA_TVDB_URL=http://HOST:PORT/tvdb`` replaces
``https://www.thetvdb.com``), the way Kometa reads TVDb: not the keyed v4 API but the public pages.

* ``GET /dereferrer/series/{id}`` / ``/dereferrer/movie/{id}``: 302 to the title's page, as
  thetvdb.com redirects an id to its slug page (unknown id: 404 page).
* ``GET /series/{slug}`` / ``/movies/{slug}``: HTML with what Kometa's parser looks for: the
  translations ``<div class="change_translation_text" data-language="eng" data-title="…"><p>summary``,
  and the facts list ``<li><strong>First Aired</strong><span>January 5, 2010</span></li>``
  (``Released`` for movies), ``<strong>Status</strong>``, ``<strong>Genres</strong>`` with one
  ``<a>`` per genre (TVDb's genre names), and ``TheTVDB.com Series ID``.

A show's TVDb id is the world's; movies use the world's movie TVDb ids (60% of movies have one).
No key is needed (they are public pages).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..app import Service
from ..model import Title

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/tvdb"
#: TMDb genre -> TVDb's names for it
GENRES = {"Science Fiction": ["Science Fiction"], "Sci-Fi & Fantasy": ["Science Fiction", "Fantasy"],
          "Action & Adventure": ["Action", "Adventure"], "War & Politics": ["War"], "Kids": ["Children"],
          "TV Movie": [], "Soap": ["Soap"], "Talk": ["Talk Show"], "Reality": ["Reality"]}


def authorised(meta: Meta, request: Request) -> bool:
    return True


def error(status: int, kind: str) -> Response:
    return HTMLResponse(f"<html><body><h1>{status}</h1><p>{html.escape(kind)}</p></body></html>", status)


def genres(title: Title) -> list[str]:
    from ..imdb.graphql import genres as mapped
    return mapped(title, GENRES)


def slug(title: Title) -> str:
    return f"{re.sub(r'[^a-z0-9]+', '-', title.title.lower()).strip('-')}-{title.tvdb_id}"


def _find(meta: Meta, kind: str, tvdb_id: int) -> Title | None:
    if kind == "tv":
        return meta.world.by_tvdb(tvdb_id)
    return next((t for t in meta.world.titles if t.kind == "movie" and t.tvdb_id == tvdb_id), None)


def page(title: Title) -> str:
    day = title.release_date.strftime("%B %-d, %Y") if title.release_date else ""
    when = "Released" if title.kind == "movie" else "First Aired"
    what = "Movie" if title.kind == "movie" else "Series"
    links = ", ".join(f'<a href="/genres/{html.escape(g.lower())}">{html.escape(g)}</a>' for g in genres(title))
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title.title)}</title></head><body>"
            f'<div class="change_translation_text" data-language="eng" data-title="{html.escape(title.title)}">'
            f"<p>{html.escape(title.overview)}</p></div>"
            f'<ul class="list-group"><li class="list-group-item"><strong>TheTVDB.com {what} ID</strong>'
            f"<span>{title.tvdb_id}</span></li>"
            f'<li class="list-group-item"><strong>{when}</strong><span>{day}</span></li>'
            f'<li class="list-group-item"><strong>Status</strong><span>{html.escape(title.status)}</span></li>'
            f'<li class="list-group-item"><strong>Genres</strong><span>{links}</span></li></ul></body></html>')


def _routes(meta: Meta) -> list[BaseRoute]:
    async def dereferrer(request: Request) -> Response:
        kind = "tv" if request.path_params["kind"] == "series" else "movie"
        raw = request.path_params["ident"]
        title = _find(meta, kind, int(raw)) if raw.isdigit() else None
        if title is None:
            return error(404, "not_found")
        folder = "series" if kind == "tv" else "movies"
        return RedirectResponse(f"{PREFIX}/{folder}/{slug(title)}", status_code=302)

    async def title_page(request: Request) -> Response:
        kind = "tv" if request.path_params["folder"] == "series" else "movie"
        raw = request.path_params["slug"].rsplit("-", 1)[-1]
        title = _find(meta, kind, int(raw)) if raw.isdigit() else None
        if title is None or slug(title) != request.path_params["slug"]:
            return error(404, "not_found")
        return HTMLResponse(page(title))

    return [Route("/dereferrer/{kind:str}/{ident:str}", dereferrer, methods=["GET"]),
            Route("/{folder:str}/{slug:str}", title_page, methods=["GET"])]


SERVICE = Service(name="tvdb", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
