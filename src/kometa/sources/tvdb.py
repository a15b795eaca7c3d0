"""The TVDb builders: ``tvdb_show``, ``tvdb_movie`` and ``tvdb_list``, and their ``_details`` forms.

Values follow Kometa: one or several (a list or a comma-separated string) of

* ``tvdb_show`` (show libraries): a TVDb series id (``83268``, used as it is: no request) or a series
  address (``https://www.thetvdb.com/series/SLUG``, ``thetvdb.com`` too, or
  ``…/dereferrer/series/ID``), whose page gives its ``TheTVDB.com Series ID``;
* ``tvdb_movie`` (movie libraries): a TVDb movie id or a movie address (``…/movies/SLUG``,
  ``…/dereferrer/movie/ID``); the movie's page gives its TMDb and IMDb ids;
* ``tvdb_list`` (movie and show libraries): a list address (``https://www.thetvdb.com/lists/NAME``,
  ``…/lists/ID``, ``…/lists/custom/ID``); each of its items is read from its own page (cached) as
  above. The list's shows count in show libraries, its movies in movie libraries (the others are
  not for that library and are left out, noted in the log).

Shows are matched to the library by TVDb id, movies by TMDb id, then IMDb id, then TVDb id, from
the listing's guids; the rest are missing (with their ids, for Sonarr/Radarr). A ``_details`` form
also gives the collection the first value's summary, poster and background (a list: its description
and poster).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kometa.clients.policy import NotFound
from kometa.clients.tvdb import TvdbClient, site_path
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher
from kometa.sources.tmdb import TmdbBuilt

log = logging.getLogger("kometa")
SITE = "https://www.thetvdb.com"
_SERIES = re.compile(r"^/(?:series/[^/?]+|dereferrer/series/\d+)$")
_MOVIE = re.compile(r"^/(?:movies/[^/?]+|dereferrer/movie/\d+)$")
_LIST = re.compile(r"^/lists/(?:custom/)?[^/?]+$")


@dataclass(frozen=True)
class Ref:
    """One value: a TVDb id (``path`` None) or a page's path on the site."""

    kind: str  # series | movie | list
    tvdb_id: int | None = None
    path: str | None = None

    @property
    def page(self) -> str:
        if self.path is not None:
            return self.path
        return f"/dereferrer/{'movie' if self.kind == 'movie' else 'series'}/{self.tvdb_id}"


def parse_refs(key: str, value: Any, kind: str | None = None) -> list[Ref]:
    """The values of a TVDb builder (``key``, with or without ``_details``) or of a detail key
    (``kind``: series, movie or list), checked as Kometa checks them."""
    if kind is None:
        kind = {"tvdb_show": "series", "tvdb_movie": "movie", "tvdb_list": "list"}[key.removesuffix("_details")]
    entries = value if isinstance(value, list) else [value]
    out: list[Ref] = []
    for entry in entries:
        if isinstance(entry, bool) or entry is None or isinstance(entry, dict | list):
            raise ConditionError(f"{key}: expected {_wanted(kind)}, got {entry!r}")
        for part in [entry] if isinstance(entry, int) else [p.strip() for p in str(entry).split(",") if p.strip()]:
            out.append(_ref(key, kind, part))
    if not out:
        raise ConditionError(f"{key} has no value (give {_wanted(kind)})")
    return list(dict.fromkeys(out))


def _wanted(kind: str) -> str:
    if kind == "list":
        return f"TVDb list URLs ({SITE}/lists/NAME)"
    folder = "movies" if kind == "movie" else "series"
    return f"TVDb {'movie' if kind == 'movie' else 'series'} ids or URLs ({SITE}/{folder}/NAME)"


def _ref(key: str, kind: str, part: Any) -> Ref:
    text = str(part).strip()
    if kind != "list" and text.isdigit() and int(text) > 0:
        return Ref(kind, tvdb_id=int(text))
    path = site_path(text)
    pattern = {"series": _SERIES, "movie": _MOVIE, "list": _LIST}[kind]
    if path is None or not pattern.match(path):
        folder = {"series": "series/", "movie": "movies/", "list": "lists/"}[kind]
        raise ConditionError(f"{key}: '{text}' is not {'a TVDb list URL' if kind == 'list' else 'a TVDb id or URL'}"
                             f" (it must begin with {SITE}/{folder}{'' if kind == 'list' else ' or be a number'})")
    match = re.fullmatch(r"/dereferrer/\w+/(\d+)", path)
    if match and kind == "series":
        return Ref(kind, tvdb_id=int(match.group(1)))
    return Ref(kind, path=path)


def _year(page: dict[str, Any]) -> int | None:
    release = page.get("release")
    return int(release[:4]) if release else None


class TvdbSource:
    def __init__(self, client: Callable[[], TvdbClient], snapshot: Snapshot) -> None:
        self._client = client
        self.snapshot = snapshot
        self.matcher = Matcher(snapshot)

    def build(self, key: str, value: Any) -> TmdbBuilt:
        base = key.removesuffix("_details")
        library = self.snapshot.item_type
        if base == "tvdb_show" and library != "show":
            raise ConditionError(f"{key} works in show libraries only (use tvdb_movie in a movie library)")
        if base == "tvdb_movie" and library != "movie":
            raise ConditionError(f"{key} works in movie libraries only (use tvdb_show in a show library)")
        if base == "tvdb_list" and library not in ("movie", "show"):
            raise ConditionError(f"{key} works in movie and show libraries only")
        refs = parse_refs(key, value)
        client = self._client()
        out = TmdbBuilt()
        if base == "tvdb_list":
            entries = self._list_entries(key, client, refs, out)
        else:
            entries = [(ref, None) for ref in refs]
            if key.endswith("_details"):
                first = self.page(key, client, refs[0])
                out.details = {k: v for k, v in (("summary", first.get("summary")), ("url_poster", first.get("poster")),
                                                  ("url_background", first.get("background"))) if v}
        self._place(key, client, entries, out)
        return out

    def client(self) -> TvdbClient:
        return self._client()

    def page(self, key: str, client: TvdbClient, ref: Ref) -> dict[str, Any]:
        try:
            return client.page(ref.page, is_movie=ref.kind == "movie")
        except NotFound:
            what = "movie" if ref.kind == "movie" else "series"
            raise ConditionError(f"{key}: TVDb has no {what} at {SITE}{ref.page}") from None

    def _list_entries(self, key: str, client: TvdbClient, refs: list[Ref],
                      out: TmdbBuilt) -> list[tuple[Ref, str | None]]:
        want = "movie" if self.snapshot.item_type == "movie" else "series"
        entries: list[tuple[Ref, str | None]] = []
        for n, ref in enumerate(refs):
            try:
                found = client.list_page(ref.page)
            except NotFound:
                raise ConditionError(f"{key}: TVDb has no list at {SITE}{ref.page}") from None
            if n == 0 and key.endswith("_details"):
                out.details = {k: v for k, v in (("summary", found.get("description")),
                                                  ("url_poster", found.get("poster"))) if v}
            skipped = 0
            for item in found["items"]:
                path = str(item["path"])
                kind = "series" if _SERIES.match(path) else "movie" if _MOVIE.match(path) else None
                if kind is None:
                    log.warning("%s: TVDb list %s: skipping %s (not a series or a movie)", key, ref.page,
                                item.get("title"))
                elif kind != want:
                    skipped += 1
                else:
                    entries.append((Ref(kind, path=path), item.get("title")))
            if skipped:
                log.info("%s: %s of TVDb list %s left out (%s are not for a %s library)", key, skipped, ref.page,
                         "movies" if want == "series" else "shows", self.snapshot.item_type)
            if not found["items"]:
                log.warning("%s: no items found at %s%s", key, SITE, ref.page)
        return list(dict.fromkeys(entries))

    def _place(self, key: str, client: TvdbClient, entries: list[tuple[Ref, str | None]], out: TmdbBuilt) -> None:
        def read(entry: tuple[Ref, str | None]) -> dict[str, Any] | None:
            ref, _ = entry
            if ref.kind == "series" and ref.path is None and self.matcher.keys((("tvdb", ref.tvdb_id),)):
                return {"tvdb_id": ref.tvdb_id}  # an id in the library needs no page
            try:
                return client.page(ref.page, is_movie=ref.kind == "movie")
            except NotFound:
                return None

        pages = client.service.map(read, entries)
        for (ref, listed), page in zip(entries, pages, strict=True):
            where = f"{SITE}{ref.page}"
            if page is None:
                log.warning("%s: TVDb has no %s at %s", key, "movie" if ref.kind == "movie" else "series", where)
                continue
            title = page.get("title") or listed
            year = _year(page)
            shown = f"{title or where}{f' ({year})' if year else ''}"
            tvdb = page.get("tvdb_id") or ref.tvdb_id
            if ref.kind == "series":
                if tvdb is None:
                    log.warning("%s: no TheTVDB.com Series ID on %s", key, where)
                    continue
                self.matcher.place(out, (("tvdb", tvdb),), f"{shown} [tvdb {tvdb}]", title, year, tvdb=tvdb)
                continue
            tmdb, imdb = page.get("tmdb_id"), page.get("imdb_id")
            if tmdb is None and imdb is None:
                log.warning("%s: no TMDb or IMDb id on %s", key, where)
            self.matcher.place(out, (("tmdb", tmdb), ("imdb", imdb), ("tvdb", tvdb)), f"{shown} [tvdb {tvdb}]",
                               title, year, tmdb=tmdb, imdb=imdb)


#: Kometa's standalone TVDb detail keys -> (what they set, the TVDb object): a summary, poster or
#: background from one TVDb title (the library's kind: a series in a show library, a movie in a movie
#: library) or list, without building anything from it
DETAIL_KEYS: dict[str, tuple[str, str]] = {
    "tvdb_description": ("summary", "list"),
    "tvdb_summary": ("summary", "item"),
    "tvdb_list_poster": ("url_poster", "list"),
    "tvdb_poster": ("url_poster", "item"),
    "tvdb_background": ("url_background", "item"),
}
#: the keys that win over each (Kometa's order: ``summary`` > ``tmdb_description`` >
#: ``tvdb_description`` > ``tmdb_summary`` > ``tvdb_summary`` > ``tmdb_biography``; images:
#: ``url_`` > ``file_`` > ``tmdb_poster`` > ``tmdb_profile`` > ``tmdb_list_poster`` > ``tvdb_list_poster`` >
#: ``tvdb_poster``: Kometa's ``pick_image``)
_BEFORE = {"tvdb_description": ("summary", "tmdb_description"),
           "tvdb_summary": ("summary", "tmdb_description", "tmdb_summary", "letterboxd_description",
                            "trakt_description", "icheckmovies_description"),
           "tvdb_list_poster": ("url_poster", "file_poster", "tmdb_poster", "tmdb_profile", "tmdb_list_poster"),
           "tvdb_poster": ("url_poster", "file_poster", "tmdb_poster", "tmdb_profile", "tmdb_list_poster"),
           "tvdb_background": ("url_background", "file_background", "tmdb_background")}


def definition_details(source: TvdbSource | None, data: Any, is_movie: bool) -> dict[str, str]:
    """``summary`` / ``url_poster`` / ``url_background`` from the definition's standalone TVDb keys
    (in Kometa's priority, ``_BEFORE``: fill these before TMDb's standalone keys). The first value of
    each key is read (as Kometa does); a bad value or an unknown title or list is a ConditionError
    naming the key."""
    keys = [k for k in DETAIL_KEYS if data.get(k) not in (None, "", [])
            and not any(data.get(o) not in (None, "", []) for o in _BEFORE[k])]
    if not keys:
        return {}
    if source is None:
        raise ConditionError(f"{keys[0]} is not supported here in this version")
    out: dict[str, str] = {}
    client = source.client()
    for key in keys:
        target, what = DETAIL_KEYS[key]
        if target in out:
            continue
        if what == "list":
            ref = parse_refs(key, data[key], "list")[0]
            try:
                found = client.list_page(ref.page)
            except NotFound:
                raise ConditionError(f"{key}: TVDb has no list at {SITE}{ref.page}") from None
            value = found.get("description") if target == "summary" else found.get("poster")
        else:
            ref = parse_refs(key, data[key], "movie" if is_movie else "series")[0]
            value = source.page(key, client, ref).get(
                {"summary": "summary", "url_poster": "poster", "url_background": "background"}[target])
        if value:
            out[target] = str(value)
    return out
