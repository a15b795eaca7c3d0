"""Filters evaluated from each item's TMDb details (Kometa's ``tmdb_vote_count``, ``tmdb_genre``,
``original_language``, ``tmdb_status``, ``first_episode_aired``, ...).

The details are fetched only for the items that reach the TMDb conditions: when ``filters`` is one
mapping, its Plex conditions are applied first and only the survivors are looked up. Each item
costs one TMDb request per cache period (``/movie/ID`` or ``/tv/ID``, the same answer the library
operations read, so one request serves both); ``tmdb_keyword`` adds ``/movie/ID/keywords``. Items
TMDb does not know have no value: number and date conditions fail, ``.not`` passes.

Kometa's TVDb filters (``tvdb_title``, ``tvdb_status``, ``tvdb_genre``) ride the same path: they
read each item's TVDb page (found by the TVDb id in the listing's guids; one cached request per
item, the page the ``tvdb`` operations read), fetched only when a TVDb condition is there and only
for the items that reach it; TMDb is then not asked unless a TMDb condition is there too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kometa.clients.policy import AuthError, NotFound
from kometa.sources.attributes import BOOLEAN, DATE, FLOAT, NUMBER, STRING, TAG, Attr
from kometa.sources.conditions import Cond, ConditionError, Group, Node, compile_node, walk

_VIDEO = frozenset({"movie", "show"})
_SHOW = frozenset({"show"})

#: Kometa's values of tmdb_status / tmdb_type -> TMDb's words
STATUS = {"returning": "Returning Series", "planned": "Planned", "production": "In Production", "ended": "Ended",
          "canceled": "Canceled", "pilot": "Pilot"}
TYPES = {"documentary": "Documentary", "news": "News", "production": "In Production", "miniseries": "Miniseries",
         "reality": "Reality", "scripted": "Scripted", "talk_show": "Talk Show", "video": "Video"}
#: attributes whose value may be a comma-separated list ("en, ko")
LISTED = frozenset({"original_language", "origin_country", "tmdb_status", "tmdb_type", "tmdb_genre", "tmdb_keyword"})


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def _words(names: Iterable[Any]) -> tuple[str, ...] | None:
    found = tuple(str(n) for n in names if n)
    return found or None


def _keyword(d: Mapping[str, Any]) -> Any:
    block = d.get("keywords") or {}
    return _words(k.get("name") for k in (block.get("keywords") or block.get("results") or ()))


def _reverse(table: Mapping[str, str], value: Any) -> Any:
    for key, word in table.items():
        if word.lower() == str(value or "").lower():
            return key
    return None


EXTRACT: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "tmdb_vote_count": lambda d: d.get("vote_count"),
    "tmdb_vote_average": lambda d: d.get("vote_average") if d.get("vote_count") else None,
    "tmdb_year": lambda d: getattr(_day(d.get("release_date") or d.get("first_air_date")), "year", None),
    "tmdb_title": lambda d: d.get("title") or d.get("name"),
    "tmdb_genre": lambda d: _words(g.get("name") for g in d.get("genres") or ()),
    "tmdb_keyword": _keyword,
    "original_language": lambda d: d.get("original_language") or None,
    "origin_country": lambda d: _words(d.get("origin_country") or ()),
    "tmdb_status": lambda d: _reverse(STATUS, d.get("status")),
    "tmdb_type": lambda d: _reverse(TYPES, d.get("type")),
    "first_episode_aired": lambda d: _day(d.get("first_air_date")),
    "last_episode_aired": lambda d: _day(d.get("last_air_date")),
    "last_episode_aired_or_never": lambda d: _day(d.get("last_air_date")),
    "tmdb_never_aired": lambda d: not d.get("last_air_date"),
}

TMDB_ATTRS: dict[str, Attr] = {a.name: a for a in (
    Attr("tmdb_vote_count", NUMBER, None, search=False, libtypes=_VIDEO),
    Attr("tmdb_vote_average", FLOAT, None, search=False, libtypes=_VIDEO),
    Attr("tmdb_year", NUMBER, None, search=False, libtypes=_VIDEO),
    Attr("tmdb_title", STRING, None, search=False, libtypes=_VIDEO),
    Attr("tmdb_genre", TAG, None, search=False, libtypes=_VIDEO),
    Attr("tmdb_keyword", TAG, None, search=False, libtypes=_VIDEO),
    Attr("original_language", TAG, None, search=False, libtypes=_VIDEO),
    Attr("origin_country", TAG, None, search=False, libtypes=_SHOW),
    Attr("tmdb_status", TAG, None, search=False, libtypes=_SHOW),
    Attr("tmdb_type", TAG, None, search=False, libtypes=_SHOW),
    Attr("first_episode_aired", DATE, None, search=False, libtypes=_SHOW),
    Attr("last_episode_aired", DATE, None, search=False, libtypes=_SHOW),
    Attr("last_episode_aired_or_never", DATE, None, search=False, libtypes=_SHOW),
)}
#: Kometa's TVDb filters: what each reads from the item's TVDb page (clients.tvdb.parse_page)
TVDB_EXTRACT: dict[str, Callable[[Mapping[str, Any]], Any]] = {
    "tvdb_title": lambda p: p.get("title"),
    "tvdb_status": lambda p: p.get("status"),
    "tvdb_genre": lambda p: _words(p.get("genres") or ()),
}
TVDB_ATTRS: dict[str, Attr] = {a.name: a for a in (
    Attr("tvdb_title", STRING, None, search=False, libtypes=_VIDEO),
    Attr("tvdb_status", STRING, None, search=False, libtypes=_VIDEO),
    Attr("tvdb_genre", TAG, None, search=False, libtypes=_VIDEO),
)}
TMDB_ONLY = frozenset(TMDB_ATTRS)
TMDB_ATTRS.update(TVDB_ATTRS)  # the filters read per item from an online service (engine/filters.py)
#: modifiers Kometa gives the "special" TMDb filters (the others take their kind's)
SPECIAL_MODIFIERS = {"original_language": {"", "not"}, "tmdb_status": {"", "not"}, "tmdb_type": {"", "not"}}


def check_value(name: str, value: str, where: str) -> None:
    """tmdb_status / tmdb_type take Kometa's words only."""
    table = STATUS if name == "tmdb_status" else TYPES if name == "tmdb_type" else None
    if table is not None and value.strip().lower() not in table:
        raise ConditionError(f"{where}: {name} '{value}' is not one of {', '.join(table)}")


def uses_tmdb(node: Node) -> bool:
    """Some condition reads an online service per item (TMDb's details or TVDb's page)."""
    return any(c.attr.name in TMDB_ATTRS for c in walk(node))


def _uses(node: Node, names: frozenset[str] | dict[str, Attr]) -> bool:
    return any(c.attr.name in names for c in walk(node))


@dataclass(frozen=True)
class WithTmdb:
    """An item seen through its TMDb details (the TMDb attributes), else as it is."""

    item: Any  # an Item (or an item seen with its children, engine/filters.py)
    details: Mapping[str, Any] | None
    tvdb: Mapping[str, Any] | None = None  # the item's TVDb page facts

    @property
    def rating_key(self) -> int:
        return int(self.item.rating_key)

    def get(self, attr: str) -> Any:
        if attr in TVDB_EXTRACT:
            return TVDB_EXTRACT[attr](self.tvdb) if self.tvdb is not None else None
        if attr in EXTRACT:
            return EXTRACT[attr](self.details) if self.details is not None else None
        return self.item.get(attr)


def details_for(job: Any) -> TmdbItemDetails | None:
    """The library's TMDb details (one per library job, made on first use); None without TMDb."""
    if job.tmdb is None:
        return None
    if "tmdb details" not in job.cache:
        job.cache["tmdb details"] = TmdbItemDetails(job.tmdb, job.sources.get("tvdb"))
    found: TmdbItemDetails = job.cache["tmdb details"]
    return found


class TmdbItemDetails:
    """One library's items' TMDb details, fetched once per item per run (the client caches them
    across runs)."""

    def __init__(self, source: Any, tvdb: Any = None) -> None:
        self.source = source  # sources.tmdb.TmdbSource of the library
        self.tvdb = tvdb  # sources.tvdb.TvdbSource of the library (TVDb filters), or None
        self._pages: Any = None  # operations.tvdb_values.TvdbPages, made on first use
        self.details: dict[int, dict[str, Any] | None] = {}
        self.keywords: dict[int, Any] = {}

    def fetch_tvdb(self, items: Iterable[Any]) -> None:
        """The items' TVDb pages (TVDb filters)."""
        if self.tvdb is None:
            raise ConditionError("TVDb filters are not supported here in this version")
        if self._pages is None:
            from kometa.operations.tvdb_values import TvdbPages
            self._pages = TvdbPages(self.tvdb.client(), self.tvdb.snapshot.item_type)
        self._pages.prefetch(getattr(i, "item", i) for i in items)

    def fetch(self, items: Iterable[Any], keywords: bool) -> None:
        try:
            self._fetch(items, keywords)
        except AuthError as exc:
            raise self.source.refusal(exc) from None

    def _fetch(self, items: Iterable[Any], keywords: bool) -> None:
        idmap = self.source.idmap()
        client = self.source.client()
        tmdb_of = {rk: tmdb for tmdb, rks in idmap.by_tmdb.items() for rk in rks}
        wanted = [i.rating_key for i in items if i.rating_key not in self.details]
        ids = sorted({tmdb_of[rk] for rk in wanted if rk in tmdb_of})
        path = "movie" if idmap.kind == "movie" else "tv"

        def one(tmdb_id: int) -> dict[str, Any] | None:
            try:
                return dict(client.movie(tmdb_id) if path == "movie" else client.show(tmdb_id))
            except NotFound:
                return None

        found = dict(zip(ids, client.service.map(one, ids), strict=True))
        for rk in wanted:
            self.details[rk] = found.get(tmdb_of[rk]) if rk in tmdb_of else None
        if keywords:
            need = sorted({tmdb_of[rk] for rk in self.details if rk in tmdb_of and rk not in self.keywords})

            def words(tmdb_id: int) -> Any:
                try:
                    return client.get(f"/{path}/{tmdb_id}/keywords")
                except NotFound:
                    return {}

            answers = dict(zip(need, client.service.map(words, need), strict=True))
            for rk in list(self.details):
                if rk in tmdb_of and rk not in self.keywords:
                    self.keywords[rk] = answers.get(tmdb_of[rk], {})

    def view(self, item: Any) -> WithTmdb:
        details = self.details.get(item.rating_key)
        if details is not None and item.rating_key in self.keywords:
            details = {**details, "keywords": self.keywords[item.rating_key]}
        page = self._pages.pages.get(item.rating_key) if self._pages is not None else None
        return WithTmdb(item, details, page)


def apply_tmdb(tree: Group, items: list[Any], now: datetime, details: TmdbItemDetails) -> list[Any]:
    """``filters`` with TMDb conditions: Plex conditions first where the tree allows it (one
    mapping), then the TMDb details of the items left."""
    keywords = any(c.attr.name == "tmdb_keyword" for c in walk(tree))
    if len(tree.children) == 1 and isinstance(tree.children[0], Group) and tree.children[0].op == "all":
        conds = tree.children[0].children
        plex = tuple(c for c in conds if not uses_tmdb(c))
        tmdb = tuple(c for c in conds if uses_tmdb(c))
        if plex:
            test = compile_node(Group("all", plex), now)
            items = [i for i in items if test(i)]
        tree = Group("all", tmdb)
    if _uses(tree, TMDB_ONLY):
        details.fetch(items, keywords)
    if _uses(tree, TVDB_ATTRS):
        details.fetch_tvdb(items)
    test = compile_node(_or_never(tree), now)
    return [i for i in items if test(details.view(i))]


_NEVER = Attr("tmdb_never_aired", BOOLEAN, None, search=False, libtypes=_SHOW)


def _or_never(node: Node) -> Node:
    """``last_episode_aired_or_never``: the condition, or a show TMDb knows that has not aired yet."""
    if isinstance(node, Group):
        return Group(node.op, tuple(_or_never(c) for c in node.children))
    if node.attr.name == "last_episode_aired_or_never":
        return Group("any", (node, Cond(_NEVER, "", True)))
    return node
