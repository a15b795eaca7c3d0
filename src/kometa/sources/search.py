"""``plex_search`` / ``smart_filter`` definitions -> a :class:`Search` (condition tree, sort, limit).

Grammar (spec 4.3): a mapping or a list of mappings (separate searches, results merged). Each
mapping holds ``any`` or ``all`` (nestable, mapping or list) or bare conditions (AND, with each
value list of an OR attribute ORed), plus ``sort_by``, ``limit``, ``type``, ``validate``.
Several values of one attribute inside ``any``/``all`` join with that group's conjunction.
Tag values are checked against the values present in the library (case-insensitive) and
rewritten to Plex's spelling; ``.regex`` on a tag expands to the matching values.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kometa.plex.snapshot import Snapshot
from kometa.sources.attributes import (
    DATE,
    OR_ATTRIBUTES,
    SEARCH_MODIFIERS,
    SHOW_FIELDS,
    TAG,
    Attr,
    lookup,
    split_key,
    where_type,
)
from kometa.sources.conditions import Cond, ConditionError, Group, Node, parse_value, walk
from kometa.sources.sorting import SortKey, parse_sort

log = logging.getLogger("kometa")
SEARCH_KEYS = {"any", "all", "sort_by", "limit", "type", "validate"}


@dataclass(frozen=True)
class Search:
    tree: Group
    sort: tuple[SortKey, ...]
    limit: int | None
    local: bool  # every condition can be evaluated against the snapshot

    def conditions(self) -> list[Cond]:
        return list(walk(self.tree))


class SearchParser:
    """Parses search mappings for one library snapshot."""

    def __init__(self, snapshot: Snapshot, now: datetime, *, default_sort: str = "title.asc") -> None:
        self.snapshot = snapshot
        self.now = now
        self.default_sort = default_sort
        self._tag_cache: dict[str, dict[str, str]] = {}
        self._validate = True
        self.show_options = False  # settings show_options: a value not found lists every value the library has

    # -- public

    def parse_many(self, value: Any, key: str = "plex_search") -> list[Search]:
        entries = value if isinstance(value, list) else [value]
        if not entries:
            raise ConditionError(f"{key} is empty")
        return [self.parse(entry, key) for entry in entries]

    def parse(self, value: Any, key: str = "plex_search") -> Search:
        if not isinstance(value, Mapping):
            raise ConditionError(f"{key} must be a mapping with any: or all: conditions")
        data = {str(k).lower(): v for k, v in value.items()}
        if "any" in data and "all" in data:
            raise ConditionError(f"{key} may hold any: or all:, not both")
        self._check_type(data.get("type"), key)
        validate = data.get("validate", True)
        if not isinstance(validate, bool):
            raise ConditionError(f"{key}.validate must be true or false, got {validate!r}")
        self._validate = validate  # false: a tag value the library lacks is logged and matches nothing
        try:
            if "any" in data or "all" in data:
                op = "any" if "any" in data else "all"
                extra = [k for k in data if k not in SEARCH_KEYS]
                if extra:
                    raise ConditionError(f"{key}: '{extra[0]}' must go inside {op}:")
                tree = self._group(op, data[op], f"{key}.{op}")
            else:
                tree = self._bare({k: v for k, v in data.items() if k not in SEARCH_KEYS}, key)
        finally:
            self._validate = True
        if not tree.children:
            raise ConditionError(f"{key} has no conditions")
        sort = parse_sort(data.get("sort_by", self.default_sort), f"{key}.sort_by")
        limit = self._limit(data.get("limit"), f"{key}.limit")
        return Search(tree, sort, limit, self.is_local(walk(tree)))

    def _check_type(self, value: Any, key: str) -> None:
        """``type:`` (Kometa: what a search returns): the items of this view are what this version
        searches; another type is a located error, never ignored."""
        if value is None:
            return
        own = {"movie": "movies", "show": "shows", "season": "seasons", "episode": "episodes", "artist": "artists",
               "album": "albums", "track": "tracks"}.get(self.snapshot.item_type, self.snapshot.item_type)
        text = str(value).strip().lower()
        if text in (own, own.rstrip("s")):
            return
        if text in ("movies", "shows", "seasons", "episodes", "artists", "albums", "tracks"):
            raise ConditionError(f"{key}.type: {text} is not supported here in this version (this search "
                                 f"returns {own}; for seasons or episodes of a show library use builder_level)")
        raise ConditionError(f"{key}.type must be one of movies, shows, seasons, episodes, artists, albums, tracks, "
                             f"got {value!r}")

    def is_local(self, conds: Iterable[Cond]) -> bool:
        """Can the snapshot answer these conditions? Never for a level view: a season or episode
        search names the show's fields, which Plex joins (see :data:`SHOW_FIELDS`)."""
        return self.snapshot.level is None and all(c.attr.local_in(self.snapshot.item_type) for c in conds)

    @property
    def fields(self) -> Mapping[str, str] | None:
        """Plex field names of this snapshot's searches: a show library's season/episode searches
        name the show's fields (``show.genre``)."""
        return SHOW_FIELDS if self.snapshot.level in ("season", "episode") else None

    def condition(self, attr_key: str, value: Any, where: str, *, allowed: Mapping[str, frozenset[str]]
                  = SEARCH_MODIFIERS) -> tuple[Attr, str, list[Any]]:
        """Parse ``attr.mod: value(s)`` -> (attr, modifier, parsed values)."""
        name, mod = split_key(attr_key)
        attr = lookup(name)
        if attr is None or (allowed is SEARCH_MODIFIERS and not attr.search):
            raise ConditionError(f"{where}: unknown attribute '{name}'")
        if attr.kind == DATE and mod in ("gt", "gte", "lt", "lte"):  # spec 4.3: strict after / before
            mod = "after" if mod.startswith("gt") else "before"
        if self.snapshot.library_type not in attr.libtypes:
            raise ConditionError(f"{where}: '{name}' is not available in {where_type(self.snapshot.library_type)}")
        if mod not in allowed[attr.kind]:
            mods = ", ".join(f".{m}" if m else '""' for m in sorted(allowed[attr.kind]))
            raise ConditionError(f"{where}: modifier .{mod} does not apply to {name} (use {mods})")
        raw = value if isinstance(value, list) else [value]
        if attr.kind == TAG and mod in ("", "not") and len(raw) == 1 and isinstance(raw[0], str) \
                and "," in raw[0]:
            raw = [part.strip() for part in raw[0].split(",") if part.strip()]
        values = [parse_value(attr, mod, v, where, self.now) for v in raw]
        if not values:
            raise ConditionError(f"{where} has no value")
        if attr.kind == TAG and self._tag_source(attr) is not None:
            values = self._resolve_tags(attr, mod, values, where)
        return attr, mod, values

    def nodes(self, attr_key: str, value: Any, where: str) -> tuple[Attr, list[Node]]:
        """The conditions of one ``attr.mod: value(s)`` entry; a tag regex becomes one OR group of
        the matching values (empty: nothing passes)."""
        attr, mod, values = self.condition(attr_key, value, where)
        if mod == "regex" and attr.kind == TAG and self._tag_source(attr) is not None:
            return attr, [Group("any", tuple(Cond(attr, "", v) for v in values))]
        return attr, [Cond(attr, mod, v) for v in values]

    # -- internals

    def _limit(self, value: Any, where: str) -> int | None:
        if value is None or (isinstance(value, str) and value.strip().lower() == "all"):
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConditionError(f"{where} must be a whole number above 0 or 'all', got {value!r}")
        return value

    def _group(self, op: str, value: Any, where: str) -> Group:
        children: list[Node] = []
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            if not isinstance(entry, Mapping):
                raise ConditionError(f"{where} must hold conditions like genre: Action")
            for raw_key, sub in entry.items():
                k = str(raw_key).lower()
                if k in ("any", "all"):
                    children.append(self._group(k, sub, f"{where}.{k}"))
                    continue
                children.extend(self.nodes(k, sub, f"{where}.{k}")[1])
        return Group(op, tuple(children))

    def _bare(self, data: Mapping[str, Any], where: str) -> Group:
        children: list[Node] = []
        for k, sub in data.items():
            conj = "all" if k.endswith(".and") else "any"
            key = k[:-4] if k.endswith(".and") else k
            attr, conds = self.nodes(key, sub, f"{where}.{k}")
            if attr.name in OR_ATTRIBUTES and len(conds) > 1:
                children.append(Group(conj, tuple(conds)))
            else:
                children.extend(conds)
        return Group("all", tuple(children))

    def _tag_source(self, attr: Attr) -> Snapshot | None:
        """The snapshot whose values a tag condition is checked against: the library's own for its
        items; for a show library's season/episode search the shows' (``genre`` is the show's);
        None when the listing does not carry them (Plex alone knows)."""
        if self.snapshot.level is None:
            return self.snapshot if attr.local_in(self.snapshot.item_type) else None
        base: Snapshot | None = getattr(self.snapshot, "base", None)
        if base is not None and self.fields and (self.fields.get(attr.plex or "") or "").startswith("show.") \
                and attr.local_in(base.item_type):
            return base
        return None

    def _tags(self, attr: Attr) -> dict[str, str]:
        if attr.name not in self._tag_cache:
            source = self._tag_source(attr) or self.snapshot
            self._tag_cache[attr.name] = source.tag_values(attr.name)
        return self._tag_cache[attr.name]

    def _resolve_tags(self, attr: Attr, mod: str, values: list[Any], where: str) -> list[Any]:
        known = self._tags(attr)
        if mod == "regex":
            hits = [spelled for spelled in known.values() if any(p.search(spelled) for p in values)]
            return sorted(hits)
        resolved = []
        for value in values:
            text = str(value)
            if attr.name == "resolution":
                low = text.lower()
                text = low[:-1] if low.endswith("p") and low[:-1].isdigit() else low
            spelled = known.get(text.lower())
            if spelled is None:
                values_of = sorted(known.values())
                sample = ", ".join(values_of if self.show_options else values_of[:8]) or "none"
                message = (f"{where}: {attr.name} '{value}' not found in library {self.snapshot.section_title} "
                           f"({'options' if self.show_options else 'values include'}: {sample})")
                if self._validate:
                    raise ConditionError(message)
                log.warning("%s (validate: false: it matches nothing)", message)
                spelled = text  # no item carries it: the condition matches nothing, as in Plex
            resolved.append(spelled)
        return resolved
