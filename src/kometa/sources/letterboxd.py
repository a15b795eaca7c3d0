"""The Letterboxd builders: ``letterboxd_list`` and ``letterboxd_list_details`` (movie libraries).

Values follow Kometa: a list URL (``https://letterboxd.com/USER/list/SLUG/``), several as a list
or a comma-separated string, or a mapping ``url`` with the filters ``limit`` (at least 1),
``year`` (``1990-1999`` or one year), ``rating`` (the list owner's rating on a 10-point scale,
``8-10``) and ``note`` (text in the owner's note). ``rating`` and ``note`` are read from the
list's detail view. Each film's TMDb id comes from its Letterboxd page (cached); films are matched
to the library by TMDb id (then IMDb id) from the listing's guids; the rest are missing.
``_details`` also sets the summary from the first list's description.

Not in this version (located errors): ``boxd.it`` short links, ``/films/…`` search URLs and
watchlists.
"""

from __future__ import annotations

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

ATTRIBUTES = ("url", "limit", "year", "rating", "note")
_LIST = re.compile(r"^(?:https?://)?(?:www\.)?letterboxd\.com/([A-Za-z0-9_-]+)/list/([A-Za-z0-9_.-]+)(?:/.*)?$")


@dataclass(frozen=True)
class ListSpec:
    path: str  # /USER/list/SLUG
    limit: int = 0
    year: tuple[int, int] | None = None
    rating: tuple[int, int] | None = None
    note: str | None = None

    @property
    def detail(self) -> bool:
        return self.rating is not None or self.note is not None

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


def _path(key: str, url: Any) -> str:
    text = str(url or "").strip()
    if "boxd.it/" in text:
        raise ConditionError(f"{key}: boxd.it short links are not supported in this version (use the list's "
                             f"letterboxd.com address)")
    if re.search(r"letterboxd\.com/films/", text):
        raise ConditionError(f"{key}: Letterboxd film search URLs (/films/...) are not supported in this version")
    if re.search(r"letterboxd\.com/[^/]+/watchlist", text):
        raise ConditionError(f"{key}: Letterboxd watchlists are not supported in this version")
    match = _LIST.match(text)
    if not match:
        raise ConditionError(f"{key}: '{text}' is not a Letterboxd list URL (https://letterboxd.com/USER/list/LIST/)")
    return f"/{match.group(1)}/list/{match.group(2)}"


def parse_lists(key: str, value: Any) -> list[ListSpec]:
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
            out.append(ListSpec(_path(key, entry["url"]), int(str(limit)),
                                _range(key, "year", entry["year"], 1000, 3000) if entry.get("year") is not None else None,
                                _range(key, "rating", entry["rating"], 1, 10) if entry.get("rating") is not None else None,
                                str(note) if note not in (None, "") else None))
        elif isinstance(entry, str):
            out += [ListSpec(_path(key, part)) for part in entry.split(",") if part.strip()]
        else:
            raise ConditionError(f"{key}: expected a Letterboxd list URL or a mapping with url, got {entry!r}")
    if not out:
        raise ConditionError(f"{key} has no value")
    return out


class LetterboxdSource:
    def __init__(self, client: Callable[[], LetterboxdClient], snapshot: Snapshot) -> None:
        self._client = client
        self.snapshot = snapshot
        self.matcher = Matcher(snapshot)

    def build(self, key: str, value: Any) -> TmdbBuilt:
        if self.snapshot.item_type != "movie":
            raise ConditionError(f"{key} works in movie libraries only (Letterboxd lists hold films)")
        specs = parse_lists(key, value)
        client = self._client()
        out = TmdbBuilt()
        chosen: list[Film] = []
        for n, spec in enumerate(specs):
            try:
                films, description = client.list_films(spec.path, detail=spec.detail,
                                                       limit=0 if (spec.year or spec.detail) else spec.limit)
            except NotFound:
                raise ConditionError(f"{key}: Letterboxd has no list {spec.path.lstrip('/')}") from None
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
