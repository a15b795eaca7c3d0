"""Dynamic collections: one collection per distinct library value (genre, year, studio, ...).

``dynamic_collections: {set_name: {type: genre, ...}}`` turns every distinct value of a field in
the library into its own collection definition. The library's values come from a
:class:`LibraryValues` (the engine's snapshot, or :class:`ItemValues` built from items), so this
module never talks to Plex.

Per set: keys = distinct values (``key -> display name``), minus ``exclude`` (by key or name);
``addons`` merge other keys into one collection; with ``include`` only those keys get their own
collection and the rest go to one ``other_name`` collection (when ``other_name`` is set). Titles
come from ``title_override``, the file block's ``name_<key>``, or ``title_format`` (alias
``name_format`` in a file block's variables; default per type, e.g. "Top <<key_name>>
<<library_type>>s"). Without ``template`` each collection is a regular synced collection built by
``plex_search: {any: {<type>: <values>}}`` sorted by critic rating (limit 50); with ``template``
the template is called with ``value``, ``<type>``, ``key``, ``key_name``, ``original_key_name``,
``key_name_first_letter`` and the set's per-key ``template_variables``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kometa.config.dynamic_values import (  # noqa: F401  (re-exported: the engine and tests import them from here)
    RESOLUTION_NAMES,
    ItemValues,
    LibraryValues,
    RunValues,
    as_library_values,
)
from kometa.config.templates import Context, Where
from kometa.core.errors import ConfigError

log = logging.getLogger("kometa")

VALUE_TYPES = ("genre", "year", "decade", "content_rating", "resolution", "studio", "country", "network",
               "edition", "subtitle_language", "audio_language", "episode_year")
PEOPLE_TYPES = ("actor", "director", "producer", "writer")
KEYED_TYPES = ("number", "custom")
#: keys from IMDb: one collection per edition of an award event (the values need ``award_years``)
AWARD_TYPES = ("imdb_awards",)
#: types whose values a run asks an online service for (the run's LibraryValues has ``online = True``)
ONLINE_TYPES = ("tmdb_collection", "original_language", "origin_country")
#: online types whose collections keep the library's items with that TMDb detail (Kometa's default)
TMDB_FILTER_TYPES = ("original_language", "origin_country")
TYPES = VALUE_TYPES + PEOPLE_TYPES + KEYED_TYPES + ONLINE_TYPES + AWARD_TYPES
#: types whose values the library listing does not carry: asked of Plex's filter menus (type -> filter)
CHOICE_TYPES = {"audio_language": "audioLanguage", "subtitle_language": "subtitleLanguage",
                "episode_year": "year?type=4"}  # the years of a show library's episodes
SET_KEYS = {"type", "exclude", "include", "addons", "template", "template_variables", "other_template",
            "other_name", "remove_prefix", "remove_suffix", "title_format", "key_name_override", "title_override",
            "custom_keys", "test", "sync", "data", "styles"}
LIST_KEYS = ("exclude", "include", "remove_prefix", "remove_suffix")
MAPPING_KEYS = ("addons", "key_name_override", "title_override", "data", "template_variables")
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Generated:
    """One generated collection definition, before templates are applied."""

    name: str
    node: dict[str, Any]
    file: str
    line: int
    set_name: str
    type: str = ""


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value) if isinstance(value, list | tuple) else [value]


def _apply_file_variables(spec: dict[str, Any], variables: Mapping[str, Any]) -> dict[str, Any]:
    """File-block ``template_variables`` named like set keys override the set (``append_``/``remove_`` too)."""
    spec = dict(spec)
    if variables.get("name_format") is not None:  # the name our (and Kometa's) default files use for it
        spec["title_format"] = variables["name_format"]
    for key in SET_KEYS - {"type", "styles"}:
        if key == "data" and isinstance(variables.get(key), Mapping) and isinstance(spec.get(key), Mapping) \
                and str(spec.get("type") or "").lower() != "custom":
            spec[key] = {**spec[key], **variables[key]}  # options (starting/ending/increment): merged
        elif key in variables:
            spec[key] = variables[key]  # a custom set's data is replaced, as Kometa (append_data adds)
        for prefix in ("append_", "remove_"):
            change = variables.get(prefix + key)
            if change is None:
                continue
            if key in MAPPING_KEYS and prefix == "remove_" and not isinstance(change, Mapping):
                spec[key] = {k: v for k, v in dict(spec.get(key) or {}).items()
                             if str(k) not in {str(c) for c in _as_list(change)}}  # remove_data: [key, ...]
            elif key in MAPPING_KEYS and isinstance(change, Mapping):
                current = dict(spec.get(key) or {})
                for k, v in change.items():
                    if prefix == "append_":
                        current[k] = _as_list(current.get(k)) + _as_list(v) if key == "addons" else v
                    else:
                        current.pop(k, None)
                spec[key] = current
            else:
                current_list = _as_list(spec.get(key))
                changes = _as_list(change)
                spec[key] = current_list + changes if prefix == "append_" else \
                    [v for v in current_list if v not in changes]
    return spec


class _SetBuilder:
    def __init__(self, set_name: str, spec: dict[str, Any], context: Context, values: LibraryValues | None,
                 where: Where) -> None:
        self.set_name = set_name
        self.spec = spec
        self.context = context
        self.values = values
        self.where = where
        self.type = str(spec.get("type") or "").lower()

    def error(self, message: str) -> Exception:
        return self.where.error(f"dynamic_collections '{self.set_name}': {message}")

    def _mapping(self, key: str) -> dict[str, Any]:
        value = self.spec.get(key) or {}
        if not isinstance(value, Mapping):
            raise self.error(f"{key} must be a mapping of key: value")
        return {str(k): v for k, v in value.items()}

    def discover(self) -> dict[str, str]:
        data = self._mapping("data")
        if self.type == "custom":
            if not data:
                raise self.error("type custom needs data: {key: name, ...}")
            return {k: str(v if v is not None else k) for k, v in data.items()}
        if self.type == "number":
            try:
                start, end = self._number(data.get("starting", 0)), self._number(data.get("ending", 0))
                step = int(data.get("increment", 1))
            except (TypeError, ValueError):
                raise self.error("number data needs whole numbers (starting and ending may be current_year or "
                                 "current_year-N): starting, ending, increment") from None
            if step <= 0 or end < start:
                raise self.error("number data needs starting <= ending and increment > 0")
            return {str(n): str(n) for n in range(start, end + 1, step)}
        if self.type in AWARD_TYPES:
            return self._award_years(data)
        if self.values is None:
            return {}
        if self.type == "episode_year" and self.values.library_type != "show":
            raise self.error(f"type episode_year works in show libraries; this is a {self.values.library_type} "
                             "library")
        if self.type in CHOICE_TYPES and getattr(self.values, "choices", None) is not None:
            found = dict(self.values.choices(CHOICE_TYPES[self.type]))  # type: ignore[attr-defined]
            return dict(sorted(found.items(), key=lambda kv: kv[1].lower()))
        if self.type in ONLINE_TYPES:
            if not getattr(self.values, "online", False):
                raise self.error(f"type {self.type} asks TMDb for the library's values; it works in a run")
            try:
                return dict(self.values.values_for(self.type))
            except LookupError as exc:
                raise self.error(str(exc.args[0] if exc.args else exc)) from None
        if self.type in PEOPLE_TYPES:
            depth = int(data.get("depth", 3))
            minimum = int(data.get("minimum", 3))
            limit = data.get("limit")
            counts = self.values.people(self.type, depth)
            ranked = sorted((n for n, c in counts.items() if c >= minimum), key=lambda n: (-counts[n], n.lower()))
            if limit:
                ranked = ranked[: int(limit)]
            return {name: name for name in ranked}
        found = dict(self.values.values_for(self.type))
        if self.type in ("year", "decade"):
            return dict(sorted(found.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0))
        return dict(sorted(found.items(), key=lambda kv: kv[1].lower()))

    def _number(self, value: Any) -> int:
        """A number data bound: a whole number, ``current_year`` or ``current_year-N``/``+N`` (Kometa)."""
        match = re.fullmatch(r"current_year\s*(?:([+-])\s*(\d+))?", str(value).strip().lower())
        if match is None:
            return int(value)
        offset = int(match.group(2) or 0)
        return self.context.today.year + (-offset if match.group(1) == "-" else offset)

    def event_id(self) -> str:
        match = re.search(r"ev\d{7,}", str(self._mapping("data").get("event_id") or ""))
        if not match:
            raise self.error("type imdb_awards needs data: event_id (an IMDb event id like ev0000003)")
        return match.group(0)

    def _award_years(self, data: Mapping[str, Any]) -> dict[str, str]:
        """The event's editions from ``starting`` to ``ending`` (``first``, ``first+N``, ``latest``,
        ``latest-N``, or a year; default all) every ``increment``-th, newest first."""
        event_id = self.event_id()
        try:
            newest_first = list(self.values.award_years(event_id))  # type: ignore[union-attr]
        except LookupError as exc:
            raise self.error(f"the editions of {event_id}: {exc}") from None
        oldest_first = newest_first[::-1]
        count = len(oldest_first)

        def position(attr: str) -> int:
            if attr not in data:
                return 1 if attr == "starting" else count
            text = str(data[attr]).strip().lower()
            match = re.fullmatch(r"(first|latest|current_year)\s*(?:([+-])\s*(\d+))?", text)
            if match:
                anchor, sign, offset = match.groups()
                if anchor == "first" and sign in (None, "+"):
                    return 1 + int(offset or 0)
                if anchor != "first" and sign in (None, "-"):
                    return count - int(offset or 0)
            if text in oldest_first:
                return oldest_first.index(text) + 1
            raise self.error(f"data {attr} '{data[attr]}' is not first, first+N, latest, latest-N or an "
                             f"edition of {event_id}")

        try:
            step = int(data.get("increment", 1))
        except (TypeError, ValueError):
            raise self.error("data increment must be a whole number") from None
        if step <= 0:
            raise self.error("data increment must be greater than 0")
        start, end = position("starting"), position("ending")
        chosen = oldest_first[max(start, 1) - 1:max(end, 0):step]
        if not chosen:
            raise self.error(f"data starting/ending select no edition of {event_id}")
        return {year: year for year in newest_first if year in chosen}

    def title_format(self) -> str:
        fmt = self.spec.get("title_format")
        if fmt is None:
            if self.type == "year":
                return "Best <<library_type>>s of <<key_name>>"
            if self.type == "decade":
                return "Best <<library_type>>s of the <<key_name>>"
            if self.type == "episode_year":
                return "Best Episodes of <<key_name>>"
            if self.type in ("resolution", "subtitle_language", "audio_language", "content_rating",
                             *TMDB_FILTER_TYPES):
                return "<<key_name>> <<library_type>>s"
            if self.type in PEOPLE_TYPES:
                return "<<key_name>>"
            return "Top <<key_name>> <<library_type>>s"
        if not isinstance(fmt, str) or "<<key_name>>" not in fmt:
            raise self.error("title_format must contain <<key_name>>, e.g. 'Top <<key_name>> <<library_type>>s'")
        return fmt

    def key_name(self, key: str, name: str) -> str:
        overrides = self._mapping("key_name_override")
        if key in overrides:
            return str(overrides[key])
        for prefix in _as_list(self.spec.get("remove_prefix")):
            if name.startswith(str(prefix)):
                name = name[len(str(prefix)):].strip()
        for suffix in _as_list(self.spec.get("remove_suffix")):
            if name.endswith(str(suffix)):
                name = name[: -len(str(suffix))].strip()
        return name

    def title(self, key: str, key_name: str, formatted: bool = True) -> str:
        """The collection's title (after its emoji, when the set's template_variables have one)."""
        return self._emoji(key) + self._title(key, key_name, formatted)

    def _emoji(self, key: str) -> str:
        """Kometa's seasonal ``emoji``/``emoji_<key>``: text before the title, for a set whose
        template_variables name ``emoji`` (its per-key values); a file's emoji_<key>, then emoji, win."""
        choices = self._mapping("template_variables").get("emoji")
        if choices is None:
            return ""
        variables = self.context.file_variables
        for name in (f"emoji_{key}", "emoji"):
            if variables.get(name) is not None:
                return str(variables[name])
        if isinstance(choices, Mapping):
            return str(choices.get(key, choices.get("default", "")) or "")
        return str(choices or "")

    def _title(self, key: str, key_name: str, formatted: bool) -> str:
        """title_override, a default file's name_<key>, else title_format (``formatted``; the other
        collection's is its other_name as it is)."""
        overrides = self._mapping("title_override")
        if key in overrides:
            return str(overrides[key])
        named = self.context.file_variables.get(f"name_{key}")  # a default file's name_<key>
        if isinstance(named, str | int) and not isinstance(named, bool) and str(named).strip():
            return str(named)
        if not formatted:
            return key_name
        kind = (self.context.library_type or "item").capitalize()
        return self.title_format().replace("<<key_name>>", key_name).replace("<<library_typeU>>", kind) \
            .replace("<<library_type>>", kind).replace("<<key>>", key)

    def groups(self) -> list[tuple[str, str, list[str]]]:
        """[(key, display name, search values)] after exclude, addons and include."""
        keys = self.discover()
        exclude = {str(v).lower() for v in _as_list(self.spec.get("exclude"))}
        keys = {k: n for k, n in keys.items() if k.lower() not in exclude and n.lower() not in exclude}
        lower = {k.lower(): k for k in keys}
        custom_keys = self.spec.get("custom_keys", True) is not False
        groups: dict[str, tuple[str, list[str]]] = {}
        consumed: set[str] = set()
        for raw_key, addons in self._mapping("addons").items():
            main = lower.get(raw_key.lower())
            # a custom set's addons may name values that are no key (TMDb ids merged into a key, as in
            # Kometa's show franchises); other types keep only the library's values
            extra = [lower.get(str(a).lower(), str(a)) for a in _as_list(addons)] if self.type == "custom" else \
                [lower[str(a).lower()] for a in _as_list(addons) if str(a).lower() in lower]
            if main is None and not custom_keys:
                log.warning("%s: addons key '%s' is not a %s in the library (custom_keys: false); ignored",
                            self.where.file, raw_key, self.type)
                continue
            key = main or raw_key
            found = ([main] if main else []) + [e for e in extra if e != main]
            if not found:
                continue
            groups[key] = (keys.get(key, key), found)
            consumed.update(found)
        for key, name in keys.items():
            if key not in consumed:
                groups[key] = (name, [key])
        include = _as_list(self.spec.get("include"))
        if not include:
            return [(k, n, v) for k, (n, v) in groups.items()]
        wanted = {str(v).lower() for v in include}
        chosen = [(k, n, v) for k, (n, v) in groups.items() if k.lower() in wanted or n.lower() in wanted]
        others = [value for k, (n, vals) in groups.items() if not (k.lower() in wanted or n.lower() in wanted)
                  for value in vals]
        if others and self.spec.get("other_name"):
            chosen.append(("other", "other", others))
        return chosen

    def default_body(self, search_values: list[str]) -> dict[str, Any]:
        if self.type in AWARD_TYPES:
            return {"imdb_award": {"event_id": self.event_id(), "event_year": search_values[0], "winning": True},
                    "sync_mode": "sync", "label": [self.set_name]}
        if self.type == "tmdb_collection":
            return {"tmdb_collection_details": [int(v) for v in search_values], "sync_mode": "sync",
                    "label": [self.set_name]}
        if self.type == "episode_year":  # the year's episodes, best rated first (Kometa's default)
            years = [int(v) for v in search_values]
            return {"builder_level": "episode", "plex_search": {"any": {"year": years[0] if len(years) == 1 else years},
                                                                 "sort_by": "critic_rating.desc", "limit": DEFAULT_LIMIT},
                    "sync_mode": "sync", "label": [self.set_name]}
        if self.type in TMDB_FILTER_TYPES:  # the library's items with that TMDb detail (engine/tmdb_filters.py)
            return {"plex_all": True, "filters": {self.type: ", ".join(search_values)}, "sync_mode": "sync",
                    "label": [self.set_name]}
        attribute = {"studio": "studio.is"}.get(self.type, self.type)
        sort = "title.asc" if self.type == "resolution" else "critic_rating.desc"
        value: Any = search_values[0] if len(search_values) == 1 else list(search_values)
        if self.type in ("year", "decade"):
            value = [int(v) for v in search_values] if len(search_values) > 1 else int(search_values[0])
        return {"plex_search": {"any": {attribute: value}, "sort_by": sort, "limit": DEFAULT_LIMIT},
                "sync_mode": "sync", "label": [self.set_name]}

    def template_calls(self, template: Any, key: str, key_name: str, name: str, values: list[str]) -> list[Any]:
        per_key = self._mapping("template_variables")
        first = key_name[:1].upper()
        call: dict[str, Any] = {
            "value": values if len(values) > 1 else values[0], self.type: values if len(values) > 1 else values[0],
            "key": key, "key_name": key_name, "original_key_name": name,
            "key_name_first_letter": first if first.isalpha() else "#",
        }
        if self.type in AWARD_TYPES:
            call["event_id"] = self.event_id()
        for var, choices in per_key.items():
            if isinstance(choices, Mapping):
                if key in choices:
                    call[var] = choices[key]
                elif "default" in choices:
                    call[var] = choices["default"]
            else:
                call[var] = choices
        calls = []
        for entry in template if isinstance(template, list) else [template]:
            if isinstance(entry, Mapping):
                calls.append({**call, **entry})
            else:
                calls.append({"name": str(entry), **call})
        return calls

    def build(self, existing_titles: set[str]) -> list[Generated]:
        from kometa.config.unbuilt import DYNAMIC_TYPES, NotDone

        if self.type in DYNAMIC_TYPES:  # Kometa's, not built here: not done (unlike a misspelt type)
            place = self.where.error("")
            raise NotDone(f"dynamic_collections '{self.set_name}': type {self.type}: {DYNAMIC_TYPES[self.type]} is "
                          "not done by this version yet", file=place.file, line=place.line)
        if self.type not in TYPES:
            raise self.error(f"type '{self.spec.get('type')}' is not supported; use one of "
                             f"{', '.join(TYPES)}")
        if self.type in ("number", "custom") and not self.spec.get("template"):
            raise self.error(f"type {self.type} needs a template (using <<value>>)")
        if self.type in AWARD_TYPES and getattr(self.values, "award_years", None) is None:
            log.info("%s: dynamic_collections '%s' needs IMDb's award editions; none generated here",
                     self.where.file, self.set_name)
            return []
        if self.values is None and self.type not in KEYED_TYPES:
            log.warning("%s: dynamic_collections '%s' needs the library's values; none generated here",
                        self.where.file, self.set_name)
            return []
        result: list[Generated] = []
        for key, name, values in self.groups():
            kind = (self.context.library_type or "item").capitalize()
            other = str(self.spec.get("other_name") or "").replace("<<library_typeU>>", kind) \
                .replace("<<library_type>>", kind)
            key_name = other if key == "other" else self.key_name(key, name)
            title = self.title(key, key_name, formatted=key != "other")
            if title in existing_titles:
                log.info("dynamic_collections '%s': '%s' is already a collection in this file; skipped",
                         self.set_name, title)
                continue
            template = self.spec.get("other_template") if key == "other" else None
            template = template or self.spec.get("template")
            if template:
                node: dict[str, Any] = {"template": self.template_calls(template, key, key_name, name, values)}
            else:
                node = self.default_body(values)
            if self.spec.get("test"):
                node["test"] = True
            node["name"] = title
            existing_titles.add(title)
            result.append(Generated(title, node, self.where.file or "<config>", self.where.line or 1,
                                    self.set_name, self.type))
        return result


def generate(node: Any, document: Any, context: Context, values: LibraryValues | None, where: Where,
             existing_titles: set[str], synced: set[str] | None = None,
             undone: list[Exception] | None = None,
             failed: Callable[[ConfigError], None] | None = None) -> list[Generated]:
    """Every collection the ``dynamic_collections`` section generates, in order.

    ``synced`` (if given) receives the names of sets with ``sync: true``; ``undone`` (if given) the
    :class:`~kometa.config.unbuilt.NotDone` of each set of a type this version does not make (the
    other sets still generate). With ``failed`` (the definitions' collector), a set's error goes to
    it and the other sets are still read (strict: it raises), so ``--validate`` reports every bad
    set of a file at once.
    """
    from kometa.config.yaml_io import file_of, line_of

    if not isinstance(node, Mapping):
        raise where.error("dynamic_collections must be a mapping of set name -> {type: ...}", document,
                          "dynamic_collections")
    result: list[Generated] = []
    titles = set(existing_titles)
    for set_name, spec in node.items():
        set_where = Where(file_of(node) or where.file, line_of(node, set_name) or where.line)
        if failed is None:
            result.extend(_set(set_name, spec, context, values, set_where, titles, synced, undone))
            continue
        try:
            result.extend(_set(set_name, spec, context, values, set_where, titles, synced, undone))
        except ConfigError as error:
            failed(error)
    return result


def _set(set_name: Any, spec: Any, context: Context, values: LibraryValues | None, set_where: Where,
         titles: set[str], synced: set[str] | None, undone: list[Exception] | None) -> list[Generated]:
    """The collections of one set of ``dynamic_collections``."""
    if not isinstance(spec, Mapping):
        raise set_where.error(f"dynamic_collections '{set_name}' must be a mapping with type:")
    lowered = {str(k).lower(): v for k, v in spec.items()}
    unknown = sorted(set(lowered) - SET_KEYS)
    if unknown:
        raise set_where.error(f"dynamic_collections '{set_name}': unknown key '{unknown[0]}' "
                              f"(known: {', '.join(sorted(SET_KEYS))})")
    if "type" not in lowered:
        raise set_where.error(f"dynamic_collections '{set_name}' needs type: (e.g. type: genre)")
    from kometa.config.definitions import plain

    spec_plain = plain(lowered, lower=False)
    styles = spec_plain.pop("styles", None)  # ours: a default's `style` variable -> set keys it changes
    style = context.file_variables.get("style")
    if isinstance(styles, Mapping) and style is not None:  # another value: the default look (Kometa's
        spec_plain.update(styles.get(str(style).strip().lower()) or {})  # conditionals do the same)
    merged = _apply_file_variables(spec_plain, context.file_variables)
    builder = _SetBuilder(str(set_name), merged, context, values, set_where)
    built: list[Generated] = []
    try:
        built = builder.build(titles)
    except Exception as exc:
        if undone is None or not getattr(exc, "not_done", False):
            raise
        undone.append(exc)
    if synced is not None and merged.get("sync") is True and (values is not None or builder.type in KEYED_TYPES):
        synced.add(str(set_name))
    return built


def uses_key_variables(body: Any, type_name: str) -> bool:
    """Whether a template body uses ``<<value>>``, ``<<key>>`` or ``<<type>>`` (else every generated
    collection would be the same)."""
    wanted = {"value", "key", type_name}
    stack = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and "<<" in item:
            for name in re.findall(r"<<\s*([^<>]+?)\s*>>", item):
                if name.removesuffix("_encoded") in wanted:
                    return True
    return False
