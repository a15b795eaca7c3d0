"""Letterboxd pages (see the package docstring for their shapes)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Awaitable, Callable
from html import escape
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from ..model import Title, derive, rng_for
from . import PREFIX, error

if TYPE_CHECKING:
    from ..app import Meta
    from ..world import World

PAGE = 100  # films per list page, as Letterboxd shows them
_lock = threading.Lock()


class Films:
    """The world's movies under Letterboxd slugs (``the-matrix``, ``the-matrix-1999`` on a clash)."""

    def __init__(self, world: World) -> None:
        self.by_slug: dict[str, Title] = {}
        self.slug_of: dict[int, str] = {}
        for t in world.movies:
            base = re.sub(r"[^a-z0-9]+", "-", t.title.lower()).strip("-") or "film"
            slug = base
            if slug in self.by_slug:
                slug = f"{base}-{t.year}" if t.year else f"{base}-{t.index}"
            if slug in self.by_slug:
                slug = f"{base}-{t.index}"
            self.by_slug[slug] = t
            self.slug_of[t.tmdb_id] = slug

    def film_id(self, seed: int, title: Title) -> int:
        return 10_000 + derive(seed, "letterboxd-film", title.tmdb_id) % 900_000


def films(meta: Meta) -> Films:
    with _lock:
        found = getattr(meta, "_letterboxd_films", None)
        if found is None:
            found = Films(meta.world)
            meta._letterboxd_films = found  # type: ignore[attr-defined]
        return found


class Missing(Exception):
    pass


def pick(meta: Meta, user: str, slug: str) -> list[Title]:
    """The films of any list: a deterministic draw from the world (mostly the library's movies)."""
    if user.lower().startswith("missing") or slug.lower().startswith("missing"):
        raise Missing()
    world = meta.world
    lib = [t for t in world.movies if t.in_library]
    miss = [t for t in world.movies if not t.in_library]
    rng = rng_for(world.seed, "letterboxd", user.lower(), slug.lower())
    want = rng.randint(15, 160)
    chosen: dict[int, Title] = {}
    for _ in range(want * 3):
        if len(chosen) >= want or not (lib or miss):
            break
        pool = lib if (rng.random() < 0.8 and lib) or not miss else miss
        t = rng.choice(pool)
        chosen.setdefault(t.tmdb_id, t)
    return list(chosen.values())


def owner_rating(seed: int, user: str, title: Title) -> int | None:
    """The list owner's rating of a film, 1-10 (half stars), or None (not rated)."""
    n = derive(seed, "letterboxd-rating", user.lower(), title.tmdb_id)
    if n % 5 == 0:
        return None
    return max(1, min(10, round(title.vote_average) + (n // 5) % 3 - 1))


def owner_note(seed: int, user: str, title: Title) -> str | None:
    n = derive(seed, "letterboxd-note", user.lower(), title.tmdb_id)
    return None if n % 3 else f"A {('favourite', 'classic', 'rewatch')[n // 3 % 3]} of mine."


def _poster(seed: int, f: Films, t: Title) -> str:
    slug = f.slug_of[t.tmdb_id]
    ident = json.dumps({"lid": f"{f.film_id(seed, t):x}".upper(), "uid": f"film:{f.film_id(seed, t)}", "type": "film"})
    name = f"{t.title} ({t.year})" if t.year else t.title
    return (f'<div class="react-component" data-component-class="LazyPoster" data-item-slug="{escape(slug)}" '
            f'data-item-link="/film/{escape(slug)}/" data-item-name="{escape(name)}" '
            f"data-postered-identifier='{escape(ident, quote=False)}'></div>")


SORTS: dict[str, Callable[[list[Title]], list[Title]]] = {
    "name": lambda ts: sorted(ts, key=lambda t: (t.title.lower(), t.tmdb_id)),
    "popular": lambda ts: sorted(ts, key=lambda t: (-t.popularity, t.tmdb_id)),
    "newest": lambda ts: ts[::-1], "added": lambda ts: ts[::-1], "oldest": list, "added-earliest": list,
    "updated": list,
    "release": lambda ts: sorted(ts, key=lambda t: (t.date_text, t.tmdb_id), reverse=True),
    "release-earliest": lambda ts: sorted(ts, key=lambda t: (t.date_text or "9999", t.tmdb_id)),
    "rating": lambda ts: sorted(ts, key=lambda t: (-t.vote_average, t.tmdb_id)),
    "rating-lowest": lambda ts: sorted(ts, key=lambda t: (t.vote_average, t.tmdb_id)),
    "shortest": lambda ts: sorted(ts, key=lambda t: (t.runtime, t.tmdb_id)),
    "longest": lambda ts: sorted(ts, key=lambda t: (-t.runtime, t.tmdb_id)),
}
_LIST_PATH = re.compile(r"^(?P<user>[^/]+)/list/(?P<slug>[^/]+)/(?:share/(?P<share>[^/]+)/)?(?P<detail>detail/)?"
                        r"(?:by/(?P<sort>[^/]+)/)?$")
_WATCHLIST = re.compile(r"^(?P<user>[^/]+)/watchlist/(?:by/(?P<sort>[^/]+)/)?$")
_FILMS = re.compile(r"^(?:(?P<user>[^/]+)/)?films/(?P<rest>(?:[^/]+/)*)$")
_PAGE = re.compile(r"^(?P<base>.*?)page/(?P<page>\d+)/$")


def _sorted(titles: list[Title], sort: str | None) -> list[Title]:
    if sort is None:
        return titles
    if sort not in SORTS:
        raise Missing()
    return SORTS[sort](titles)


def _films_of(meta: Meta, user: str | None, rest: str) -> tuple[list[Title], str | None]:
    """A /films/ browse page (``popular/this/week/genre/horror/``, ``by/name/``) or a user's watched
    films: a draw from the world, narrowed by a ``genre/SLUG/`` segment, in the ``by/SORT/`` order."""
    parts = [p for p in rest.split("/") if p]
    sort = None
    if "by" in parts and parts.index("by") + 1 < len(parts):
        sort = parts[parts.index("by") + 1]
    titles = pick(meta, user or "films", "/".join(p for p in parts if p != sort and p != "by") or "all")
    if "genre" in parts and parts.index("genre") + 1 < len(parts):
        from ..tables import MOVIE_GENRES
        wanted = parts[parts.index("genre") + 1]
        titles = [t for t in titles if any(re.sub(r"[^a-z0-9]+", "-", MOVIE_GENRES.get(g, "").lower()) == wanted
                                           for g in t.genre_ids)]
    return titles, sort


def any_page(meta: Meta, request: Request) -> Response:
    """Every page of films: lists (``/share/…``, ``/detail/``, ``/by/…``), watchlists, /films/ pages."""
    rest = request.url.path.split(f"{PREFIX}/", 1)[-1]
    rest = rest if rest.endswith("/") else f"{rest}/"
    page, base = 1, rest
    paged = _PAGE.match(rest)
    if paged:
        base, page = paged.group("base"), int(paged.group("page"))
        if page < 1:
            raise Missing()
    detail = False
    description = None
    if (m := _LIST_PATH.match(base)) is not None:
        if (m.group("share") or "").startswith("missing"):
            raise Missing()
        user, name = m.group("user"), m.group("slug").replace("-", " ").title()
        titles = _sorted(pick(meta, user, m.group("slug")), m.group("sort"))
        detail = m.group("detail") is not None
        description = f"Films {user} keeps coming back to: {name.lower()}."
    elif (m := _WATCHLIST.match(base)) is not None:
        user, name = m.group("user"), f"{m.group('user')}'s Watchlist"
        titles = _sorted(pick(meta, user, "watchlist"), m.group("sort"))
    elif (m := _FILMS.match(base)) is not None and m.group("user") and m.group("rest") == "reviews/":
        user, name = m.group("user"), f"Reviews by {m.group('user')}"  # the films the user wrote about
        seed = meta.world.seed
        titles = [t for t in pick(meta, user, "all") if owner_note(seed, user, t)]
        detail = True
    elif (m := _FILMS.match(base)) is not None:
        user = m.group("user") or "letterboxd"
        name = "Films"
        found, sort = _films_of(meta, m.group("user"), m.group("rest"))
        titles = _sorted(found, sort)
        rated = m.group("user") is not None  # a user's films show that user's rating under each poster
        return render(meta, user, name, titles, page, detail, f"/{base}", description, rated)
    else:
        raise Missing()
    return render(meta, user, name, titles, page, detail, f"/{base}", description)


def render(meta: Meta, user: str, name: str, titles: list[Title], page: int, detail: bool, base: str,
           about: str | None, rated: bool = False) -> Response:
    shown = titles[(page - 1) * PAGE:page * PAGE]
    if page > 1 and not shown:
        raise Missing()
    seed, f = meta.world.seed, films(meta)
    entries = []
    for rank, t in enumerate(shown, (page - 1) * PAGE + 1):
        if not detail:
            mine = owner_rating(seed, user, t) if rated else None
            viewing = (f'<p class="poster-viewingdata"><span class="rating -micro -darker rated-{mine}"></span></p>'
                       if mine else "")
            entries.append(f'<li class="posteritem numbered-list-item"><p class="list-number">{rank}</p>'
                           f"{_poster(seed, f, t)}{viewing}</li>")
            continue
        rating = owner_rating(seed, user, t)
        note = owner_note(seed, user, t)
        stars = f'<span class="rating rated-{rating}"></span>' if rating else ""
        body = f'<div class="body-text -prose"><p>{escape(note)}</p></div>' if note else ""
        entries.append(f'<article class="production-viewing film-detail">{_poster(seed, f, t)}<div class="body">'
                       f'<h2 class="name"><a href="/film/{f.slug_of[t.tmdb_id]}/">{escape(t.title)}</a> '
                       f'<small class="metadata">{t.year or ""}</small></h2>{stars}{body}</div></article>')
    more = page * PAGE < len(titles)
    nav = (f'<div class="pagination"><div class="paginate-nextprev"><a class="next" '
           f'href="{escape(base)}page/{page + 1}/">Older</a></div></div>') if more else ""
    first = ", ".join(t.title for t in titles[:2])
    description = f"A list of {len(titles)} films compiled on Letterboxd, including {first}."
    if about is not None:
        description += f" About this list: {about}"
    tag = "section" if detail else "ul"
    html = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>‎{escape(name)}, a list of films by "
            f"{escape(user)} • Letterboxd</title><meta name=\"description\" content=\"{escape(description)}\">"
            f"<meta property=\"og:title\" content=\"{escape(name)}\"></head><body class=\"list-page\">"
            f"<h1 class=\"title-1\">{escape(name)}</h1><{tag} class=\"js-list-entries poster-list\">"
            f"{''.join(entries)}</{tag}>{nav}</body></html>")
    return HTMLResponse(html)


def short_link(meta: Meta, request: Request) -> Response:
    """``boxd.it/CODE``: 301 to the letterboxd.com page it stands for (a list of a user named after the code)."""
    code = request.path_params["code"]
    if code.lower().startswith("missing") or not code.isalnum():
        raise Missing()
    n = derive(meta.world.seed, "boxd", code)
    target = f"https://letterboxd.com/boxd{code.lower()}/list/shared-list-{n % 1000}/"
    return Response(status_code=301, headers={"Location": target})


def film_page(meta: Meta, request: Request) -> Response:
    t = films(meta).by_slug.get(request.path_params["slug"])
    if t is None:
        raise Missing()
    imdb = (f'<a href="http://www.imdb.com/title/{t.imdb_id}/maindetails" class="micro-button track-event" '
            f'data-track-action="IMDb">IMDb</a>') if t.imdb_id else ""
    html = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>‎{escape(t.title)} ({t.year}) • "
            f"Letterboxd</title></head><body class=\"film backdrop-loaded\" data-tmdb-type=\"movie\" "
            f"data-tmdb-id=\"{t.tmdb_id}\"><h1 class=\"headline-1 primaryname\">{escape(t.title)}</h1>"
            f"<p class=\"text-link text-footer\">More at {imdb} <a href=\"https://www.themoviedb.org/movie/{t.tmdb_id}/\" "
            f"class=\"micro-button track-event\" data-track-action=\"TMDB\">TMDB</a></p></body></html>")
    return HTMLResponse(html)


def _wrap(meta: Meta, fn: Callable[..., Response], *args: object) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        try:
            return fn(meta, request, *args)
        except Missing:
            return error(404, "not_found")
    return run


def routes(meta: Meta) -> list[BaseRoute]:
    out: list[BaseRoute] = [Route("/film/{slug}/", _wrap(meta, film_page), methods=["GET"])]
    for view in ("", "detail/"):  # the common forms by name (request stats); every other form below
        out += [Route(f"/{{user}}/list/{{list}}/{view}", _wrap(meta, any_page), methods=["GET"]),
                Route(f"/{{user}}/list/{{list}}/{view}page/{{page}}/", _wrap(meta, any_page), methods=["GET"])]
    return [*out, Route("/{rest:path}", _wrap(meta, any_page), methods=["GET"])]


def boxd_routes(meta: Meta) -> list[BaseRoute]:
    return [Route("/{code}", _wrap(meta, short_link), methods=["GET"])]
