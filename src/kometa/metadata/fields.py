"""What one ``metadata:`` entry changes on one item (pure): edit params, readable lines, images.

Fields are compared with the listing; only differing ones are edited, each with ``<field>.locked=1``
(an edited field is locked, as Plex does); a track's ``track`` and ``disc`` numbers too. Tags:
``genre: [a, b]`` adds, ``genre.sync`` makes the set exactly that, ``genre.remove`` removes.
Images: ``url_poster``/``url_background``/``url_theme`` (uploaded by URL) and
``file_poster``/``file_background``/``file_theme`` (a file beside the metadata file or absolute).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kometa.metadata.advanced import ADVANCED
from kometa.plex.snapshot import Item

#: yaml key -> (plex edit field, snapshot attribute, kind)
FIELDS: dict[str, tuple[str, str, str]] = {
    "title": ("title", "title", "text"), "sort_title": ("titleSort", "title_sort", "text"),
    "original_title": ("originalTitle", "original_title", "text"),
    "originally_available": ("originallyAvailableAt", "release", "date"),
    "summary": ("summary", "summary", "text"), "tagline": ("tagline", "tagline", "text"),
    "studio": ("studio", "studio", "text"), "content_rating": ("contentRating", "content_rating", "text"),
    "critic_rating": ("rating", "critic_rating", "float"), "audience_rating": ("audienceRating", "audience_rating", "float"),
    "user_rating": ("userRating", "user_rating", "float"), "edition": ("editionTitle", "edition", "text"),
    "record_label": ("studio", "studio", "text"), "original_artist": ("originalTitle", "original_title", "text"),
    "track": ("index", "index", "int"), "disc": ("parentIndex", "parent_index", "int"),  # tracks
}
_VIDEO = ("movie", "show")
_ALL = ("movie", "show", "season", "episode", "artist", "album", "track")
#: the item types each field and tag applies to (Kometa's tables of metadata attributes)
LEVELS: dict[str, tuple[str, ...]] = {
    "title": ("movie", "show", "season", "episode", "album", "track"),  # albums: renamed through alt_title
    "summary": _ALL, "user_rating": _ALL,
    "sort_title": ("movie", "show", "episode", "artist", "album", "track"),
    "original_title": _VIDEO, "studio": _VIDEO, "tagline": _VIDEO, "edition": ("movie",),
    "audience_rating": (*_VIDEO, "episode"), "content_rating": (*_VIDEO, "episode"),
    "critic_rating": (*_VIDEO, "episode", "album"), "originally_available": (*_VIDEO, "episode", "album"),
    "record_label": ("album",), "original_artist": ("track",), "track": ("track",), "disc": ("track",),
    "collection": _ALL, "label": _ALL, "country": ("movie", "artist"), "director": ("movie", "episode"),
    "writer": ("movie", "episode"), "producer": ("movie",), "genre": (*_VIDEO, "artist", "album"),
    "mood": ("artist", "album", "track"), "style": ("artist", "album"), "similar_artist": ("artist",),
}
#: tag kinds the library listing carries (so their current value is known without a per-item read)
TAGS = {"genre": "genre", "label": "label", "collection": "collection", "country": "country",
        "director": "director", "writer": "writer", "producer": "producer", "mood": "mood", "style": "style",
        "similar_artist": "similar"}
#: tag kinds Plex leaves out of listings: their current values come from the item's own page
DETAIL_TAGS = ("writer", "producer", "mood", "style", "similar")
IMAGES = {"url_poster": ("posters", "url"), "url_background": ("arts", "url"),
          "file_poster": ("posters", "file"), "file_background": ("arts", "file"),
          "url_theme": ("themes", "url"), "file_theme": ("themes", "file"),
          "url_logo": ("clearLogos", "url"), "file_logo": ("clearLogos", "file"),
          "url_square_art": ("squareArts", "url"), "file_square_art": ("squareArts", "file")}
#: an image kind -> the name of its slot in the uploaded-images state
IMAGE_SLOTS = {"posters": "poster", "arts": "background", "themes": "theme", "clearLogos": "logo",
               "squareArts": "square_art"}
#: match keys Kometa also reads at an entry's top level (old style; ``edition_filter`` = ``match: edition``)
OLD_MATCH_KEYS = {"year", "mapping_id", "blank_edition", "edition_filter", "edition_contains"}
STRUCTURE = {"match", "seasons", "episodes", "update_seasons", "update_episodes", "albums", "tracks", "alt_title",
             "run_definition", "name", "tmdb_movie", "tmdb_show", "tmdb_id", *OLD_MATCH_KEYS,
             "f1_season", "round_prefix", "shorten_gp", "f1_language"}  # metadata/f1.py
#: keys that belong elsewhere in Kometa (an entry edits an item; it has no collection settings)
ELSEWHERE = {"collection_mode": "a collection setting (write it in a collection definition)",
             "collection_order": "a collection setting (write it in a collection definition)"}


@dataclass
class Edit:
    params: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    images: list[tuple[str, str, str]] = field(default_factory=list)  # (posters|arts, url|file, value)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (key, reason): the other keys still apply


def _value(kind: str, raw: Any) -> Any:
    if kind == "float":
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= float(raw) <= 10:
            raise ValueError(f"expected a rating 0.0-10.0, got {raw!r}")
        return round(float(raw), 1)
    if kind == "int":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"expected a whole number, got {raw!r}")
        return raw
    if kind == "date":
        text = raw.isoformat() if isinstance(raw, date) else str(raw)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"expected a YYYY-MM-DD date, got {raw!r}") from None
    if raw is None or isinstance(raw, Mapping | list):
        raise ValueError(f"expected text, got {raw!r}")
    return str(raw)


def image_value(name: str, raw: Any, base_dir: Path) -> str:
    """The URL or file (beside the metadata file, or absolute) an image key gives; ValueError if bad."""
    how = IMAGES[name][1]
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError("expected a URL" if how == "url" else "expected a file path")
    value = raw.strip()
    if how == "file":
        path = Path(value) if Path(value).is_absolute() else base_dir / value
        if not path.is_file():
            raise ValueError(f"file not found: {path}")
        value = str(path)
    return value


def value_errors(entry: Mapping[str, Any], base_dir: Path | None) -> list[tuple[str, str]]:
    """(key, reason) of each field or image value :func:`decide` would refuse, whatever the item
    (for ``--validate``); ``base_dir`` None: image files are not looked for."""
    found = []
    for key, raw in entry.items():
        name = str(key)
        try:
            if name in FIELDS:
                _value(FIELDS[name][2], raw)
            elif name in IMAGES and (base_dir is not None or IMAGES[name][1] == "url"):
                image_value(name, raw, base_dir or Path("."))
        except ValueError as exc:
            found.append((name, str(exc)))
    return found


def _tags(raw: Any) -> list[str]:
    values = raw if isinstance(raw, list) else [] if raw is None else str(raw).split(",")
    return [str(v).strip() for v in values if str(v).strip()]


def check_key(key: str) -> str | None:
    """Why a key of an entry is refused, or None when it is understood."""
    base = key.split(".", 1)[0]
    if key in FIELDS or key in IMAGES or key in STRUCTURE or key in ADVANCED:
        return None
    if base in TAGS and key in (base, f"{base}.sync", f"{base}.remove"):
        return None
    if base in ELSEWHERE:
        return f"'{key}' is not a metadata attribute: it is {ELSEWHERE[base]}"
    import difflib

    known = sorted({*FIELDS, *IMAGES, *STRUCTURE, *ADVANCED, *TAGS})
    close = difflib.get_close_matches(base, known, n=1)
    return f"unknown metadata attribute '{key}'" + (f" (did you mean '{close[0]}'?)" if close else "")


def decide(entry: Mapping[str, Any], item: Item, base_dir: Path) -> Edit:
    """The edit ``entry`` makes to ``item``; a bad value is listed in ``errors`` and skipped."""
    edit = Edit()
    names = {str(k) for k in entry}
    clashing: set[str] = set()
    for base in TAGS:
        for other in (base, f"{base}.remove"):
            if other in names and f"{base}.sync" in names:  # Kometa refuses both for that tag kind
                edit.errors.append((f"{base}.sync", f"{other} and {base}.sync cannot be used together"))
                clashing |= {base, f"{base}.remove", f"{base}.sync"}
    for key, raw in entry.items():
        name = str(key)
        if name in STRUCTURE or name in ADVANCED or name in clashing or check_key(name) is not None:
            continue
        try:
            base_name = name.split(".", 1)[0]
            if base_name in LEVELS and item.type not in LEVELS[base_name]:
                article = "an" if item.type[:1] in "aeiou" else "a"
                levels = [t + "s" for t in LEVELS[base_name]]
                listed = levels[0] if len(levels) == 1 else f"{', '.join(levels[:-1])} and {levels[-1]}"
                raise ValueError(f"applies to {listed}, not to {article} {item.type}")
            if name in FIELDS:
                plex_field, attr, kind = FIELDS[name]
                value = _value(kind, raw)
                old = item.get(attr)
                if kind == "float" and old is not None:
                    old = round(float(old), 1)
                if old == value or (kind == "text" and (old or "") == value):
                    continue
                wire = value.isoformat() if isinstance(value, date) else f"{value:.1f}" if kind == "float" else str(value)
                edit.params += [(f"{plex_field}.value", wire), (f"{plex_field}.locked", "1")]
                edit.lines.append(f"{name} {old if old not in (None, '') else '(none)'} -> {wire}")
            elif name in IMAGES:
                kind, how = IMAGES[name]
                edit.images.append((kind, how, image_value(name, raw, base_dir)))
            else:
                base, _, mode = name.partition(".")
                kind = TAGS[base]
                wanted = _tags(raw)
                have = list(item.tags(kind))
                low = {t.lower() for t in have}
                if mode == "remove":
                    gone = [t for t in have if t.lower() in {w.lower() for w in wanted}]
                    adds: list[str] = []
                else:
                    adds = [w for w in wanted if w.lower() not in low]
                    gone = [t for t in have if t.lower() not in {w.lower() for w in wanted}] if mode == "sync" else []
                if not adds and not gone:
                    continue
                edit.params += [(f"{kind}[{i}].tag.tag", t) for i, t in enumerate(adds)]
                if gone:
                    edit.params.append((f"{kind}[].tag.tag-", ",".join(quote(t, safe="") for t in gone)))
                edit.params.append((f"{kind}.locked", "1"))
                edit.lines.append(f"{base}: " + ", ".join([*(f"+{t}" for t in adds), *(f"-{t}" for t in gone)]))
        except ValueError as exc:
            edit.errors.append((name, str(exc)))
    return edit
