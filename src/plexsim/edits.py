"""Field and tag edits as plexapi sends them (``PUT .../all?id=..&type=..&title.value=..``).

- ``<field>.value=V`` sets a field; an empty value clears it (absent), except ``summary`` which
  becomes ``""``. ``<field>.locked=1|0`` adds/removes the ``<Field>`` lock.
- ``<kind>[N].tag.tag=Name`` adds tags (union with the current set; unknown names are created);
  ``<kind>[].tag.tag-=a,b`` removes them (each comma-separated piece is percent-decoded again).
- ``collection`` tags join/create the regular collection of that title in the item's section.
- ``index.value`` / ``parentIndex.value`` set a track's number and disc number (tracks only).
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from .http import PlexError
from .model import Item, tag_kind

if TYPE_CHECKING:
    from .app import Sim

_VALUE = re.compile(r"^([A-Za-z]+)\.value$")
_LOCK = re.compile(r"^([A-Za-z]+)\.locked$")
_TAG = re.compile(r"^([A-Za-z]+)\[(\d*)\]\.tag\.tag(-?)$")
_TAG_OTHER = re.compile(r"^([A-Za-z]+)\[(\d+)\]\.tag\.([A-Za-z]+)$")
IGNORED = {"id", "type", "includeExternalMedia"}
#: field names plexapi sends without ``.value`` (``Collection.edit(title=.., contentRating=..)``)
BARE = ("title", "summary", "titleSort", "contentRating")

FIELD_TYPES: dict[str, str] = {
    "title": "str", "titleSort": "str", "originalTitle": "str", "summary": "str", "tagline": "str",
    "studio": "str", "contentRating": "str", "network": "str", "editionTitle": "str",
    "rating": "float", "audienceRating": "float", "userRating": "float", "year": "int",
    "originallyAvailableAt": "date", "addedAt": "int", "sortTitle": "str",
    "ratingImage": "str", "audienceRatingImage": "str",
    "index": "int", "parentIndex": "int",  # a track's number and disc (plexapi editTrackNumber / editDiscNumber)
}
LOCK_ONLY = {"thumb", "art", "theme", "clearLogo", "squareArt", "banner"}

LANGUAGES = ":Library default|de-DE:German|en-US:English (US)|en-GB:English (UK)|es-ES:Spanish|fr-FR:French|ja-JP:Japanese"
ITEM_SETTINGS: dict[str, list[tuple[str, str, str, str]]] = {
    # id, type, default, enumValues
    "movie": [("useOriginalTitle", "int", "-1", "-1:Library default|0:No|1:Yes"),
              ("enableCreditsMarkerGeneration", "int", "-1", "-1:Library default|0:Disabled"),
              ("languageOverride", "text", "", LANGUAGES)],
    "show": [("episodeSort", "int", "-1", "-1:Library default|0:Oldest first|1:Newest first"),
             ("flattenSeasons", "int", "-1", "-1:Library default|0:Hide|1:Show"),
             ("showOrdering", "text", "", ":Library default|aired:TheTVDB (Aired)|dvd:TheTVDB (DVD)|"
                                          "absolute:TheTVDB (Absolute)|tmdbAiring:The Movie Database (Aired)"),
             ("autoDeletionItemPolicyUnwatchedLibrary", "int", "0", "0:Never|5:5 latest episodes"),
             ("autoDeletionItemPolicyWatchedLibrary", "int", "0", "0:Never|1:After a day"),
             ("useOriginalTitle", "int", "-1", "-1:Library default|0:No|1:Yes"),
             ("enableCreditsMarkerGeneration", "int", "-1", "-1:Library default|0:Disabled"),
             ("languageOverride", "text", "", LANGUAGES),
             ("audioLanguage", "text", "", LANGUAGES), ("subtitleLanguage", "text", "", LANGUAGES),
             ("subtitleMode", "int", "-1", "-1:Account default|0:Manually selected|1:Shown with foreign audio|"
                                           "2:Always enabled")],
    "season": [("audioLanguage", "text", "", LANGUAGES), ("subtitleLanguage", "text", "", LANGUAGES),
               ("subtitleMode", "int", "-1", "-1:Account default|0:Manually selected|1:Shown with foreign audio|"
                                             "2:Always enabled")],
    "artist": [("albumSort", "int", "-1", "-1:Library default|0:Newest first|1:Oldest first|2:By name")],
}


def item_settings(item: Item) -> list[list[tuple[str, Any]]]:
    out = []
    for sid, stype, default, enum in ITEM_SETTINGS.get(item.type, []):
        pairs: list[tuple[str, Any]] = [("id", sid), ("label", sid), ("summary", ""), ("type", stype),
                                        ("default", default), ("value", item.prefs.get(sid, default)),
                                        ("hidden", 0), ("advanced", 1), ("group", "")]
        if enum:
            pairs.append(("enumValues", enum))
        out.append(pairs)
    return out


def set_prefs(item: Item, params: list[tuple[str, str]]) -> None:
    known = {s[0]: s for s in ITEM_SETTINGS.get(item.type, [])}
    changes = {}
    for key, value in params:
        if key.startswith("X-Plex-"):
            continue
        if key not in known:
            raise PlexError(400, f"unknown preference {key!r} for a {item.type}")
        if known[key][1] == "int" and not re.fullmatch(r"-?\d+", value):
            raise PlexError(400, f"preference {key} needs an integer, got {value!r}")
        changes[key] = value
    item.prefs.update(changes)


def _convert(field: str, value: str) -> Any:
    kind = FIELD_TYPES[field]
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
    except ValueError:
        raise PlexError(400, f"{field}.value={value!r} is not a valid {kind}") from None
    if kind == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PlexError(400, f"{field}.value={value!r} is not a YYYY-MM-DD date")
    return value


def _set_tags(sim: Sim, item: Item, kind: str, ids: list[int]) -> None:
    old = list(item.tags.get(kind, []))
    item.tags[kind] = ids
    if kind == "collection" and item.type not in ("collection", "playlist"):
        for tid in ids:
            if tid not in old:
                sim.collections.tag_changed(item, tid, True)
        for tid in old:
            if tid not in ids:
                sim.collections.tag_changed(item, tid, False)


def validate(params: list[tuple[str, str]], item_type: str) -> None:
    """Reject the whole edit up front (400) before touching any item."""
    for key, value in params:
        if key in IGNORED or key.startswith("X-Plex-"):
            continue
        if m := _VALUE.match(key):
            field = m.group(1)
            if field not in FIELD_TYPES:
                raise PlexError(400, f"field {field!r} cannot be edited")
            if value != "":
                _convert(field, value)
        elif m := _LOCK.match(key):
            if value not in ("0", "1"):
                raise PlexError(400, f"{key}={value!r}: expected 1 or 0")
        elif m := _TAG.match(key):
            if tag_kind(m.group(1)) is None:
                raise PlexError(400, f"unknown tag kind {m.group(1)!r}")
            if item_type in ("collection", "playlist") and m.group(1) != "label":
                raise PlexError(400, f"a {item_type} only accepts label tags")
        elif _TAG_OTHER.match(key) or key in BARE:
            continue
        else:
            raise PlexError(400, f"unsupported edit parameter {key!r}")


def apply(sim: Sim, item: Item, params: list[tuple[str, str]]) -> None:
    """Apply validated edit params to one item and write it through."""
    store = sim.store
    adds: dict[str, list[str]] = {}
    fields_changed = False
    bare: list[str] = []
    for key, value in params:
        if key in IGNORED or key.startswith("X-Plex-"):
            continue
        if (m := _VALUE.match(key)) or key in BARE:
            field = m.group(1) if m else key
            field = "titleSort" if field == "sortTitle" else field
            fields_changed = True
            if not m:
                bare.append(field)
            if field in ("index", "parentIndex"):
                if item.type != "track":
                    raise PlexError(400, f"{field} can only be edited on tracks")
                if field == "index":
                    item.index = _convert(field, value) if value != "" else item.index
                else:
                    item.attrs["discNumber"] = _convert(field, value) if value != "" else None
                continue
            if value == "":
                if field == "summary":
                    item.attrs["summary"] = ""
                else:
                    item.attrs.pop(field, None)
            else:
                item.attrs[field] = _convert(field, value)
            if field == "title" and item.type == "collection" and item.extra.get("tag") and value:
                store.rename_tag(item.extra["tag"], value)
                for rk in item.extra.get("order", []):
                    member = store.get(rk)
                    if member is not None:
                        store.touch(member)
        elif m := _LOCK.match(key):
            field = m.group(1)
            if value == "1" and field not in item.locked:
                item.locked.append(field)
            elif value == "0" and field in item.locked:
                item.locked.remove(field)
        elif m := _TAG.match(key):
            kind = tag_kind(m.group(1))
            assert kind is not None
            if m.group(3) == "-":
                gone = {unquote(piece).lower() for piece in value.split(",")}
                keep = [t for t in item.tags.get(kind, []) if store.tags[t].tag.lower() not in gone]
                _set_tags(sim, item, kind, keep)
            elif value != "":
                adds.setdefault(kind, []).append(value)
    explicit = {key.split(".")[0] for key, _v in params if _LOCK.match(key)}
    for field in bare:  # a bare ``title=..`` edit locks the field, unless the request says otherwise
        if field not in explicit and field not in item.locked:
            item.locked.append(field)
    for kind, names in adds.items():
        ids = list(item.tags.get(kind, []))
        for name in names:
            if kind == "collection" and item.type not in ("collection", "playlist"):
                tid = sim.collections.tag_for(item.section, name, item.type)
            else:
                tid = store.tag_id(kind, name)
            if tid not in ids:
                ids.append(tid)
        _set_tags(sim, item, kind, ids)
    if fields_changed:  # tag edits (labels, genres, collections) leave updatedAt alone, as Plex does
        item.attrs["updatedAt"] = max(int(time.time()), int(item.attrs.get("updatedAt", 0)))
    store.save(item)
