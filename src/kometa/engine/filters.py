"""``filters:`` of a definition: parsed once, applied to every item a builder returns (spec 4.4).

A mapping is AND of its conditions; a list of mappings is OR across them. Within one condition,
several values pass if any value matches (``.not``/``.isnot``: if none does). ``validate: false``
in a mapping turns an invalid condition into a warning and drops it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kometa.sources.attributes import MODIFIERS, lookup, split_key
from kometa.sources.conditions import (
    NEGATIVE,
    Cond,
    ConditionError,
    Group,
    ItemLike,
    Node,
    compile_node,
    matches,
    parse_value,
)
from kometa.sources.index import SnapshotIndex

log = logging.getLogger("kometa")


@dataclass(frozen=True)
class Filters:
    tree: Group
    warnings: tuple[str, ...] = ()

    def passes(self, item: ItemLike, now: datetime) -> bool:
        return matches(item, self.tree, now)

    def apply(self, items: Iterable[Any], now: datetime, index: SnapshotIndex | None = None) -> list[Any]:
        """The items that pass, in their order. With the library's ``index`` (every item then is
        one of its snapshot's items), conditions the index answers are set lookups and only the
        rest is tested per item."""
        if index is None:
            test = compile_node(self.tree, now)
            return [item for item in items if test(item)]
        keys, residual = index.select(self.tree)
        check = None if residual is None else compile_node(residual, now)
        return [item for item in items
                if (keys is None or item.rating_key in keys) and (check is None or check(item))]

    def keep(self, keys: Iterable[int], now: datetime, index: SnapshotIndex) -> list[int]:
        """:meth:`apply` on rating keys of ``index``'s snapshot, in their order."""
        passing, residual = index.select(self.tree)
        if residual is None:
            return list(keys) if passing is None else [k for k in keys if k in passing]
        check, items = compile_node(residual, now), index.items
        return [k for k in keys if (passing is None or k in passing) and check(items[k])]

#: Kometa's TMDb-backed filters (not built yet: a located "not supported" error, never ignored)
TMDB_FILTERS = frozenset({"tmdb_vote_count", "tmdb_vote_average", "tmdb_genre", "tmdb_keyword", "original_language",
                          "origin_country", "tmdb_status", "tmdb_type", "first_episode_aired", "last_episode_aired",
                          "first_episode_aired_or_never", "last_episode_aired_or_never", "tmdb_title"})

def _condition(key: str, value: Any, libtype: str, now: datetime, where: str) -> Node:
    name, mod = split_key(key)
    attr = lookup(name)
    if attr is None and name in TMDB_FILTERS:
        raise ConditionError(f"{where}: filter '{name}' needs TMDb data per item, which is not supported in "
                             f"this version")
    if attr is None or not attr.filter:
        raise ConditionError(f"{where}: unknown filter '{name}'" + (
            " (it needs data this tool does not read; use it in plex_search instead)" if attr else ""))
    if libtype not in attr.libtypes:
        raise ConditionError(f"{where}: filter '{name}' is not available in a {libtype} library")
    if mod not in MODIFIERS[attr.kind]:
        mods = ", ".join(f".{m}" if m else '""' for m in sorted(MODIFIERS[attr.kind]))
        raise ConditionError(f"{where}: modifier .{mod} does not apply to {name} (use {mods})")
    raw = value if isinstance(value, list) else [value]
    if not raw:
        raise ConditionError(f"{where} has no value")
    conds = tuple(Cond(attr, mod, parse_value(attr, mod, v, where, now)) for v in raw)
    if len(conds) == 1:
        return conds[0]
    return Group("all" if mod in NEGATIVE else "any", conds)


def parse_filters(value: Any, libtype: str, now: datetime, where: str = "filters") -> Filters | None:
    if value is None:
        return None
    entries = value if isinstance(value, list) else [value]
    alternatives: list[Node] = []
    warnings: list[str] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise ConditionError(f"{where} must be a mapping (or list of mappings) like genre: Action")
        data = {str(k).lower(): v for k, v in entry.items()}
        validate = data.pop("validate", True)
        conds: list[Node] = []
        for key, sub in data.items():
            here = f"{where}[{index}].{key}" if len(entries) > 1 else f"{where}.{key}"
            try:
                conds.append(_condition(key, sub, libtype, now, here))
            except ConditionError as exc:
                if validate is not False:
                    raise
                warnings.append(str(exc))
                log.warning("%s (skipped, validate: false)", exc)
        alternatives.append(Group("all", tuple(conds)))
    if not alternatives:
        return None
    return Filters(Group("any", tuple(alternatives)), tuple(warnings))
