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

from kometa.plex.levels import LEVELS
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
#: ``type:`` of a search (Kometa's spellings, singular or plural) -> the item type it returns
SEARCH_TYPES = {"movie": "movie", "show": "show", "season": "season", "episode": "episode", "artist": "artist",
                "album": "album", "track": "track"}
SEARCH_TYPES.update({f"{k}s": v for k, v in list(SEARCH_TYPES.items())})
_TYPE_LIST = "movies, shows, seasons, episodes, artists, albums, tracks"


def search_level(data: Mapping[str, Any], library_type: str) -> str | None:
    """The level a definition's ``plex_search`` / ``smart_filter`` ``type:`` asks for in a
    ``library_type`` library: ``episodes`` in a show library -> ``episode`` (the definition then runs
    as ``builder_level: episode`` does: a collection of episodes, its smart filter of Plex's episode
    type); None when no search names a type, or names the library's own items. A type the library
    does not hold, an unknown one, or two searches asking for different types are located errors."""
    found: tuple[str, str] | None = None  # (key, level)
    for key in ("smart_filter", "plex_search"):
        value = data.get(key)
        for entry in value if isinstance(value, list) else [value]:
            if not isinstance(entry, Mapping):
                continue
            raw = next((v for k, v in entry.items() if str(k).lower() == "type"), None)
            if raw is None:
                continue
            text = str(raw).strip().lower()
            kind = SEARCH_TYPES.get(text)
            if kind is None:
                raise ConditionError(f"{key}.type must be one of {_TYPE_LIST}, got {raw!r}")
            levels = LEVELS.get(library_type, ())
            if kind != library_type and kind not in levels:
                holds = ", ".join(f"{t}s" for t in (library_type, *levels))
                raise ConditionError(f"{key}.type: {text} are not in {where_type(library_type)} (it holds {holds})")
            level = None if kind == library_type else kind
            if found is not None and found[1] != (level or library_type):
                raise ConditionError(f"{key}.type: {text} differs from the {found[0]} type ({found[1]}s): one "
                                     f"collection holds one type of item")
            found = (key, level or library_type)
    if found is None or found[1] == library_type:
        return None
    return found[1]


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
        """``type:`` (Kometa: what a search returns) must be the type of this view's items: a
        definition whose search names seasons or episodes runs at that level (:func:`search_level`),
        so a type still differing here conflicts with its ``builder_level`` (or is asked where no
        level applies, as in a playlist): a located error, never ignored."""
        if value is None:
            return
        own = self.snapshot.item_type
        text = str(value).strip().lower()
        kind = SEARCH_TYPES.get(text)
        if kind is None:
            raise ConditionError(f"{key}.type must be one of {_TYPE_LIST}, got {value!r}")
        if kind != own:
            hint = (f" (builder_level: {own})" if self.snapshot.level is not None else "")
            raise ConditionError(f"{key}.type: {text} does not match this search's items: it returns {own}s{hint}")

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
        if self.snapshot.level in ("album", "track"):  # a music level's plain attributes are its own
            if self.snapshot.level not in attr.libtypes and "." not in (attr.plex or ""):
                raise ConditionError(f"{where}: '{name}' is not available in {where_type(self.snapshot.level)}")
        elif self.snapshot.library_type not in attr.libtypes:
            raise ConditionError(f"{where}: '{name}' is not available in {where_type(self.snapshot.library_type)}")
        self._check_level(attr, name, where)
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

    def _check_level(self, attr: Attr, name: str, where: str) -> None:
        """A season/episode (album/track) search: an attribute Plex evaluates on the item itself
        (its field names no other level, even after the show-field translation) must be one that
        level has (Kometa's "Allowed Media"): ``decade`` is a show's, not an episode's."""
        level = self.snapshot.level
        if level is None or attr.plex is None:
            return
        field = (self.fields or {}).get(attr.plex, attr.plex)
        if "." not in field and level not in attr.libtypes:
            have = sorted(t for t in attr.libtypes if t in (self.snapshot.library_type, *LEVELS.get(
                self.snapshot.library_type, ())))
            of = " and ".join(f"{t}s" for t in have) or "other items"
            raise ConditionError(f"{where}: '{name}' does not apply to {level}s (it is an attribute of {of}); "
                                 f"a search of {level}s takes the {level}'s own attributes "
                                 f"({'episode_*' if level in ('season', 'episode') else level + '_*'}) "
                                 f"or the {'show' if level in ('season', 'episode') else 'artist'}'s")


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
