"""``metadata_backup``: a metadata file of every item's locked (edited) fields, kept in sync.

As Kometa writes it: one ``metadata:`` entry per item, keyed by its title (``Title (Year)`` with a
``match:`` of title and year when two items share a title, plus the edition or ``blank_edition``
when they also share the year); each entry holds the fields locked in Plex (the ones a user or an
edit set: ``sort_title``, ``original_title``, ``originally_available``, ``content_rating``, the
three ratings, ``studio``, ``tagline``, ``summary``, ``edition``, ``title``) and the locked tag
fields (``genre``, ``label``, ``collection``, ``country``, ``director``, ``writer``, ``producer``;
``.sync`` forms with ``sync_tags: true``); a show's episodes go under ``seasons: N: episodes: M``.
Everything comes from the library listing (and, for shows, the episode listing); only items whose
writer or producer field is locked are read one by one (Plex's listings leave those tags out).

An existing file is merged, not replaced: what kometa finds is written over the entry's keys, the
rest of the file (other keys, entries of items no longer there, comments) stays. ``exclude`` leaves
attributes out; ``add_blank_entries: false`` skips items without locked fields. The file is only
rewritten when its content changes, so a second run leaves it untouched. A dry run writes nothing.
The result is a metadata file ``metadata_files`` can apply to this or another library.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from kometa.metadata.fields import DETAIL_TAGS, FIELDS
from kometa.plex.snapshot import Item, Snapshot

#: Plex's locked field name -> (metadata key, snapshot attribute)
LOCKED_FIELDS = {plex: (key, attr) for key, (plex, attr, _kind) in FIELDS.items()
                 if key not in ("year", "record_label", "original_artist")}
TAG_FIELDS = ("director", "country", "genre", "writer", "producer", "collection", "label", "mood", "style")


@dataclass(frozen=True)
class BackupSpec:
    path: Path
    exclude: frozenset[str] = frozenset()
    sync_tags: bool = False
    add_blank_entries: bool = True


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.isoformat()
    return value


def locked_attrs(item: Item, spec: BackupSpec) -> dict[str, Any]:
    """The entry keys of ``item``'s locked fields (pure)."""
    locked = set(item.tags("locked_fields"))
    out: dict[str, Any] = {}
    for plex, (key, attr) in LOCKED_FIELDS.items():
        if plex in locked and key not in spec.exclude:
            value = item.get(attr)
            if value is not None and value != "":
                out[key] = _plain(value)
    for kind in TAG_FIELDS:
        if kind in locked and kind not in spec.exclude:
            tags = list(item.tags(kind))
            if tags or spec.sync_tags:
                out[f"{kind}.sync" if spec.sync_tags else kind] = None if not tags else tags[0] if len(tags) == 1 \
                    else tags
    return out


def _key(item: Item, titles: Counter[str], year_titles: Counter[str]) -> tuple[str, dict[str, Any]]:
    title, year = item.title, item.get("year")
    if titles[title] <= 1:
        return title, {}
    match: dict[str, Any] = {"title": title, "year": year}
    if year_titles[f"{title} ({year})"] > 1:
        if item.get("edition"):
            match["edition"] = item.get("edition")
            return f"{title} ({year}) [{item.get('edition')}]", match
        match["blank_edition"] = True
    return f"{title} ({year})", match


def backup_entries(items: Iterable[Item], episodes: Mapping[int, list[Item]], spec: BackupSpec
                   ) -> dict[str, dict[str, Any] | None]:
    """Entry key -> its keys (None: a blank entry) for every item (pure)."""
    items = list(items)
    titles = Counter(i.title for i in items)
    year_titles = Counter(f"{i.title} ({i.get('year')})" for i in items)
    out: dict[str, dict[str, Any] | None] = {}
    for item in items:
        key, match = _key(item, titles, year_titles)
        attrs = locked_attrs(item, spec)
        if match:
            attrs = {"match": match, **attrs}
        seasons: dict[int, dict[str, Any]] = {}
        for episode in episodes.get(item.rating_key, ()):
            found = locked_attrs(episode, spec)
            if found and episode.get("index") is not None:
                season = seasons.setdefault(int(episode.get("season_number") or 0), {"episodes": {}})
                season["episodes"][int(episode.get("index"))] = found
        if seasons:
            attrs["seasons"] = seasons
        if attrs or spec.add_blank_entries:
            out[key] = attrs or None
    return out


def _merge(target: Any, new: Mapping[str, Any]) -> Any:
    """Kometa's merge: new keys written over the entry's; nested mappings merged the same way."""
    if not isinstance(target, dict):
        target = CommentedMap()
    for key, value in new.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            target[key] = _merge(target[key], value)
        else:
            target[key] = _to_yaml(value)
    return target


def _to_yaml(value: Any) -> Any:
    if isinstance(value, Mapping):
        return CommentedMap((k, _to_yaml(v)) for k, v in value.items())
    return value


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def render(existing_text: str | None, entries: Mapping[str, dict[str, Any] | None]) -> str:
    """The backup file's new text: ``existing_text`` (a metadata file, or None) with ``entries`` merged."""
    yaml = _yaml()
    data = yaml.load(existing_text) if existing_text else None
    if not isinstance(data, dict):
        data = CommentedMap()
    if not isinstance(data.get("metadata"), dict):
        data["metadata"] = CommentedMap()
    metadata = data["metadata"]
    for key, attrs in entries.items():
        old = metadata.get(key)
        if attrs:
            metadata[key] = _merge(old, attrs)
        elif not old:
            metadata[key] = None
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _detailed(reader: Any, items: list[Item], spec: BackupSpec) -> list[Item]:
    """Items whose writer/producer field is locked, read one by one (listings leave those tags out);
    without a reader those two fields are left out of the backup rather than written empty."""
    from kometa.metadata.run import with_detail_tags

    out = []
    for item in items:
        locked = set(item.tags("locked_fields")) & set(DETAIL_TAGS) - spec.exclude
        if not locked:
            out.append(item)
        elif reader is not None:
            out.append(with_detail_tags(reader, item))
        else:
            out.append(Item(item.rating_key, item.type, {
                **item.values, "locked_fields": tuple(f for f in item.tags("locked_fields") if f not in DETAIL_TAGS)}))
    return out


def write_backup(snapshot: Snapshot, episodes: Mapping[int, list[Item]], spec: BackupSpec, *,
                 dry_run: bool, reader: Any = None) -> tuple[int, bool]:
    """(entries with locked fields, whether the file changed); the file is written only if its text
    changes (never in a dry run). A file that is not YAML is kept beside as ``<name>1.yml`` first."""
    entries = backup_entries(_detailed(reader, snapshot.ordered(), spec), episodes, spec)
    try:
        existing = spec.path.read_text(encoding="utf-8")
    except FileNotFoundError:
        existing = None
    try:
        text = render(existing, entries)
    except (YAMLError, ValueError):  # a broken file: keep it, start afresh
        if dry_run:
            return sum(1 for a in entries.values() if a), True
        stem, n = spec.path.with_suffix(""), 1
        while Path(f"{stem}{n}{spec.path.suffix}").exists():
            n += 1
        os.replace(spec.path, f"{stem}{n}{spec.path.suffix}")
        existing, text = None, render(None, entries)
    changed = text != existing
    if changed and not dry_run:
        spec.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = spec.path.with_name(f".{spec.path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, spec.path)
    return sum(1 for a in entries.values() if a), changed
