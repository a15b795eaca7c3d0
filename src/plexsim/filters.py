"""The filter grammar of ``/library/sections/SID/all`` and its evaluation.

A query is an *ordered* list of ``(key, value)`` pairs. Reserved keys (type, sort, limit, title,
include*, paging) configure the search; ``push``/``pop`` open and close groups, ``and``/``or`` set
the current group's joiner; every other key is ``[level.]field[operator]``. Comma in a value = OR;
a repeated key = AND (two conditions). Conditions on an ancestor level test the ancestor, on a
descendant level test "some descendant matches". Unknown fields or bad values raise
:class:`QueryError` (answered as 400). Smart collections and playlists evaluate their stored
``content`` uri through the same :func:`parse`/:func:`run`.
"""

from __future__ import annotations

import random
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .fields import FIELDS, SORTS
from .model import SEARCH_TYPES, SECTION_LEVELS, TYPE_NAMES, Item
from .store import Store

RESERVED = {"type", "sort", "limit", "title", "includeGuids", "includeCollections", "includeMeta",
            "includeAdvanced", "includeExternalMedia", "includeDetails", "includeFields", "X-Plex-Token",
            "X-Plex-Container-Start", "X-Plex-Container-Size", "checkFiles", "includeChapters",
            "includeMarkers", "includeBandwidths", "includeGeolocation", "includeLoudnessRamps",
            "excludeElements", "excludeFields", "asyncAugmentMetadata", "includeConcerts",
            "includeExtras", "includeOnDeck", "includePopularLeaves", "includePreferences",
            "includeRelated", "includeRelatedCount", "includeReviews", "includeStations"}
_KEY = re.compile(r"^(?:([a-zA-Z]+)\.)?([a-zA-Z][a-zA-Z0-9]*)([!<>=&]*)$")
_REL = re.compile(r"^-(\d+)(mon|[smhdwy])$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "mon": 2592000, "y": 31536000}
Pred = Callable[[Store, Item], bool]


class QueryError(ValueError):
    """A malformed query: the server answers 400 with this message."""


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for title matching."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(c for c in norm if not unicodedata.combining(c)).casefold()


@dataclass
class Group:
    joiner: str = "and"
    parts: list[Pred] = field(default_factory=list)

    def pred(self) -> Pred:
        parts = list(self.parts)
        if self.joiner == "or":
            return lambda s, i: any(p(s, i) for p in parts)
        return lambda s, i: all(p(s, i) for p in parts)


@dataclass
class Query:
    section: int
    type: str
    sort: list[tuple[str, str]] = field(default_factory=list)
    limit: int | None = None
    pred: Pred | None = None
    include_collections: bool = False


def _int(value: str, what: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise QueryError(f"invalid {what} {value!r}: expected an integer") from None


def _number(value: str, what: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise QueryError(f"invalid value {value!r} for {what}: expected a number") from None


def _when(value: str, what: str) -> int:
    m = _REL.match(value)
    if m:
        return int(time.time()) - int(m.group(1)) * _UNITS[m.group(2)]
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        from .fields import _date
        d = _date(value)
        if d is not None:
            return d
    raise QueryError(f"invalid date {value!r} for {what}: expected epoch seconds, YYYY-MM-DD or -30d")


def _leaf_pred(store: Store, sid: int, level: str, name: str, op: str, raw: str) -> Pred:
    fields = FIELDS.get(level, {})
    if name not in fields:
        raise QueryError(f"unknown filter field {level}.{name}")
    ftype, _title, get = fields[name]
    what = f"{level}.{name}"
    values = raw.split(",")
    neg = op.startswith("!")
    core = op[1:] if neg else op
    if ftype in ("tag", "resolution", "audioLanguage", "subtitleLanguage", "guid"):
        if core not in ("", "="):
            raise QueryError(f"operator {op!r} is not valid for {what}")
        ids = {int(v) for v in values if v.isdigit()}
        names = {v.lower() for v in values}
        empty_ok = "" in names  # e.g. audioLanguage= (an empty value): items with no such value

        def test(s: Store, i: Item) -> bool:
            got = get(s, i)
            if got is None or got == []:
                return empty_ok
            if not isinstance(got, list):
                return str(got).lower() in names
            for g in got:
                if isinstance(g, tuple):
                    if g[0] in ids or g[1].lower() in names:
                        return True
                elif str(g).lower() in names:
                    return True
            return False
    elif ftype == "boolean":
        if core:
            raise QueryError(f"operator {op!r} is not valid for {what}")
        if any(v not in ("0", "1", "true", "false") for v in values):
            raise QueryError(f"invalid value {raw!r} for {what}: expected 1 or 0")
        want = values[0] in ("1", "true")
        return (lambda s, i: bool(get(s, i)) != want) if neg else (lambda s, i: bool(get(s, i)) == want)
    elif ftype == "integer":
        nums = [_number(v, what) for v in values]
        cmp: dict[str, Callable[[Any, float], bool]] = {
            "": lambda a, b: a == b, ">>": lambda a, b: a > b, "<<": lambda a, b: a < b,
            ">": lambda a, b: a >= b, "<": lambda a, b: a <= b, "=": lambda a, b: a == b,
            ">>=": lambda a, b: a > b, "<<=": lambda a, b: a < b,
        }
        if core not in cmp:
            raise QueryError(f"operator {op!r} is not valid for {what}")
        fn = cmp[core]

        unrated = name == "userRating" and core in ("", "=") and -1 in nums

        zero = name in ("viewCount", "viewOffset")  # never played / no position: the count is 0

        def test(s: Store, i: Item) -> bool:
            got = get(s, i)
            if got is None and zero:
                got = 0
            if got is None:  # only userRating=-1 ("unrated") matches a missing value
                return unrated
            return any(fn(got, n) for n in nums)
    elif ftype == "date":
        stamps = [_when(v, what) for v in values]
        if core in (">>", ">>=", ">"):
            def test(s: Store, i: Item) -> bool:
                got = get(s, i)
                return got is not None and any(got > t for t in stamps)
        elif core in ("<<", "<<=", "<"):
            def test(s: Store, i: Item) -> bool:
                got = get(s, i)
                return got is not None and any(got < t for t in stamps)
        elif core in ("", "="):
            def test(s: Store, i: Item) -> bool:
                got = get(s, i)
                return got is not None and any(abs(got - t) < 86400 for t in stamps)
        else:
            raise QueryError(f"operator {op!r} is not valid for {what}")
    else:  # string
        # a comma both separates OR values and occurs in text (summaries); plexapi sends both as %2C,
        # so the whole value counts as one more alternative
        folded = [fold(v) for v in values] + ([fold(raw)] if len(values) > 1 else [])
        smatch: dict[str, Callable[[str, str], bool]] = {
            "": lambda a, b: b in a, "=": lambda a, b: a == b, "<": lambda a, b: a.startswith(b),
            ">": lambda a, b: a.endswith(b),
        }
        if core not in smatch:
            raise QueryError(f"operator {op!r} is not valid for {what}")
        sfn = smatch[core]
        if name in ("group", "having"):
            return lambda s, i: True

        def test(s: Store, i: Item) -> bool:
            got = get(s, i)
            return got is not None and any(sfn(fold(str(got)), b) for b in folded)
    if neg:
        return lambda s, i: not test(s, i)
    return test


def _level_pred(store: Store, result: str, level: str, inner: Pred) -> Pred:
    if level == result:
        return inner
    order = _chain(result)
    if result == "collection" or level not in order or result not in order:
        raise QueryError(f"field level {level!r} does not apply to {result} results")
    if order.index(level) < order.index(result):
        def up(s: Store, i: Item) -> bool:
            anc = s.ancestor(i, level)
            return anc is not None and inner(s, anc)
        return up

    def down(s: Store, i: Item) -> bool:
        kids = s.kids(i.rk)
        while kids and kids[0].type != level:
            kids = [k for kid in kids for k in s.kids(kid.rk)]
        return any(inner(s, k) for k in kids)
    return down


def parse(store: Store, sid: int, pairs: list[tuple[str, str]], default_type: str | None = None) -> Query:
    """Turn ordered query pairs into a :class:`Query` for section ``sid``."""
    sec = store.sections.get(sid)
    if sec is None:
        raise QueryError(f"no section {sid}")
    levels = SECTION_LEVELS[sec.type]
    qtype = default_type or levels[0]
    for k, v in pairs:
        if k == "type":
            num = _int(v, "type")
            name = TYPE_NAMES.get(num)
            if name not in (*levels, "collection"):
                raise QueryError(f"type {v} is not valid for a {sec.type} section")
            qtype = name
    q = Query(section=sid, type=qtype)
    stack = [Group()]
    title = None
    for key, value in pairs:
        if key.startswith("X-Plex-"):
            continue
        if value.startswith("=") and key not in ("push", "pop", "and", "or"):
            key, value = key + "=", value[1:]
        if key in RESERVED:
            if key == "sort":
                q.sort = _parse_sort(value, qtype)
            elif key == "limit":
                q.limit = _int(value, "limit")
                if q.limit < 0:
                    raise QueryError("limit must not be negative")
            elif key == "title" and len(stack) > 1:  # inside push/pop: a condition of that group
                stack[-1].parts.append(_title_pred(fold(value)))
            elif key == "title":
                title = fold(value)
            elif key == "includeCollections":
                q.include_collections = value == "1"
            continue
        if key == "push":
            stack.append(Group())
            continue
        if key == "pop":
            if len(stack) < 2:
                raise QueryError("pop without a matching push")
            done = stack.pop()
            stack[-1].parts.append(done.pred())
            continue
        if key in ("and", "or"):
            stack[-1].joiner = key
            continue
        m = _KEY.match(key)
        if not m:
            raise QueryError(f"malformed filter key {key!r}")
        level, name, op = m.group(1) or qtype, m.group(2), m.group(3).replace("&", "")
        if level not in SEARCH_TYPES:
            raise QueryError(f"unknown type prefix {level!r}")
        inner = _leaf_pred(store, sid, level, name, op, value)
        stack[-1].parts.append(_level_pred(store, qtype, level, inner))
    if len(stack) != 1:
        raise QueryError("push without a matching pop")
    preds = stack[0].parts
    if title is not None:
        t = title
        preds = [*preds, lambda s, i: t in fold(i.attrs.get("title", ""))]
    if preds:
        top = Group(stack[0].joiner, preds[:-1] if title is not None else preds)
        joined = top.pred() if top.parts else None
        if title is not None:
            tp = preds[-1]
            q.pred = (lambda s, i: joined(s, i) and tp(s, i)) if joined else tp
        else:
            q.pred = joined
    return q


def _title_pred(want: str) -> Pred:
    return lambda s, i: want in fold(i.attrs.get("title", ""))


def _parse_sort(value: str, qtype: str) -> list[tuple[str, str]]:
    out = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        key, _, direction = part.partition(":")
        level, _, key = key.rpartition(".")
        if key not in SORTS:
            raise QueryError(f"unknown sort field {key!r}")
        if direction not in ("", "asc", "desc", "nullsLast"):
            raise QueryError(f"unknown sort direction {direction!r}")
        if level and level != qtype and level in _chain(qtype):
            key = f"{level}.{key}"  # another level of the hierarchy: e.g. shows by episode.addedAt
        out.append((key, direction or "asc"))
    return out


_TV = ("show", "season", "episode")
_CHAINS = (_TV, ("artist", "album", "track"), ("photoalbum", "photo"))


def _chain(level: str) -> tuple[str, ...]:
    """The hierarchy ``level`` belongs to, outermost first (``(level,)`` for movies, collections)."""
    return next((c for c in _CHAINS if level in c), (level,))


def _sort_getter(store: Store, key: str) -> Callable[[Store, Item], Any]:
    level, _, base = key.rpartition(".")
    get = SORTS[base]
    if not level:
        return get

    def other_level(s: Store, item: Item) -> Any:
        chain = _chain(item.type)
        if level in chain and chain.index(level) < chain.index(item.type):  # ancestor: its value
            anc = s.ancestor(item, level)
            return None if anc is None else get(s, anc)
        kids = s.kids(item.rk)  # descendants: the greatest value among them
        while kids and kids[0].type != level:
            kids = [k for kid in kids for k in s.kids(kid.rk)]
        vals = [v for v in (get(s, k) for k in kids) if v is not None]
        return max(vals) if vals else None
    return other_level


def order(store: Store, items: list[Item], sort: list[tuple[str, str]], default: str) -> list[Item]:
    """Sort ``items`` by the sort spec (default: titleSort, or index for seasons/episodes)."""
    items = sorted(items, key=lambda i: i.rk)
    if not sort:
        if default == "episode":
            return sorted(items, key=lambda i: (_show_title(store, i), _parent_index(store, i), i.index or 0))
        if default == "season":
            return sorted(items, key=lambda i: (_show_title(store, i), i.index or 0))
        if default == "track":
            return sorted(items, key=lambda i: (_parent_title(store, i), i.index or 0))
        sort = [("titleSort", "asc")]
    for key, direction in reversed(sort):
        if key == "random":
            random.Random(int(store.meta.get("seed", 0))).shuffle(items)
            continue
        get = _sort_getter(store, key)
        vals = {i.rk: get(store, i) for i in items}
        present = [i for i in items if vals[i.rk] is not None]
        missing = [i for i in items if vals[i.rk] is None]
        present.sort(key=lambda i: vals[i.rk], reverse=direction == "desc")
        items = present + missing if direction in ("desc", "nullsLast") else missing + present
    return items


def _parent_index(store: Store, item: Item) -> int:
    parent = store.get(item.parent) if item.parent is not None else None
    return parent.index or 0 if parent is not None else 0


def _parent_title(store: Store, item: Item) -> str:
    parent = store.get(item.parent) if item.parent is not None else None
    return "" if parent is None else str(parent.attrs.get("titleSort") or parent.attrs.get("title") or "").casefold()


def _show_title(store: Store, item: Item) -> str:
    show = store.ancestor(item, "show")
    return "" if show is None else (show.attrs.get("titleSort") or show.attrs.get("title") or "").casefold()


def run(store: Store, q: Query, candidates: list[Item]) -> list[Item]:
    """Filter, sort and cut ``candidates`` (already of the query's type)."""
    pred = q.pred
    hits = candidates if pred is None else [i for i in candidates if pred(store, i)]
    hits = order(store, hits, q.sort, q.type)
    if q.limit is not None:
        hits = hits[: q.limit]
    return hits
