"""TheTVDB's web pages under ``/tvdb`` (``KOMETA_TVDB_URL=http://HOST:PORT/tvdb`` replaces
``https://www.thetvdb.com``), the way Kometa reads TVDb: not the keyed v4 API but the public pages.

* ``GET /dereferrer/series/{id}`` / ``/dereferrer/movie/{id}``: 302 to the title's page, as
  thetvdb.com redirects an id to its slug page (unknown id: 404 page).
* ``GET /series/{slug}`` / ``/movies/{slug}``: HTML with what Kometa's parser looks for: the
  translations ``<div class="change_translation_text" data-language="eng" data-title="…"><p>summary``
  (and, for a title not in English, a hidden block in its original language: its original title and
  the summary marked ``(fra)``),
  and the facts list ``<li><strong>First Aired</strong><span>January 5, 2010</span></li>``
  (``Released`` for movies), ``<strong>Status</strong>``, ``<strong>Genres</strong>`` with one
  ``<a>`` per genre (TVDb's genre names), ``TheTVDB.com Series ID`` (``Movie ID``), a movie's
  ``<a href="https://www.themoviedb.org/movie/N">TheMovieDB.com</a>`` and ``IMDB`` links, and the
  artwork ``<div id="artwork-posters">`` / ``<div id="artwork-backgrounds">`` (``div/div/a/@href``,
  absolute addresses of images served under ``/tvdb/banners/``). A slug is the title's
  (``the-expanse``) or, as the redirect gives it, the title's followed by its id.
* ``GET /lists/{slug or id}`` (``/lists/custom/{id}`` too): a list page, its items as
  ``<div id="general">…<div><div><h3><a href="/series/{slug}">Title</a>`` (``/movies/{slug}`` for a
  movie), the description in ``<div class="block"><div><p>`` (other languages' blocks hidden with
  ``style="display:none"``) and the poster in ``<div id="artwork"><div><div><a href>``. Any list
  resolves to a deterministic draw of the world's shows and movies (mostly the library's); a list
  whose name starts with ``missing`` is 404.
* ``GET /banners/{posters|backgrounds}/{file}.jpg``: a JPEG for any name.

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
from ..model import Title, rng_for

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/tvdb"
#: the world's languages (ISO 639-1) as TVDb names its translations (ISO 639-2)
ISO_639_2 = {"en": "eng", "fr": "fra", "de": "deu", "ja": "jpn", "it": "ita", "es": "spa", "ko": "kor", "hi": "hin",
             "sv": "swe"}
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


def plain_slug(title: Title) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.title.lower()).strip("-")


def _by_slug(meta: Meta, kind: str, text: str) -> Title | None:
    """The title a page slug names: ``title-ID`` (the redirect's form) or the plain title slug."""
    raw = text.rsplit("-", 1)[-1]
    if raw.isdigit():  # (a large world may give two movies one TVDb id: the slug tells them apart)
        number = int(raw)
        found = next((t for t in meta.world.titles if t.kind == kind and t.tvdb_id == number and slug(t) == text), None)
        if found is not None:
            return found
    return next((t for t in meta.world.titles if t.kind == kind and t.tvdb_id and plain_slug(t) == text), None)


def artwork(base: str, kind: str, title: Title) -> str:
    folder = "movies" if title.kind == "movie" else "series"
    return f"{base}{PREFIX}/banners/{kind}/{folder}-{title.tvdb_id}.jpg"


def _find(meta: Meta, kind: str, tvdb_id: int) -> Title | None:
    return meta.world.by_tvdb(tvdb_id, "tv" if kind == "tv" else "movie")


def page(title: Title, base: str = "") -> str:
    """A title's page; ``base`` (``http://HOST:PORT``) makes the artwork addresses absolute."""
    day = title.release_date.strftime("%B %-d, %Y") if title.release_date else ""
    when = "Released" if title.kind == "movie" else "First Aired"
    what = "Movie" if title.kind == "movie" else "Series"
    links = ", ".join(f'<a href="/genres/{html.escape(g.lower())}">{html.escape(g)}</a>' for g in genres(title))
    original = ISO_639_2.get(title.original_language)
    other = (f'<div class="change_translation_text" data-language="{original}" style="display:none" '
             f'data-title="{html.escape(title.original_title)}"><p>({original}) {html.escape(title.overview)}</p></div>'
             if original and original != "eng" else "")
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title.title)}</title></head><body>"
            f'<div class="change_translation_text" data-language="eng" data-title="{html.escape(title.title)}">'
            f"<p>{html.escape(title.overview)}</p></div>{other}"
            f'<ul class="list-group"><li class="list-group-item"><strong>TheTVDB.com {what} ID</strong>'
            f"<span>{title.tvdb_id}</span></li>"
            f'<li class="list-group-item"><strong>{when}</strong><span>{day}</span></li>'
            f'<li class="list-group-item"><strong>Status</strong><span>{html.escape(title.status)}</span></li>'
            f'<li class="list-group-item"><strong>Genres</strong><span>{links}</span></li></ul>'
            f"{_other_sites(title)}"
            f'<div id="artwork-posters"><div class="row"><div class="col-xs-6">'
            f'<a href="{artwork(base, "posters", title)}" class="thumbnail"><img src=""></a></div></div></div>'
            f'<div id="artwork-backgrounds"><div class="row"><div class="col-xs-6">'
            f'<a href="{artwork(base, "backgrounds", title)}" class="thumbnail"><img src=""></a></div></div></div>'
            "</body></html>")


def _other_sites(title: Title) -> str:
    if title.kind != "movie":
        return ""
    links = [f'<a href="https://www.themoviedb.org/movie/{title.tmdb_id}" target="_blank">TheMovieDB.com</a>']
    if title.imdb_id:
        links.append(f'<a href="https://www.imdb.com/title/{title.imdb_id}/" target="_blank">IMDB</a>')
    return f'<ul class="list-inline">{"".join(f"<li>{a}</li>" for a in links)}</ul>'


def list_titles(meta: Meta, name: str) -> list[Title]:
    """The titles of any list: a deterministic draw of shows and movies with a TVDb id (each draw a
    show or a movie alike, mostly the library's)."""
    world = meta.world
    pools = {kind: ([t for t in world.titles if t.tvdb_id and t.kind == kind and t.in_library],
                    [t for t in world.titles if t.tvdb_id and t.kind == kind and not t.in_library])
             for kind in ("tv", "movie")}
    kinds = [kind for kind, (lib, miss) in pools.items() if lib or miss]
    rng = rng_for(world.seed, "tvdb-list", name.lower())
    want = rng.randint(5, 25)
    chosen: dict[int, Title] = {}
    for _ in range(want * 3):
        if len(chosen) >= want or not kinds:
            break
        lib, miss = pools[rng.choice(kinds)]
        t = rng.choice(lib if (rng.random() < 0.8 and lib) or not miss else miss)
        chosen.setdefault(id(t), t)
    return list(chosen.values())


def list_page(meta: Meta, name: str, base: str) -> str:
    titles = list_titles(meta, name)
    shown = name.replace("-", " ").title()
    rows = "".join(
        f'<div class="row"><div class="col-xs-12"><h3><a href="/{"movies" if t.kind == "movie" else "series"}/'
        f'{slug(t)}">{html.escape(t.title)}</a></h3><p>{html.escape(t.overview[:80])}</p></div></div>'
        for t in titles)
    poster = f"{base}{PREFIX}/banners/posters/list-{re.sub(r'[^a-z0-9]+', '-', name.lower())}.jpg"
    return (f"<!DOCTYPE html><html><head><title>{html.escape(shown)}</title></head><body>"
            f'<div class="block"><div style="display:none" data-language="fra"><p>Liste {html.escape(shown)}</p></div>'
            f'<div data-language="eng"><p>{html.escape(shown)}: {len(titles)} titles chosen on TheTVDB.</p></div></div>'
            f'<div id="artwork"><div class="row"><div class="col-xs-6"><a href="{poster}"><img src=""></a>'
            f"</div></div></div>"
            f'<div id="general"><div class="list-items">{rows}</div></div></body></html>')


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
        folder = request.path_params["folder"]
        if folder not in ("series", "movies"):
            return error(404, "not_found")
        title = _by_slug(meta, "tv" if folder == "series" else "movie", request.path_params["slug"])
        if title is None:
            return error(404, "not_found")
        return HTMLResponse(page(title, _base(request)))

    async def a_list(request: Request) -> Response:
        name = request.path_params["name"].strip("/")
        name = name.removeprefix("custom/")
        if not name or "/" in name or name.lower().startswith("missing"):
            return error(404, "not_found")
        return HTMLResponse(list_page(meta, name, _base(request)))

    async def banner(request: Request) -> Response:
        from ..tmdb.images import image
        name = request.path_params["file"]
        if request.path_params["kind"] not in ("posters", "backgrounds") or not name.endswith(".jpg"):
            return error(404, "not_found")
        return Response(image(f"tvdb-{request.path_params['kind']}-{name}"), media_type="image/jpeg")

    return [Route("/dereferrer/{kind:str}/{ident:str}", dereferrer, methods=["GET"]),
            Route("/lists/{name:path}", a_list, methods=["GET"]),
            Route("/banners/{kind:str}/{file:str}", banner, methods=["GET"]),
            Route("/{folder:str}/{slug:str}", title_page, methods=["GET"])]


def _base(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


SERVICE = Service(name="tvdb", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
