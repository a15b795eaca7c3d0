"""The IMDb client: IMDb's GraphQL API (``https://api.graphql.imdb.com/``) through the shared policy.

``KOMETA_IMDB_URL`` replaces the root (metasim's ``http://HOST:PORT/imdb``). Lists, watchlists
and searches are IMDb's persisted operations (``TitleListMainPage``, ``WatchListPageRefiner``,
``AdvancedTitleSearch``) paged by cursor; charts are ``chartTitles`` / ``boxOfficeWeekendChart``
queries. A GraphQL error answer (HTTP 200 with ``errors``) becomes :class:`NotFound` for
``RESOURCE_NOT_FOUND`` and :class:`ServiceError` otherwise. IMDb needs no key. Answers change daily:
they are kept for ``Policy.list_expiration_hours`` and the cached one stands in when IMDb is down.

:class:`ImdbDatasets` reads IMDb's daily datasets (ratings, genres, episodes) for the operations.

Award events (``imdb_award``) are IMDb's web pages, as Kometa reads them: ``/event/<ev>/`` lists
the editions, ``/event/<ev>/<year>/<n>/`` one edition's awards, both in the page's
``__NEXT_DATA__`` JSON (``props.pageProps``). Their root is ``https://www.imdb.com``, replaced by
``KOMETA_IMDB_WEB_URL``, else by ``KOMETA_IMDB_URL`` (metasim serves both under ``/imdb``). A past
edition does not change, so pages are cached (``cache_expiration`` days), unlike the lists.
``KOMETA_IMDB_PAGE_RATE`` sets how many pages a second are asked (default 5).

Persisted operations are identified by a sha256 hash IMDb publishes nowhere; ``KOMETA_IMDB_HASHES``
(``list=…,watchlist=…,search=…``) supplies them for the real service (metasim ignores them).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import NotFound, Policy, Service, ServiceDown, ServiceError

API_ROOT = "https://api.graphql.imdb.com"
URL_ENV = "KOMETA_IMDB_URL"
WEB_ROOT = "https://www.imdb.com"
WEB_ENV = "KOMETA_IMDB_WEB_URL"
PAGE_RATE_ENV = "KOMETA_IMDB_PAGE_RATE"
HASH_ENV = "KOMETA_IMDB_HASHES"
LIST_PAGE = 100
SEARCH_PAGE = 250
OPERATIONS = {"list": "TitleListMainPage", "watchlist": "WatchListPageRefiner", "search": "AdvancedTitleSearch"}


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


def web_root() -> str:
    return (os.environ.get(WEB_ENV) or os.environ.get(URL_ENV) or WEB_ROOT).rstrip("/")


def page_rate() -> float:
    """Event pages per second (``KOMETA_IMDB_PAGE_RATE``, default 5: IMDb's site is not an API)."""
    try:
        return max(0.1, float(os.environ.get(PAGE_RATE_ENV) or 5.0))
    except ValueError:
        return 5.0


_NEXT_DATA = re.compile(r'<script[^>]*id="__NEXT_DATA__"[^>]*>(.*?)</script>', re.S)


def page_props(text: str) -> Any:
    """``props.pageProps`` of an IMDb page (ValueError when the page has none)."""
    match = _NEXT_DATA.search(text)
    if not match:
        raise ValueError("no __NEXT_DATA__ in the page")
    props = (json.loads(match.group(1)).get("props") or {}).get("pageProps")
    if not isinstance(props, dict):
        raise ValueError("no pageProps in the page")
    return props


#: one edition's awards: award name -> category name -> {"nominee": [tt...], "winner": [tt...]}
#: (lower case; a category without a name is named after its award, as Kometa does)
Edition = dict[str, dict[str, dict[str, list[str]]]]


def edition_awards(props: dict[str, Any]) -> Edition:
    out: Edition = {}
    for award in (props.get("edition") or {}).get("awards") or []:
        award_name = str(award.get("text") or "").lower()
        categories = out.setdefault(award_name, {})
        for edge in (award.get("nominationCategories") or {}).get("edges") or []:
            node = edge.get("node") or {}
            category = node.get("category")
            name = str(category.get("text") or "").lower() if isinstance(category, dict) else award_name
            nominees: list[str] = []
            winners: list[str] = []
            for nomination in (node.get("nominations") or {}).get("edges") or []:
                entry = nomination.get("node") or {}
                entities = entry.get("awardedEntities") or {}
                titles = entities["awardTitles"] if "awardTitles" in entities else \
                    entities.get("secondaryAwardTitles") or []
                for held in titles or []:
                    imdb_id = (held.get("title") or {}).get("id")
                    if imdb_id:
                        nominees.append(imdb_id)
                        if entry.get("isWinner"):
                            winners.append(imdb_id)
            if nominees:
                slot = categories.setdefault(name, {"nominee": [], "winner": []})
                slot["nominee"] += [i for i in dict.fromkeys(nominees) if i not in slot["nominee"]]
                slot["winner"] += [i for i in dict.fromkeys(winners) if i not in slot["winner"]]
    return out


def _hashes() -> dict[str, str]:
    out: dict[str, str] = {}
    for part in (os.environ.get(HASH_ENV) or "").split(","):
        if "=" in part:
            name, value = part.split("=", 1)
            out[name.strip()] = value.strip()
    return out


GUIDE_BATCH = 50


def _guide(title: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in (title.get("parentsGuide") or {}).get("categories") or ():
        category = ((entry or {}).get("category") or {}).get("text")
        severity = ((entry or {}).get("severity") or {}).get("text")
        if category and severity:
            out[str(category)] = str(severity)
    return out


class ImdbClient:
    """IMDb for one run (shared across libraries)."""

    def __init__(self, cache: Cache | None, *, base_url: str | None = None, policy: Policy | None = None) -> None:
        self.service = Service(policy or Policy("IMDb", rate=5.0, concurrency=2), base_url or api_root(), cache=cache)
        self.service.session.headers["Content-Type"] = "application/json"
        self.hashes = _hashes()
        self.web = Service(Policy("IMDb pages", rate=page_rate(), concurrency=4), web_root(), cache=cache)

    def query(self, body: dict[str, Any], what: str, *, cache: bool = True) -> dict[str, Any]:
        answer = self.service.post("/", body, cache=cache, revalidate=True)
        errors = answer.get("errors") if isinstance(answer, dict) else None
        if errors:
            first = errors[0] if isinstance(errors[0], dict) else {}
            code = (first.get("extensions") or {}).get("code")
            if code == "RESOURCE_NOT_FOUND":
                raise NotFound("IMDb", f"{what} does not exist")
            if code == "FORBIDDEN":
                raise NotFound("IMDb", f"{what} is private")
            raise ServiceError("IMDb", f"{what}: {first.get('message') or 'GraphQL error'}")
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, dict):
            raise ServiceError("IMDb", f"{what}: the answer has no data")
        return data

    def _operation(self, kind: str, variables: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {"operationName": OPERATIONS[kind], "variables": variables}
        if kind in self.hashes:
            body["extensions"] = {"persistedQuery": {"version": 1, "sha256Hash": self.hashes[kind]}}
        return body

    def _paged(self, kind: str, variables: dict[str, Any], limit: int, what: str) -> list[str]:
        """IMDb ids from a cursor-paged operation, up to ``limit`` (0: all)."""
        page = SEARCH_PAGE if kind == "search" else LIST_PAGE
        ids: list[str] = []
        after: str | None = None
        while True:
            first = min(page, limit - len(ids)) if limit else page
            data = self.query(self._operation(kind, {**variables, "first": first, **({"after": after} if after else {})}),
                              what)
            if kind == "search":
                block = data.get("advancedTitleSearch") or {}
                ids += [e["node"]["title"]["id"] for e in block.get("edges") or []]
            else:
                holder = data.get("list" if kind == "list" else "predefinedList")
                if holder is None:
                    raise NotFound("IMDb", f"{what} has no public watchlist")
                block = holder.get("titleListItemSearch") or {}
                ids += [e["listItem"]["id"] for e in block.get("edges") or []]
            info = block.get("pageInfo") or {}
            if (limit and len(ids) >= limit) or not info.get("hasNextPage") or not block.get("edges"):
                return ids[:limit] if limit else ids
            after = info.get("endCursor")

    def list_ids(self, list_id: str, limit: int, sort: tuple[str, str]) -> list[str]:
        variables = {"locale": "en-US", "lsConst": list_id, "isInPace": False, "sort": {"by": sort[0], "order": sort[1]}}
        return self._paged("list", variables, limit, f"list {list_id}")

    def watchlist_ids(self, user_id: str, limit: int, sort: tuple[str, str]) -> list[str]:
        variables = {"locale": "en-US", "urConst": user_id, "isInPace": False, "sort": {"by": sort[0], "order": sort[1]}}
        return self._paged("watchlist", variables, limit, f"the watchlist of {user_id}")

    def search_ids(self, variables: dict[str, Any], limit: int) -> list[str]:
        return self._paged("search", {"locale": "en-US", **variables}, limit, "the search")

    def chart_ids(self, chart_type: str, first: int) -> list[str]:
        data = self.query({"query": f"{{ chartTitles(chart: {{ chartType: {chart_type} }}, first: {first}) "
                                    f"{{ edges {{ node {{ id }} }} total }} }}"}, f"chart {chart_type}")
        return [e["node"]["id"] for e in (data.get("chartTitles") or {}).get("edges") or []]

    def parents_guides(self, ids: list[str], batch: int = GUIDE_BATCH) -> dict[str, dict[str, str]]:
        """IMDb's parents guide of each title: category text -> severity text (empty: no guide).
        One ``titles(ids: [...])`` query per ``batch`` titles not cached; each guide is cached on its
        own (they rarely change), so a second run asks nothing and a changed library asks only for
        its new titles. When IMDb is down, expired cached guides stand in."""
        cache = self.service.cache
        out: dict[str, dict[str, str]] = {}
        stale: dict[str, Any] = {}
        missing: list[str] = []
        for ident in dict.fromkeys(ids):
            hit = cache.get(f"IMDb:parents:{ident}") if cache is not None else None
            if hit is not None and hit.fresh:
                out[ident] = dict(hit.value)
                self.service.counters.cache_hits += 1
                continue
            if hit is not None:
                stale[ident] = hit.value
            missing.append(ident)
        for start in range(0, len(missing), batch):
            chunk = missing[start:start + batch]
            listed = ", ".join(f'"{i}"' for i in chunk)
            query = (f"{{ titles(ids: [{listed}]) {{ id parentsGuide {{ categories {{ category {{ text }} "
                     f"severity {{ text }} }} }} }} }}")
            try:
                data = self.query({"query": query}, "parents guides", cache=False)  # cached per title below
            except ServiceDown:
                if not all(i in stale for i in chunk):
                    raise
                out.update({i: dict(stale[i]) for i in chunk})
                continue
            found = {str(t.get("id")): t for t in data.get("titles") or () if isinstance(t, dict)}
            for ident in chunk:
                guide = _guide(found.get(ident) or {})
                out[ident] = guide
                if cache is not None:
                    cache.put(f"IMDb:parents:{ident}", guide, self.service.policy.expiration_days)
        return out

    def box_office_ids(self) -> list[str]:
        data = self.query({"query": "{ boxOfficeWeekendChart(limit: 50) { entries { title { id } } } }"}, "box office")
        return [e["title"]["id"] for e in (data.get("boxOfficeWeekendChart") or {}).get("entries") or []]

    def event_years(self, event_id: str) -> list[str]:
        """The event's editions, newest first (``2024``; a second edition in a year is ``2024-2``)."""
        try:
            props = self.web.get(f"/event/{event_id}/", parse=page_props)
        except NotFound:
            raise NotFound("IMDb", f"event {event_id} does not exist") from None
        out = []
        for edition in props.get("historyEventEditions") or []:
            instance = int(edition.get("instanceWithinYear") or 1)
            out.append(f"{edition['year']}" + ("" if instance == 1 else f"-{instance}"))
        return out

    def event_edition(self, event_id: str, year: str) -> Edition:
        slug = f"{year}/1" if "-" not in year else year.replace("-", "/")
        try:
            return edition_awards(self.web.get(f"/event/{event_id}/{slug}/", parse=page_props))
        except NotFound:
            raise NotFound("IMDb", f"event {event_id} has no {year} edition") from None

    def event_editions(self, event_id: str, years: list[str]) -> list[Edition]:
        """Several editions (fetched a few at a time, as the policy allows), in the order asked."""
        return self.web.map(lambda year: self.event_edition(event_id, year), years)


DATASETS_ROOT = "https://datasets.imdbws.com"
DATASETS_ENV = "KOMETA_IMDB_DATASETS_URL"
DATASET_AGE = 86400.0  # IMDb refreshes its datasets daily: a copy younger than this is used as is


def datasets_root() -> str:
    return (os.environ.get(DATASETS_ENV) or DATASETS_ROOT).rstrip("/")


class ImdbDatasets:
    """IMDb's non-commercial datasets (``title.ratings``, ``title.basics``, ``title.episode``):
    each downloaded at most once a day into ``folder`` (``kometa-imdb/`` beside config.yml) and read
    line by line, keeping only the ids asked for (the real files hold millions of rows).
    ``KOMETA_IMDB_DATASETS_URL`` replaces ``https://datasets.imdbws.com``."""

    def __init__(self, folder: Path, *, base_url: str | None = None, policy: Policy | None = None,
                 now: Callable[[], float] = time.time) -> None:
        self.folder = folder
        self.now = now
        self.service = Service(policy or Policy("IMDb datasets", rate=None, concurrency=1, timeout=300.0),
                               base_url or datasets_root())
        self.downloaded: list[str] = []

    def path(self, name: str) -> Path:
        """The local copy of ``title.<name>.tsv.gz``, fetched when missing or a day old."""
        target = self.folder / f"title.{name}.tsv.gz"
        try:
            fresh = self.now() - target.stat().st_mtime < DATASET_AGE
        except OSError:
            fresh = False
        if not fresh:
            self.folder.mkdir(parents=True, exist_ok=True)
            try:
                self.service.download(f"/title.{name}.tsv.gz", target)
            except ServiceError:
                if not target.exists():
                    raise
                logging.getLogger("kometa").warning(f"IMDb datasets: could not refresh {target.name}; using the copy from "
                                   f"{time.strftime('%Y-%m-%d', time.localtime(target.stat().st_mtime))}")
            else:
                self.downloaded.append(target.name)
        return target

    def _rows(self, name: str) -> Iterator[list[str]]:
        try:
            with gzip.open(self.path(name), "rt", encoding="utf-8", newline="\n") as lines:
                next(lines, None)  # the header
                for line in lines:
                    yield line.rstrip("\n").split("\t")
        except (OSError, EOFError) as exc:
            raise ServiceError("IMDb datasets", f"title.{name}.tsv.gz is not a readable dataset ({exc})") from None

    def ratings(self, wanted: Collection[str]) -> dict[str, float]:
        """IMDb id -> average rating, for the ids in ``wanted``."""
        out: dict[str, float] = {}
        for row in self._rows("ratings"):
            if row[0] in wanted and len(row) > 1:
                try:
                    out[row[0]] = float(row[1])
                except ValueError:
                    continue
        return out

    def genres(self, wanted: Collection[str]) -> dict[str, tuple[str, ...]]:
        """IMDb id -> its genres, for the ids in ``wanted``."""
        out: dict[str, tuple[str, ...]] = {}
        for row in self._rows("basics"):
            if row[0] in wanted and len(row) > 8 and row[8] != "\\N":
                out[row[0]] = tuple(g for g in row[8].split(",") if g)
        return out

    def episodes(self, shows: Collection[str]) -> dict[tuple[str, int, int], str]:
        """(show IMDb id, season, episode) -> the episode's IMDb id, for the shows in ``shows``."""
        out: dict[tuple[str, int, int], str] = {}
        for row in self._rows("episode"):
            if len(row) > 3 and row[1] in shows and row[2].isdigit() and row[3].isdigit():
                out[(row[1], int(row[2]), int(row[3]))] = row[0]
        return out
