"""``filters:`` of a definition: parsed once, applied to every item a builder returns (spec 4.4).

A mapping is AND of its conditions; a list of mappings is OR across them. Within one condition,
several values pass if any value matches (``.not``/``.isnot``: if none does). ``validate: false``
in a mapping turns an invalid condition into a warning and drops it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kometa.engine.tmdb_filters import (
    LISTED,
    SPECIAL_MODIFIERS,
    TMDB_ATTRS,
    TmdbItemDetails,
    apply_tmdb,
    check_value,
    uses_tmdb,
)
from kometa.sources.attributes import CHILDREN, MODIFIERS, lookup, split_key, where_type
from kometa.sources.conditions import (
    NEGATIVE,
    ChildTest,
    Cond,
    ConditionError,
    Group,
    ItemLike,
    Node,
    compile_node,
    matches,
    parse_value,
    walk,
)
from kometa.sources.index import SnapshotIndex

log = logging.getLogger("kometa")


@dataclass(frozen=True)
class Filters:
    tree: Group
    warnings: tuple[str, ...] = ()

    def passes(self, item: ItemLike, now: datetime) -> bool:
        return matches(item, self.tree, now)

    @property
    def tmdb(self) -> bool:
        """Some condition is on TMDb details (see :mod:`kometa.engine.tmdb_filters`)."""
        return uses_tmdb(self.tree)

    def keep(self, keys: Iterable[int], now: datetime, index: SnapshotIndex, tmdb: TmdbItemDetails | None = None,
             children: Children | None = None, credits: Credits | None = None) -> list[int]:
        """:meth:`apply` on rating keys of ``index``'s snapshot, in their order."""
        if self.tmdb or self.levels or self.streams or self.credits:  # values the index does not hold: per item
            kept = self.apply([index.items[k] for k in keys], now, tmdb=tmdb, children=children, credits=credits)
            return [item.rating_key for item in kept]
        passing, residual = index.select(self.tree)
        if residual is None:
            return list(keys) if passing is None else [k for k in keys if k in passing]
        check, items = compile_node(residual, now), index.items
        return [k for k in keys if (passing is None or k in passing) and check(items[k])]

    @property
    def streams(self) -> frozenset[str]:
        """The stream attributes (``audio_language``, ``subtitle_language``) conditions look at."""
        return frozenset(c.attr.name for c in walk(self.tree) if c.attr.name in STREAMS)

    @property
    def credits(self) -> frozenset[str]:
        """The credits (``actor``, ``writer``, ``producer``) conditions look at: read from the items' pages."""
        return frozenset(c.attr.name for c in walk(self.tree) if c.attr.name in CREDITS)

    @property
    def levels(self) -> frozenset[str]:
        """The child levels ``episodes``/``seasons``/``albums``/``tracks`` filters look at."""
        return frozenset(c.attr.name for c in walk(self.tree) if c.attr.kind == CHILDREN)

    def apply(self, items: Iterable[Any], now: datetime, index: SnapshotIndex | None = None,
              tmdb: TmdbItemDetails | None = None, children: Children | None = None,
              streams: Streams | None = None, credits: Credits | None = None) -> list[Any]:
        """The items that pass, in their order. With the library's ``index`` (every item then is
        one of its snapshot's items), conditions the index answers are set lookups and only the
        rest is tested per item. TMDb conditions read ``tmdb`` (the library's details, fetched for
        the items that reach them), ``episodes``/... conditions the items' ``children``."""
        if index is not None and not (self.tmdb or self.levels or self.streams or self.credits):
            keys, residual = index.select(self.tree)
            check = None if residual is None else compile_node(residual, now)
            return [item for item in items
                    if (keys is None or item.rating_key in keys) and (check is None or check(item))]
        pool = list(items)
        lending = bool(self.streams or self.credits)
        if self.streams and streams is None:
            raise ConditionError(f"filter '{sorted(self.streams)[0]}' needs each item's languages, which only "
                                 f"the overlays of this version read (use plex_search here)")
        if self.credits and credits is None:
            raise FilterNotDone(f"filter '{sorted(self.credits)[0]}' (the items' full credits) here is not done by "
                                "this version yet (it needs the server)")
        if lending:  # each item's languages (one Plex search per language) and credits (its page), lent by the run
            lent = {name: streams(name) for name in self.streams} if streams is not None else {}
            pages = credits([int(i.rating_key) for i in pool]) if credits is not None and self.credits else {}
            pool = [WithValues(i, {**{n: v.get(int(i.rating_key), ()) for n, v in lent.items()},
                                   **{n: tuple(pages.get(int(i.rating_key), {}).get(n, ())) for n in self.credits}})
                    for i in pool]
        if self.levels:
            if children is None:
                raise ConditionError(f"filter '{sorted(self.levels)[0]}' cannot be used here in this version")
            pool = [WithChildren(i, children) for i in pool]
        if self.tmdb:
            if tmdb is None:
                raise ConditionError("TMDb filters need TMDb: a tmdb: section with an apikey in config.yml")
            passed = apply_tmdb(self.tree, pool, now, tmdb)
        else:
            test = compile_node(self.tree, now)
            passed = [item for item in pool if test(item)]
        passed = [w.item for w in passed] if self.levels else passed
        return [w.item for w in passed] if lending else passed


#: what ``episodes``/``seasons``/``albums``/``tracks`` filters read: (level name, rating key) -> the
#: item's children at that level
Children = Callable[[str, int], list[Any]]
CHILD_LEVEL = {"episodes": "episode", "seasons": "season", "albums": "album", "tracks": "track"}


@dataclass(frozen=True)
class WithChildren:
    """An item whose ``episodes``/``seasons``/... are its children (read on demand)."""

    item: Any
    children: Children

    @property
    def rating_key(self) -> int:
        return int(self.item.rating_key)

    def get(self, attr: str) -> Any:
        if attr in CHILD_LEVEL:
            return tuple(self.children(CHILD_LEVEL[attr], self.item.rating_key))
        return self.item.get(attr)


#: the filters on an item's streams: ``Streams(name)`` -> rating key -> the item's values (the run
#: asks Plex one search per language the section holds)
STREAMS = frozenset({"audio_language", "subtitle_language"})
Streams = Callable[[str], Mapping[int, tuple[str, ...]]]
#: the filters on credits only an item's own page lists in full; ``Credits(rating keys)`` -> rating key
#: -> {credit: names} (the run reads the pages many at a time: plex/credits.py)
CREDITS = frozenset({"actor", "writer", "producer"})
Credits = Callable[[list[int]], Mapping[int, Mapping[str, tuple[str, ...]]]]


@dataclass(frozen=True)
class WithValues:
    """An item with some values lent from outside its listing (its audio/subtitle languages)."""

    item: Any
    values: Mapping[str, Any]

    @property
    def rating_key(self) -> int:
        return int(self.item.rating_key)

    def get(self, attr: str) -> Any:
        return self.values[attr] if attr in self.values else self.item.get(attr)


class FilterNotDone(ConditionError):
    """A filter Kometa has that this version does not evaluate: listed as not done (not a mistake)."""

    not_done = True


class FilterProblems(ConditionError):
    """Several bad or not-done filters of one ``filters:`` block, each in ``problems`` (the message
    joins them); not done only when every one is."""

    def __init__(self, problems: list[ConditionError]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = tuple(problems)
        self.not_done = all(getattr(problem, "not_done", False) for problem in problems)


def each_problem(error: ConditionError) -> tuple[ConditionError, ...]:
    """The single problems of an error :func:`parse_filters` raised (one, or each of several)."""
    return error.problems if isinstance(error, FilterProblems) else (error,)


#: Kometa's filters this version does not evaluate yet (located "not done", never a typo)
UNBUILT_FILTERS = {
    "imdb_keyword": "IMDb keywords",
    "has_stinger": "MediaStinger", "stinger_rating": "MediaStinger", "has_dolby_vision": "media streams",
    "audio_track_title": "media streams", "audio_profile": "media streams", "video_profile": "media streams",
}


def _percent(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ConditionError(f"{where} must be a number from 0 to 100, got {value!r}")
    return float(value)


def _child_test(name: str, value: Any, now: datetime, where: str, default_percent: Any) -> ChildTest:
    """``episodes: {title: Pilot, percentage: 50}`` (or ``count: 1``): the sub-filters test the children."""
    if not isinstance(value, Mapping) or not value:
        raise ConditionError(f"{where} must be a mapping of filters on the {name} (with percentage: or count:)")
    data = {str(k).lower(): v for k, v in value.items()}
    percentage = _percent(data.pop("percentage", 50 if default_percent is None else default_percent),
                          f"{where}.percentage" if "percentage" in value else "default_percent")
    count = data.pop("count", None)
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
        raise ConditionError(f"{where}.count must be a whole number of at least 1, got {count!r}")
    sub = parse_filters(data, CHILD_LEVEL[name], now, where)
    if sub is None or not data:
        raise ConditionError(f"{where} has no filters for the {name}")
    return ChildTest(sub.tree, percentage, count)


def _condition(key: str, value: Any, libtype: str, now: datetime, where: str, default_percent: Any = None) -> Node:
    name, mod = split_key(key)
    attr = lookup(name) or TMDB_ATTRS.get(name)
    if attr is None and name in UNBUILT_FILTERS:
        raise FilterNotDone(f"{where}: filter '{name}' ({UNBUILT_FILTERS[name]}) is not done by this version yet")
    if attr is not None and not attr.filter and name not in CREDITS:  # Kometa's, on data the listing lacks (moods)
        raise FilterNotDone(f"{where}: filter '{name}' (it needs data this version does not read; use it in "
                            "plex_search instead) is not done by this version yet")
    if attr is None:
        raise ConditionError(f"{where}: unknown filter '{name}'")
    if libtype not in attr.libtypes:
        raise ConditionError(f"{where}: filter '{name}' is not available in {where_type(libtype)}")
    allowed = SPECIAL_MODIFIERS.get(name, MODIFIERS[attr.kind])
    if mod not in allowed:
        mods = ", ".join(f".{m}" if m else '""' for m in sorted(allowed))
        raise ConditionError(f"{where}: modifier .{mod} does not apply to {name} (use {mods})")
    if attr.kind == CHILDREN:
        return Cond(attr, mod, _child_test(name, value, now, where, default_percent))
    raw = value if isinstance(value, list) else [value]
    if name in LISTED and mod in ("", "not"):  # "en, ko"
        raw = [part.strip() for v in raw for part in (v.split(",") if isinstance(v, str) else [v])
               if not isinstance(part, str) or part.strip()]
        for v in raw:
            check_value(name, str(v), where)
    if not raw:
        raise ConditionError(f"{where} has no value")
    conds = tuple(Cond(attr, mod, parse_value(attr, mod, v, where, now)) for v in raw)
    if len(conds) == 1:
        return conds[0]
    return Group("all" if mod in NEGATIVE else "any", conds)


def parse_filters(value: Any, libtype: str, now: datetime, where: str = "filters", *,
                  default_percent: Any = None) -> Filters | None:
    """``filters:`` of a definition for items of ``libtype``; ``default_percent`` is the
    definition's (the share ``episodes``/``seasons``/... filters need when they give none)."""
    if value is None:
        return None
    entries = value if isinstance(value, list) else [value]
    alternatives: list[Node] = []
    warnings: list[str] = []
    problems: list[ConditionError] = []  # every bad filter of the block, not only the first
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise ConditionError(f"{where} must be a mapping (or list of mappings) like genre: Action")
        data = {str(k).lower(): v for k, v in entry.items()}
        validate = data.pop("validate", True)
        conds: list[Node] = []
        for key, sub in data.items():
            here = f"{where}[{index}].{key}" if len(entries) > 1 else f"{where}.{key}"
            try:
                conds.append(_condition(key, sub, libtype, now, here, default_percent))
            except ConditionError as exc:
                if validate is not False:
                    problems.append(exc)
                    continue
                warnings.append(str(exc))
                log.warning("%s (skipped, validate: false)", exc)
        alternatives.append(Group("all", tuple(conds)))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise FilterProblems(problems)
    if not alternatives:
        return None
    return Filters(Group("any", tuple(alternatives)), tuple(warnings))
