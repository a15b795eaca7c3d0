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

from kometa.engine.tmdb_filters import (
    LISTED,
    SPECIAL_MODIFIERS,
    TMDB_ATTRS,
    TmdbItemDetails,
    apply_tmdb,
    check_value,
    uses_tmdb,
)
from kometa.sources.attributes import MODIFIERS, lookup, split_key, where_type
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

    def apply(self, items: Iterable[Any], now: datetime, tmdb: TmdbItemDetails | None = None) -> list[Any]:
        """The items that pass; TMDb conditions read ``tmdb`` (the library's details, fetched for the
        items that reach them)."""
        if self.tmdb:
            if tmdb is None:
                raise ConditionError("TMDb filters need TMDb: a tmdb: section with an apikey in config.yml (playlists do "
                                     "not read TMDb in this version)")
            return apply_tmdb(self.tree, list(items), now, tmdb)
        test = compile_node(self.tree, now)
        return [item for item in items if test(item)]


#: Kometa's filters this version does not evaluate yet (a located error, never a typo)
UNBUILT_FILTERS = {
    "tvdb_genre": "TVDb", "tvdb_status": "TVDb", "tvdb_title": "TVDb", "imdb_keyword": "IMDb keywords",
    "has_stinger": "MediaStinger", "stinger_rating": "MediaStinger", "has_dolby_vision": "media streams",
    "episodes": "a share of the episodes", "seasons": "a share of the seasons", "albums": "a share of the albums",
    "tracks": "a share of the tracks",
    "audio_track_title": "media streams", "audio_profile": "media streams", "video_profile": "media streams",
    "record_label": "album record labels",
}


def _condition(key: str, value: Any, libtype: str, now: datetime, where: str) -> Node:
    name, mod = split_key(key)
    attr = lookup(name) or TMDB_ATTRS.get(name)
    if attr is None and name in UNBUILT_FILTERS:
        raise ConditionError(f"{where}: filter '{name}' ({UNBUILT_FILTERS[name]}) is not supported in this version")
    if attr is None or not attr.filter:
        raise ConditionError(f"{where}: unknown filter '{name}'" + (
            " (it needs data this tool does not read; use it in plex_search instead)" if attr else ""))
    if libtype not in attr.libtypes:
        raise ConditionError(f"{where}: filter '{name}' is not available in {where_type(libtype)}")
    allowed = SPECIAL_MODIFIERS.get(name, MODIFIERS[attr.kind])
    if mod not in allowed:
        mods = ", ".join(f".{m}" if m else '""' for m in sorted(allowed))
        raise ConditionError(f"{where}: modifier .{mod} does not apply to {name} (use {mods})")
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
