"""The Letterboxd client: Letterboxd's pages (it has no public API), read through the shared policy.

The root is ``https://letterboxd.com``; ``KOMETA_LETTERBOXD_URL`` replaces it (metasim's
``http://HOST:PORT/letterboxd``). A page of films — a list (``/USER/list/SLUG/``, with ``share/…``,
``detail/`` or ``by/SORT/``), a watchlist (``/USER/watchlist/``) or a ``/films/…`` page — is read
page by page (then the ``next`` link's ``page/N/``): each film is a ``LazyPoster`` element with its
slug and "Title (Year)"; a list's ``/detail/`` view adds the owner's rating (``rated-N``, of 10) and
note, read only when a filter needs them. A ``boxd.it`` short link (``KOMETA_BOXD_URL`` replaces
``https://boxd.it``) is resolved once, by the address its redirect names (cached for the expiry). A film's TMDb id comes from its page (``/film/SLUG/``: the
``data-tmdb-id`` of ``<body>`` or the TMDB button's link), kept for ``cache_expiration`` days (it
never changes); list pages change daily and are kept for ``Policy.list_expiration_hours``. Pages
are parsed with the standard library's HTML parser; what is cached is the parsed result.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service, ServiceError

API_ROOT = "https://letterboxd.com"
URL_ENV = "KOMETA_LETTERBOXD_URL"
SHORT_ROOT = "https://boxd.it"
SHORT_ENV = "KOMETA_BOXD_URL"
MAX_PAGES = 200
_YEAR = re.compile(r"\((\d{4})\)\s*$")
_RATED = re.compile(r"\brated-(\d+)\b")
_TMDB_LINK = re.compile(r"themoviedb\.org/(movie|tv)/(\d+)")
_IMDB_LINK = re.compile(r"imdb\.com/title/(tt\d+)")


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


@dataclass
class Film:
    slug: str
    title: str
    year: int | None = None
    rating: int | None = None  # the list owner's, 1-10 (detail view only)
    note: str | None = None  # the list owner's (detail view only)


class _ListPage(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.films: list[dict[str, Any]] = []
        self.next: str | None = None
        self.description = ""
        self._in_article = False
        self._in_item = False  # a poster grid item (a user's films: their rating under the poster)
        self._in_note = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "meta" and a.get("name") == "description":
            self.description = a.get("content", "")
        elif tag == "article" and "film-detail" in classes:
            self._in_article = True
        elif a.get("data-item-slug") or a.get("data-film-slug"):
            name = a.get("data-item-name") or a.get("data-film-name") or ""
            year = _YEAR.search(name)
            self.films.append({"slug": (a.get("data-item-slug") or a.get("data-film-slug") or "").strip("/"),
                               "title": _YEAR.sub("", name).strip() or name,
                               "year": int(year.group(1)) if year else None, "rating": None, "note": None})
        elif tag == "li" and {"posteritem", "griditem", "poster-container"} & set(classes):
            self._in_item = True
        elif tag == "span" and (self._in_article or self._in_item) and self.films and "rating" in classes:
            rated = _RATED.search(a.get("class", ""))
            if rated:
                self.films[-1]["rating"] = int(rated.group(1))
        elif tag == "div" and self._in_article and self.films and "body-text" in classes:
            self._in_note = 1
        elif tag == "div" and self._in_note:
            self._in_note += 1
        elif tag == "a" and "next" in classes and a.get("href"):
            self.next = a["href"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._in_item = False
        if tag == "article":
            self._in_article = False
            self._in_note = 0
        elif tag == "div" and self._in_note:
            self._in_note -= 1

    def handle_data(self, data: str) -> None:
        if self._in_note and self.films and data.strip():
            before = self.films[-1]["note"]
            self.films[-1]["note"] = f"{before} {data.strip()}" if before else data.strip()


def parse_list_page(text: str) -> dict[str, Any]:
    """``{"films": [...], "next": bool, "description": str}`` of a list page; ServiceError if the page
    is not a list page (no films and no list markup)."""
    parser = _ListPage()
    parser.feed(text)
    if not parser.films and "js-list-entries" not in text and "poster-list" not in text:
        raise ServiceError("Letterboxd", "the page is not a Letterboxd list (has its markup changed?)")
    about = parser.description.split("About this list: ", 1)
    return {"films": parser.films, "next": parser.next is not None,
            "description": about[1].strip() if len(about) == 2 else ""}


class _FilmPage(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tmdb: tuple[str, int] | None = None
        self.imdb: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "body" and a.get("data-tmdb-id", "").isdigit():
            self.tmdb = (a.get("data-tmdb-type") or "movie", int(a["data-tmdb-id"]))
        elif tag == "a":
            link = a.get("href", "")
            tmdb, imdb = _TMDB_LINK.search(link), _IMDB_LINK.search(link)
            if tmdb and self.tmdb is None:
                self.tmdb = (tmdb.group(1), int(tmdb.group(2)))
            if imdb and self.imdb is None:
                self.imdb = imdb.group(1)


def parse_film_page(text: str) -> dict[str, Any]:
    """``{"tmdb_id", "tmdb_type", "imdb_id"}`` of a film page (ids None when the page has none)."""
    parser = _FilmPage()
    parser.feed(text)
    return {"tmdb_type": parser.tmdb[0] if parser.tmdb else None, "tmdb_id": parser.tmdb[1] if parser.tmdb else None,
            "imdb_id": parser.imdb}


class LetterboxdClient:
    """Letterboxd for one run (shared across libraries)."""

    def __init__(self, cache: Cache | None, *, expiration_days: int = 60, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        policy = policy or Policy("Letterboxd", rate=20.0, concurrency=4, expiration_days=expiration_days)
        self.service = Service(policy, base_url or api_root(), cache=cache)
        self.service.session.headers["User-Agent"] = "Mozilla/5.0 (compatible; kometa)"
        self.service.session.headers["Accept-Language"] = "en-US,en;q=0.8"
        short = (os.environ.get(SHORT_ENV) or SHORT_ROOT).rstrip("/")
        self.short = Service(replace(policy, name="Letterboxd short links"), short, cache=cache,
                             follow_redirects=False)

    def resolve_short(self, code: str) -> str:
        """The address a ``boxd.it/CODE`` short link stands for (NotFound when it stands for nothing)."""
        answer = self.short.get(f"/{code}")
        location = str(answer.get("location") or "") if isinstance(answer, dict) else ""
        if not location:
            raise ServiceError("Letterboxd", f"boxd.it/{code} did not redirect to a Letterboxd page")
        return location

    def list_films(self, base: str, *, limit: int = 0) -> tuple[list[Film], str]:
        """The films of the page of films at ``base`` (``/USER/list/SLUG/detail/``, ``/USER/watchlist/``,
        ``/films/popular/``, ...), in its order, and a list's description. ``limit`` stops paging
        once that many films are read (0: all)."""
        base = f"{base.rstrip('/')}/"
        films: list[Film] = []
        description = ""
        for page in range(1, MAX_PAGES + 1):
            answer = self.service.get(base if page == 1 else f"{base}page/{page}/", revalidate=True,
                                      parse=parse_list_page)
            if page == 1:
                description = str(answer.get("description") or "")
            films += [Film(**f) for f in answer.get("films") or []]
            if not answer.get("next") or (limit and len(films) >= limit):
                break
        return films, description

    def film_ids(self, slug: str) -> dict[str, Any]:
        """``{"tmdb_id", "tmdb_type", "imdb_id"}`` from the film's page (cached for cache_expiration days)."""
        return dict(self.service.get(f"/film/{slug}/", parse=parse_film_page))
