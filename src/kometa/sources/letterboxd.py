"""The Letterboxd builders: ``letterboxd_list``, ``letterboxd_user_films``, ``letterboxd_user_reviews``
and their ``_details`` forms (movie libraries).

Values follow Kometa: a URL, several as a list or a comma-separated string, or a mapping ``url``
with the filters ``limit`` (at least 1), ``year`` (``1990-1999`` or one year), ``rating`` (the
list owner's rating on a 10-point scale, ``8-10``) and ``note`` (text in the owner's note; both
read from the list's detail view, so lists only). A URL is any form Kometa accepts: a list
(``https://letterboxd.com/USER/list/SLUG/``, with ``share/CODE/``, ``detail/`` or ``by/SORT/``), a
watchlist (``/USER/watchlist/``), a ``/films/…`` page (``/films/popular/this/week/genre/horror/``,
``/USER/films/``) or a ``https://boxd.it/CODE`` short link (resolved once, then read as what it
names). Each film's TMDb id comes from its Letterboxd page (cached); films are matched
to the library by TMDb id (then IMDb id) from the listing's guids; the rest are missing.
``_details`` also sets the summary from the first list's description.

``letterboxd_user_films`` / ``letterboxd_user_reviews`` take usernames (or mappings with
``username``, ``min_rating`` (0-10: the user's own rating, read under each poster of
``/USER/films/`` or from ``/USER/films/reviews/``), ``limit``, ``year``, ``note`` (text in the
review; ignored, with a warning, for watched films), and ``sort_by`` / ``incremental``, accepted with
a warning as Kometa does: the films come in the page's order and every page is read).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kometa.clients.letterboxd import Film, LetterboxdClient
from kometa.clients.policy import NotFound
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher
from kometa.sources.tmdb import TmdbBuilt

log = logging.getLogger("kometa")
ATTRIBUTES = ("url", "limit", "year", "rating", "note")
_SITE = r"^(?:https?://)?(?:www\.)?letterboxd\.com"
_PAGE = r"(?:/page/\d+)?/?(?:[?#].*)?$"
_LIST = re.compile(_SITE + r"/([A-Za-z0-9_-]+)/list/([A-Za-z0-9_.-]+)(/share/[A-Za-z0-9_-]+)?(/detail)?"
                   r"(?:/by/([a-z-]+))?" + _PAGE)
_WATCHLIST = re.compile(_SITE + r"/([A-Za-z0-9_-]+)/watchlist(?:/by/([a-z-]+))?" + _PAGE)
_FILMS = re.compile(_SITE + r"(/(?:[A-Za-z0-9_-]+/)?films(?:/[A-Za-z0-9_.-]+)*?)" + _PAGE)
_SHORT = re.compile(r"^(?:https?://)?(?:www\.)?boxd\.it/([A-Za-z0-9]+)/?$")


@dataclass(frozen=True)
class ListSpec:
    path: str  # /USER/list/SLUG[/share/CODE], /USER/watchlist, /films/..., /USER/films/...
    limit: int = 0
    year: tuple[int, int] | None = None
    rating: tuple[int, int] | None = None
    note: str | None = None
    kind: str = "list"  # list | watchlist | films | reviews (a user's reviews page)
    sort: str | None = None  # by/SORT/
    detail_view: bool = False  # the URL names the list's detail view

    @property
    def detail(self) -> bool:
        return self.rating is not None or self.note is not None or self.detail_view

    @property
    def base(self) -> str:
        """The first page's path (later pages add ``page/N/``)."""
        detail = "/detail" if self.kind == "list" and self.detail else ""
        sort = f"/by/{self.sort}" if self.sort else ""
        return f"{self.path}{detail}{sort}/"

    def keeps(self, film: Film) -> bool:
        if self.year and (film.year is None or not self.year[0] <= film.year <= self.year[1]):
            return False
        if self.rating and (film.rating is None or not self.rating[0] <= film.rating <= self.rating[1]):
            return False
        return not (self.note and (not film.note or self.note.lower() not in film.note.lower()))


def _range(key: str, name: str, value: Any, low: int, high: int) -> tuple[int, int]:
    text = str(value).strip()
    match = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", text)
    if isinstance(value, bool) or not match:
        raise ConditionError(f"{key}: {name} must be a range like {low}-{high} (or one number), got {value!r}")
    start, end = int(match.group(1)), int(match.group(2) or match.group(1))
    if not (low <= start <= high and low <= end <= high) or start > end:
        raise ConditionError(f"{key}: {name} must be a range between {low} and {high} (smaller first), got {value!r}")
    return start, end


def _where(key: str, url: Any, resolve: Callable[[str], str] | None) -> dict[str, Any]:
    """The ListSpec fields a URL gives (path, kind, sort, detail_view)."""
    text = str(url or "").strip()
    short = _SHORT.match(text)
    if short:
        if resolve is None:
            raise ConditionError(f"{key}: {text} is a short link (resolved when the collection runs)")
        try:
            text = resolve(short.group(1))
        except NotFound:
            raise ConditionError(f"{key}: the short link {text} leads nowhere (Letterboxd does not know it)") from None
        if _SHORT.match(text):
            raise ConditionError(f"{key}: the short link {url} leads to another short link")
        return _where(key, text, None)
    if (m := _LIST.match(text)) is not None:
        return {"path": f"/{m.group(1)}/list/{m.group(2)}{m.group(3) or ''}", "kind": "list", "sort": m.group(5),
                "detail_view": m.group(4) is not None}
    if (m := _WATCHLIST.match(text)) is not None:
        return {"path": f"/{m.group(1)}/watchlist", "kind": "watchlist", "sort": m.group(2)}
    if (m := _FILMS.match(text)) is not None:
        return {"path": m.group(1), "kind": "films"}
    raise ConditionError(f"{key}: '{text}' is not a Letterboxd list URL (https://letterboxd.com/USER/list/LIST/, "
                         f"/USER/watchlist/, /films/..., or https://boxd.it/CODE)")


def parse_lists(key: str, value: Any, resolve: Callable[[str], str] | None = None) -> list[ListSpec]:
    """``resolve(code)`` gives the address a ``boxd.it/CODE`` short link stands for."""
    entries = value if isinstance(value, list) else [value]
    out: list[ListSpec] = []
    for entry in entries:
        if isinstance(entry, Mapping):
            for attr in entry:
                if attr not in ATTRIBUTES:
                    raise ConditionError(f"{key}: unknown attribute '{attr}' ({', '.join(ATTRIBUTES)})")
            if not entry.get("url"):
                raise ConditionError(f"{key}: url is missing (the Letterboxd list's address)")
            limit = entry.get("limit", 0)
            if limit is None:
                limit = 0
            if isinstance(limit, bool) or not str(limit).strip().isdigit():
                raise ConditionError(f"{key}: limit must be a whole number, got {limit!r}")
            note = entry.get("note")
            spec = ListSpec(limit=int(str(limit)), **_where(key, entry["url"], resolve),
                            year=_range(key, "year", entry["year"], 1000, 3000) if entry.get("year") is not None
                            else None,
                            rating=_range(key, "rating", entry["rating"], 1, 10) if entry.get("rating") is not None
                            else None,
                            note=str(note) if note not in (None, "") else None)
            if spec.kind != "list" and (spec.rating or spec.note):
                raise ConditionError(f"{key}: rating and note work with list URLs only (they come from the list "
                                     f"owner's detail view)")
            out.append(spec)
        elif isinstance(entry, str):
            out += [ListSpec(**_where(key, part, resolve)) for part in entry.split(",") if part.strip()]
        else:
            raise ConditionError(f"{key}: expected a Letterboxd list URL or a mapping with url, got {entry!r}")
    if not out:
        raise ConditionError(f"{key} has no value")
    return out


USER_ATTRIBUTES = ("username", "sort_by", "min_rating", "limit", "year", "note", "incremental")
USER_SORTS = ("release_date_newest", "release_date_earliest", "name", "popularity", "when_added_newest",
              "when_added_earliest", "when_rated_newest", "when_rated_earliest", "average_rating_highest",
              "average_rating_lowest", "user_rating_highest", "user_rating_lowest", "length_shortest",
              "length_longest")
_USER = re.compile(r"^[A-Za-z0-9_]+$")


def parse_users(key: str, value: Any) -> list[ListSpec]:
    """``letterboxd_user_films`` / ``letterboxd_user_reviews`` values: usernames (a list or a
    comma-separated string) or mappings with ``username`` and the filters Kometa documents."""
    reviews = key.removesuffix("_details") == "letterboxd_user_reviews"
    out: list[ListSpec] = []
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, Mapping):
            for attr in entry:
                if attr not in USER_ATTRIBUTES:
                    raise ConditionError(f"{key}: unknown attribute '{attr}' ({', '.join(USER_ATTRIBUTES)})")
            out.append(_user_spec(key, entry, reviews))
        elif isinstance(entry, str) and entry.strip():
            out += [_user_spec(key, {"username": part}, reviews) for part in entry.split(",") if part.strip()]
        else:
            raise ConditionError(f"{key}: expected a Letterboxd username or a mapping with username, got {entry!r}")
    if not out:
        raise ConditionError(f"{key} has no value (a Letterboxd username)")
    return out


def _user_spec(key: str, entry: Mapping[str, Any], reviews: bool) -> ListSpec:
    user = str(entry.get("username") or "").strip()
    if not _USER.match(user):
        raise ConditionError(f"{key}: username is missing or not a Letterboxd username, got {entry.get('username')!r}")
    sort = entry.get("sort_by")
    if sort is not None and str(sort) not in USER_SORTS:
        raise ConditionError(f"{key}: sort_by must be one of {', '.join(USER_SORTS)}, got {sort!r}")
    if sort is not None and str(sort) != "release_date_newest":
        log.warning("%s: sort_by %s is accepted but, as in Kometa, the films come in the page's own order", key, sort)
    if entry.get("incremental") not in (None, False, True):
        raise ConditionError(f"{key}: incremental must be true or false, got {entry.get('incremental')!r}")
    if entry.get("incremental") is True:
        log.warning("%s: incremental is accepted but, as in Kometa, every page is read", key)
    low = entry.get("min_rating")
    rating = None
    if low is not None:
        if isinstance(low, bool) or not isinstance(low, int | float) and not str(low).replace(".", "", 1).isdigit():
            raise ConditionError(f"{key}: min_rating must be a number from 0 to 10, got {low!r}")
        if not 0 <= float(low) <= 10:
            raise ConditionError(f"{key}: min_rating must be a number from 0 to 10, got {low!r}")
        rating = (max(1, math.ceil(float(low))), 10) if float(low) > 0 else None
    limit = entry.get("limit") or 0
    if isinstance(limit, bool) or not str(limit).strip().isdigit():
        raise ConditionError(f"{key}: limit must be a whole number, got {limit!r}")
    note = entry.get("note")
    if note not in (None, "") and not reviews:
        log.warning("%s: note is ignored for watched films (as in Kometa: they have no notes)", key)
        note = None
    return ListSpec(path=f"/{user}/films{'/reviews' if reviews else ''}", kind="reviews" if reviews else "films",
                    limit=int(str(limit)), rating=rating, note=str(note) if note not in (None, "") else None,
                    year=_range(key, "year", entry["year"], 1000, 3000) if entry.get("year") is not None else None)


class LetterboxdSource:
    def __init__(self, client: Callable[[], LetterboxdClient], snapshot: Snapshot) -> None:
        self._client = client
        self.snapshot = snapshot
        self.matcher = Matcher(snapshot)

    def list_description(self, key: str, value: Any) -> str:
        """``letterboxd_description``: the description of the (first) Letterboxd list ``value`` names
        (its first page only)."""
        client = self._client()
        first = value[0] if isinstance(value, list) and value else value
        spec = parse_lists(key, first, client.resolve_short)[0]
        try:
            return client.list_films(spec.base, limit=1)[1]
        except NotFound:
            raise ConditionError(f"{key}: Letterboxd has no list {spec.path.lstrip('/')}") from None

    def build(self, key: str, value: Any) -> TmdbBuilt:
        if self.snapshot.item_type != "movie":
            raise ConditionError(f"{key} works in movie libraries only (Letterboxd lists hold films)")
        client = self._client()
        users = key.removesuffix("_details") in ("letterboxd_user_films", "letterboxd_user_reviews")
        specs = parse_users(key, value) if users else parse_lists(key, value, client.resolve_short)
        out = TmdbBuilt()
        chosen: list[Film] = []
        for n, spec in enumerate(specs):
            try:
                films, description = client.list_films(spec.base, limit=0 if (spec.year or spec.detail) else spec.limit)
            except NotFound:
                what = {"list": "list", "watchlist": "watchlist", "films": "films page", "reviews": "reviews page"}.get(
                    spec.kind, "page")
                raise ConditionError(f"{key}: Letterboxd has no {what} {spec.path.lstrip('/')}") from None
            if n == 0 and key.endswith("_details") and description:
                out.details["summary"] = description
            kept = [f for f in films if spec.keeps(f)]
            chosen += kept[:spec.limit] if spec.limit else kept
        seen: set[str] = set()
        films = [f for f in chosen if not (f.slug in seen or seen.add(f.slug))]  # type: ignore[func-returns-value]
        ids = client.service.map(lambda f: _film_ids(client, f), films)
        for film, found in zip(films, ids, strict=True):
            tmdb = found.get("tmdb_id") if found.get("tmdb_type", "movie") == "movie" else None
            year = f" ({film.year})" if film.year else ""
            self.matcher.place(out, (("tmdb", tmdb), ("imdb", found.get("imdb_id"))),
                               f"{film.title}{year} [letterboxd {film.slug}]", film.title, film.year, tmdb=tmdb,
                               imdb=found.get("imdb_id"))
        return out


def _film_ids(client: LetterboxdClient, film: Film) -> dict[str, Any]:
    try:
        return client.film_ids(film.slug)
    except NotFound:
        return {}
