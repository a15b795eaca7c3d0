"""Search metadata plexapi validates against (``includeMeta=1``) and filter choice lists."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .fields import FIELDS, FILTERS, OPERATORS, SORT_TITLES, TYPE_SORTS
from .model import SEARCH_TYPES, SECTION_LEVELS, Item
from .store import Store
from .xml import element

_TYPE_TITLES = {"movie": "Movies", "show": "TV Shows", "season": "Seasons", "episode": "Episodes",
                "collection": "Collections", "artist": "Artists", "album": "Albums", "track": "Tracks",
                "photoalbum": "Photo Albums", "photo": "Photos"}
_CHOICE_VALUE_FIELDS = {"contentRating", "year", "decade", "studio", "network", "resolution",
                        "audioLanguage", "subtitleLanguage", "editionTitle"}
_LANG_TITLES = {"eng": "English", "fra": "French", "jpn": "Japanese", "deu": "German", "spa": "Spanish"}


def _type_xml(sid: int, level: str, primary: str) -> str:
    num = SEARCH_TYPES[level]
    fields = FIELDS[level]
    prefix = "" if level == "movie" else f"{level}."
    children: list[str] = []
    for name in FILTERS[level]:
        ftype = fields[name][0]
        filter_type = {"tag": "string", "integer": "integer", "boolean": "boolean"}.get(ftype, "string")
        children.append(element("Filter", [
            ("filter", name), ("filterType", filter_type), ("key", f"/library/sections/{sid}/{name}?type={num}"),
            ("title", fields[name][1]), ("type", "filter")]))
    for key in TYPE_SORTS[level]:
        title, default = SORT_TITLES.get(key, (key, "asc"))
        pairs: list[tuple[str, Any]] = [("defaultDirection", default), ("descKey", f"{key}:desc"),
                                        ("firstCharacterKey", None), ("key", key), ("title", title)]
        if key == "titleSort":
            pairs.insert(0, ("default", "asc"))
        children.append(element("Sort", pairs))
    own = [(n, f) for n, f in fields.items() if n not in ("id", "index", "guid", "group", "having")]
    for name, (ftype, title, _get) in own:
        children.append(element("Field", [("key", prefix + name), ("title", title), ("type", ftype)]))
    # Each Type lists only its own fields: plexapi resolves ``episode.title`` on a show search through
    # the episode Type (its _validateFilterField falls back to the other Types), and its own suite
    # checks every listed field of a show against the show's attributes.
    return element("Type", [("key", f"/library/sections/{sid}/all?type={num}"), ("type", level),
                            ("title", _TYPE_TITLES[level]), ("active", 1 if level == primary else 0)],
                   "".join(children))


def _field_types() -> str:
    out = []
    for ftype, ops in OPERATORS.items():
        if ftype == "guid":
            continue  # plexapi adds this one itself
        kids = "".join(element("Operator", [("key", k), ("title", t)]) for k, t in ops)
        out.append(element("FieldType", [("type", ftype)], kids))
    return "".join(out)


def meta_xml(store: Store, sid: int, collections: bool = False) -> str:
    """The ``<Meta>`` element for ``/all`` (section types) or ``/collections`` (collection type)."""
    sec = store.sections[sid]
    if collections:
        types = _type_xml(sid, "collection", sec.type)
    else:
        types = "".join(_type_xml(sid, level, sec.type) for level in SECTION_LEVELS[sec.type])
    return element("Meta", [], types + _field_types())


def _values(store: Store, item: Item, name: str) -> list[tuple[str, str]]:
    """(key, title) choice pairs one item contributes to filter ``name``."""
    fields = FIELDS.get(item.type, {})
    if name not in fields:
        return []
    ftype, _t, get = fields[name]
    got = get(store, item)
    if got is None:
        return []
    if ftype == "boolean":
        return [("1", "True")] if got else []
    if not isinstance(got, list):
        got = [got]
    out = []
    for g in got:
        if isinstance(g, tuple):
            out.append((str(g[0]), g[1]))
        elif g is not None:
            text = str(g)
            if name in ("audioLanguage", "subtitleLanguage"):
                out.append((text, _LANG_TITLES.get(text, text)))
            elif name == "resolution":
                out.append((text, {"4k": "4K", "sd": "SD"}.get(text, f"{text}p")))
            else:
                out.append((text, text))
    return out


def choices(store: Store, sid: int, name: str, levels: list[str]) -> list[str]:
    """``<Directory>`` elements for ``GET /library/sections/SID/<name>?type=T``, sorted by title."""
    found: Counter[tuple[str, str]] = Counter()
    for level in levels:
        for item in store.section_items(sid, level):
            for pair in _values(store, item, name):
                found[pair] += 1
    if name == "collection":  # empty collections still list their tag
        for item in store.section_items(sid, "collection"):
            if item.extra.get("tag"):
                tid = item.extra["tag"]
                found.setdefault((str(tid), store.tags[tid].tag), 0)
    num = SEARCH_TYPES.get(levels[0], 1) if len(levels) == 1 else None
    out = []
    for (key, title), _count in sorted(found.items(), key=lambda kv: (kv[0][1].casefold(), kv[0][0])):
        fast = f"/library/sections/{sid}/all?" + (f"type={num}&" if num else "") + f"{name}={key}"
        out.append(element("Directory", [("fastKey", fast), ("key", key), ("title", title),
                                         ("type", "tag" if name not in _CHOICE_VALUE_FIELDS else None)]))
    return out
