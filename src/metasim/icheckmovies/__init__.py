"""ICheckMovies under ``/icheckmovies`` (``KOMETA_ICHECKMOVIES_URL=http://HOST:PORT/icheckmovies``
replaces ``https://www.icheckmovies.com``): the list pages Kometa reads (ICheckMovies has no API).

* ``GET /icheckmovies/lists/{slug}/``: the list on one page — ``<div class="span-19 last">`` with the
  list's ``<h1>`` name and ``<p><em>`` description, then ``<ol id="itemList">`` of
  ``<li class="listItem listItemMovie movie">`` entries, each with its title link
  (``/movies/{slug}/``), year and IMDb button ``<a class="optionIcon optionIMDB external"
  href="http://www.imdb.com/title/tt…/">``, in the list's order.

Every well-formed slug resolves to a deterministic list of the world's movies with IMDb ids (mostly
the library's, some missing); a slug starting with ``missing`` is 404 (ICheckMovies' "page not
found"). No key; faults answer an HTML error page.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from ..app import Service
from ..model import Title, rng_for

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/icheckmovies"


def authorised(meta: Meta, request: Request) -> bool:
    return True


def error(status: int, kind: str) -> Response:
    heading = "Page not found" if kind == "not_found" else "ICheckMovies is unavailable"
    return HTMLResponse(f"<!DOCTYPE html><html><head><title>{heading} - iCheckMovies.com</title></head>"
                        f"<body><div class=\"span-24\"><h1>{heading}</h1></div></body></html>", status_code=status)


def films(meta: Meta, slug: str) -> list[Title]:
    """The list's movies, in its order."""
    world = meta.world
    rng = rng_for(world.seed, "icheckmovies", slug.lower())
    lib = [t for t in world.movies if t.in_library and t.imdb_id]
    miss = [t for t in world.movies if not t.in_library and t.imdb_id]
    chosen: dict[int, Title] = {}
    want = rng.randint(12, 40)
    for _ in range(want * 3):
        if len(chosen) >= want or not (lib or miss):
            break
        pick = rng.choice(lib if (rng.random() < 0.8 and lib) or not miss else miss)
        chosen.setdefault(pick.tmdb_id, pick)
    return list(chosen.values())


def _name(slug: str) -> str:
    return slug.replace("+", " ").replace("-", " ").strip().title() or "A List"


def page(meta: Meta, slug: str) -> str:
    items = []
    for n, t in enumerate(films(meta, slug), 1):
        movie = "-".join(t.title.lower().split())
        items.append(
            f'<li class="listItem listItemMovie movie" id="movie_{t.tmdb_id}"><span class="rank">{n}</span>'
            f'<h2><a class="title" href="/movies/{html.escape(movie)}/">{html.escape(t.title)}</a></h2>'
            f'<span class="info"><a href="/movies/?year={t.year}">{t.year}</a></span>'
            f'<a class="optionIcon optionIMDB external" href="http://www.imdb.com/title/{t.imdb_id}/" '
            f'title="View {html.escape(t.title)} on IMDb">IMDb</a></li>')
    name = html.escape(_name(slug))
    return (f"<!DOCTYPE html><html><head><title>{name} - iCheckMovies.com</title></head><body>"
            f'<div class="span-19 last"><h1>{name}</h1><p><em>The movies of {name}, as checked by our members.'
            f'</em></p></div><ol id="itemList" class="itemList">{"".join(items)}</ol></body></html>')


def _routes(meta: Meta) -> list[BaseRoute]:
    async def list_page(request: Request) -> Response:
        slug = request.path_params["slug"]
        if slug.lower().startswith("missing"):
            return error(404, "not_found")
        return HTMLResponse(page(meta, slug))
    return [Route("/lists/{slug}/", list_page, methods=["GET"]), Route("/lists/{slug}", list_page, methods=["GET"])]


SERVICE = Service(name="icheckmovies", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
