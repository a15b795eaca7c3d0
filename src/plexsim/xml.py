"""Serialisation of store objects to Plex XML.

A deliberately small, strict writer: every attribute value goes through :func:`attr`, which
escapes ``& < > "``, tabs and newlines and drops characters XML 1.0 forbids, so output is always
well-formed. Listing fragments of library items are cached per ratingKey (``Store.xml_cache``) and
invalidated by ``Store.touch`` when the item or one of its descendants changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .model import CONTAINER_TYPES, TAG_KINDS, WIRE_TYPES, Item
from .store import Store

_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;",
                      "\r": "&#13;", "\t": "&#9;"})

XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
CONTENT_TYPE = "text/xml;charset=utf-8"

#: scalar attributes emitted for library items, in output order
ITEM_ATTRS = (
    "title", "titleSort", "originalTitle", "editionTitle", "studio", "network", "contentRating",
    "summary", "tagline", "rating", "ratingImage", "audienceRating", "audienceRatingImage", "userRating",
    "lastRatedAt", "viewCount", "viewOffset", "lastViewedAt", "year", "duration", "originallyAvailableAt",
    "addedAt", "updatedAt", "thumb", "art", "theme", "slug",
)
DETAIL_ONLY_TAGS = ("writer", "producer", "similar", "mood", "style")
_ELEMENT = {"movie": "Video", "episode": "Video", "show": "Directory", "season": "Directory",
            "collection": "Directory", "playlist": "Playlist", "artist": "Directory", "album": "Directory",
            "track": "Track", "photoalbum": "Directory", "photo": "Photo"}


def fmt(value: Any) -> str:
    if value is True:
        return "1"
    if value is False:
        return "0"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def attr(value: Any) -> str:
    kind = type(value)
    if kind is int:
        return str(value)
    text = value if kind is str else fmt(value)
    if _SPECIAL.search(text) is None:
        return text
    if _BAD.search(text):
        text = _BAD.sub("", text)
    return text.translate(_ESC)


def attrs(pairs: Iterable[tuple[str, Any]]) -> str:
    return "".join(f' {k}="{attr(v)}"' for k, v in pairs if v is not None)


def element(tag: str, pairs: Iterable[tuple[str, Any]], children: str = "") -> str:
    if children:
        return f"<{tag}{attrs(pairs)}>{children}</{tag}>"
    return f"<{tag}{attrs(pairs)}/>"


def container(pairs: Iterable[tuple[str, Any]], children: Iterable[str] = (), size: int | None = None) -> bytes:
    kids = list(children)
    head = [("size", len(kids) if size is None else size), *pairs]
    return (XML_HEADER + element("MediaContainer", head, "".join(kids))).encode("utf-8")


def section_pairs(store: Store, sid: int) -> list[tuple[str, Any]]:
    sec = store.sections.get(sid)
    if sec is None:
        return []
    return [("librarySectionID", sid), ("librarySectionKey", f"/library/sections/{sid}"),
            ("librarySectionTitle", sec.title), ("librarySectionUUID", sec.uuid)]


def _key(item: Item) -> str:
    if item.type in CONTAINER_TYPES:
        return f"/library/metadata/{item.rk}/children"
    if item.type == "collection":
        return f"/library/collections/{item.rk}/children"
    if item.type == "playlist":
        return f"/playlists/{item.rk}/items"
    return f"/library/metadata/{item.rk}"


def _hierarchy(store: Store, item: Item) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    if item.type == "movie":
        return out
    if item.type in ("season", "episode", "album", "track", "photo", "photoalbum"):
        parent = store.get(item.parent) if item.parent is not None else None
        if parent is not None:
            out += [("parentRatingKey", parent.rk), ("parentKey", f"/library/metadata/{parent.rk}"),
                    ("parentTitle", parent.attrs.get("title")), ("parentGuid", parent.attrs.get("guid")),
                    ("parentThumb", parent.attrs.get("thumb"))]
            if item.type == "season":
                out += [("parentIndex", parent.index), ("parentSlug", parent.attrs.get("slug")),
                        ("parentStudio", parent.attrs.get("studio")), ("parentTheme", parent.attrs.get("theme"))]
            if item.type in ("episode", "track"):  # a track's disc number once edited (its album's index until then)
                disc = item.attrs.get("discNumber") if item.type == "track" else None
                out.append(("parentIndex", disc if disc is not None else parent.index))
                gp = store.get(parent.parent) if parent.parent is not None else None
                if gp is not None:
                    out += [("grandparentRatingKey", gp.rk), ("grandparentKey", f"/library/metadata/{gp.rk}"),
                            ("grandparentTitle", gp.attrs.get("title")), ("grandparentGuid", gp.attrs.get("guid")),
                            ("grandparentThumb", gp.attrs.get("thumb")), ("grandparentArt", gp.attrs.get("art")),
                            ("grandparentSlug", gp.attrs.get("slug")), ("grandparentTheme", gp.attrs.get("theme"))]
                    if gp.prefs.get("flattenSeasons") == "1":  # the show hides its seasons
                        out.append(("skipParent", 1))
    if item.type in CONTAINER_TYPES:
        leaves = store.leaves(item)
        viewed = sum(1 for e in leaves if e.attrs.get("viewCount"))
        out += [("childCount", len(store.children.get(item.rk, ()))), ("leafCount", len(leaves)),
                ("viewedLeafCount", viewed)]
    return out


def _tags(store: Store, item: Item, detail: bool) -> str:
    out: list[str] = []
    tags = store.tags
    for kind, (_num, name) in TAG_KINDS.items():
        ids = item.tags.get(kind)
        if not ids:
            continue
        if not detail and kind in DETAIL_ONLY_TAGS:
            continue
        if not detail and kind == "role":
            ids = ids[:3]
        fkey = "actor" if kind == "role" else kind
        for tid in ids:
            tag = tags.get(tid)
            if tag is None:
                continue
            if detail:
                pairs: list[tuple[str, Any]] = [("id", tid), ("filter", f"{fkey}={tid}"), ("tag", tag.tag)]
                if kind == "role":
                    pairs += [("role", item.roles.get(str(tid))), ("thumb", tag.thumb)]
                out.append(element(name, pairs))
            else:
                out.append(f'<{name} tag="{attr(tag.tag)}"/>')
    return "".join(out)


def _media(item: Item, detail: bool) -> str:
    out = []
    for m in item.media:
        parts = []
        for p in m["parts"]:
            streams = ""
            if detail:
                streams = "".join(element("Stream", s.items()) for s in p["streams"])
            parts.append(element("Part", ((k, v) for k, v in p.items() if k != "streams"), streams))
        out.append(element("Media", ((k, v) for k, v in m.items() if k != "parts"), "".join(parts)))
    return "".join(out)


def _images(item: Item) -> str:
    out = []
    if item.attrs.get("thumb"):
        out.append(element("Image", [("alt", item.attrs.get("title")), ("type", "coverPoster"),
                                     ("url", item.attrs["thumb"])]))
    if item.attrs.get("art"):
        out.append(element("Image", [("alt", item.attrs.get("title")), ("type", "background"),
                                     ("url", item.attrs["art"])]))
    h = f"{item.rk * 2654435761 % 0xFFFFFF:06x}"
    out.append(element("UltraBlurColors", [("topLeft", h), ("topRight", h[::-1]), ("bottomLeft", h[2:] + h[:2]),
                                           ("bottomRight", h[4:] + h[:4])]))
    return "".join(out)


def _common_sense(item: Item) -> str:
    """Plex's ``<CommonSenseMedia>`` of a movie or show page (its agent's Common Sense Media data; listings
    leave it out): ``<AgeRating type="official|adult|child" age ageGroup rating ratingCount/>`` children."""
    csm = item.extra.get("common_sense")
    if not csm:
        return ""
    ages = "".join(element("AgeRating", [(k, r.get(k)) for k in ("type", "age", "ageGroup", "rating", "ratingCount")])
                   for r in csm.get("ratings", ()))
    return element("CommonSenseMedia", [("id", csm.get("id")), ("key", f"/library/metadata/{item.rk}/commonsensemedia"),
                                        ("oneLiner", csm.get("oneLiner"))], ages)


def _listing_locks(item: Item) -> str:
    return "".join(element("Field", [("locked", 1), ("name", f)]) for f in item.locked)


def preferences(item: Item, settings: list[dict[str, Any]]) -> str:
    kids = "".join(element("Setting", s.items()) for s in settings)
    return element("Preferences", [], kids)


def library_item(store: Store, item: Item, detail: bool = False, guids: bool = False,
                 extra: Iterable[tuple[str, Any]] = (), prefs: str = "") -> str:
    """XML for a movie, show, season or episode (listing form unless ``detail``)."""
    plain = not detail and not extra and not prefs
    if plain:
        cached = store.xml_cache.get(item.rk)
        if cached is not None:
            return cached[0] + cached[1] + cached[2] if guids else cached[0] + cached[2]
    a = item.attrs
    tag = _ELEMENT[item.type]
    pairs: list[tuple[str, Any]] = [*extra, ("ratingKey", item.rk), ("key", _key(item)), ("guid", a.get("guid")),
                                    ("type", WIRE_TYPES.get(item.type, item.type)), ("index", item.index)]
    if detail:
        pairs += section_pairs(store, item.section)[:3]
    pairs += [(k, a.get(k)) for k in ITEM_ATTRS]
    pairs += _hierarchy(store, item)
    pairs += [(k, v) for k, v in item.prefs.items()]
    head = f"<{tag}{attrs(pairs)}>" + _media(item, detail) + _tags(store, item, detail)
    if item.extra.get("location"):  # shows and artists: their folder (listings carry it too, as Plex's do)
        head += element("Location", [("id", item.rk), ("path", item.extra["location"])])
    if not detail:  # listings carry the item's locked fields too (Plex lists <Field> children)
        head += _listing_locks(item)
    guid_xml = "".join(f'<Guid id="{attr(g)}"/>' for g in item.guids)
    tail = f"</{tag}>"
    if plain:
        store.xml_cache[item.rk] = (head, guid_xml, tail)
        return head + guid_xml + tail if guids else head + tail
    body = head
    if detail or guids:
        body += guid_xml
    if detail:
        body += "".join(element("Field", [("locked", 1), ("name", f)]) for f in item.locked)
        body += _images(item)
        body += _common_sense(item)
        body += "".join(element("Review", r.items()) for r in item.extra.get("reviews", ()))
    return body + prefs + tail
