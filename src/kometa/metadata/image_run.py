"""Apply one image file: each chosen section's style images to the items its ids name.

An item is found by its ``mapping_id`` (a TMDb id in a movie library, a TVDb id in a show
library, or an IMDb ``tt`` id); its poster / background (and, unless ``update_seasons`` /
``update_episodes: false``, its seasons' and episodes') go through the metadata files' upload
path (:mod:`kometa.metadata.run`): an image is uploaded only when it differs from the one this
tool last put there (the URL, or the file's sha1, is kept in the uploaded-images state), so a
second run uploads nothing. The library's asset folders still win when ``prioritize_assets``
says so, as in Kometa. An item the style has no images for is left alone; an id the library
does not hold is counted (a warning), not an error.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kometa.core.errors import ConfigError
from kometa.ids.guids import item_ids
from kometa.metadata.image_sets import ImageSet
from kometa.metadata.image_styles import StyleData
from kometa.metadata.match import matches, parse_rule
from kometa.metadata.run import MetadataJob, MetadataResult, _apply, _seasons, asset_folder
from kometa.plex.snapshot import Item

log = logging.getLogger("kometa")


def apply_image_set(job: MetadataJob, image_set: ImageSet, styles: Mapping[str, StyleData], source: str,
                    result: MetadataResult) -> None:
    """Apply ``image_set`` (its sections' ``styles`` read) to the library; counts go into ``result``."""
    library_type = job.snapshot.item_type
    index = _by_id(job.snapshot.items.values())
    base = Path(source).parent if "://" not in source else Path()
    for section in image_set.sections:
        style = styles.get(section.key)
        if style is None:
            continue
        for set_item in section.items:
            entry = style.items.get(set_item.name)
            if not entry:
                continue  # the style has no images for it
            where = f"{set_item.file}:{set_item.line}" if set_item.line else str(set_item.file)
            try:
                rule = parse_rule(set_item.name, {"mapping_id": set_item.mapping_id, **set_item.narrow}, library_type)
            except ValueError as exc:
                raise ConfigError(f"section {section.key}: {set_item.name}: {exc}", file=set_item.file,
                                  line=set_item.line) from None
            if not rule.ids:
                raise ConfigError(f"section {section.key}: {set_item.name}: {set_item.mapping_id!r} is not a "
                                  f"{'TMDb' if library_type == 'movie' else 'TVDb'} id or an IMDb tt id",
                                  file=set_item.file, line=set_item.line)
            matched = [item for item in {item.rating_key: item for wanted in rule.ids
                                         for item in index.get(wanted, ())}.values() if matches(rule, item)]
            if job.only is not None:
                matched = [item for item in matched if item.rating_key in job.only]
            if not matched:
                result.unmatched += 1
                log.info("%s: image set item '%s' (id %s) is not in %s", where, set_item.name,
                         set_item.mapping_id, job.library)
                continue
            flags = {"update_seasons": image_set.update_seasons, "update_episodes": image_set.update_episodes}
            own = {k: v for k, v in entry.items() if k != "seasons"}
            for item in matched:
                label = f"{item.title} ({item.get('year')})" if item.get("year") else item.title
                changed = _apply(job, own, item, library_type, label, base, source, result, set_item.name,
                                 (asset_folder(item), "poster") if item.type in ("movie", "show") else None)
                seasons = entry.get("seasons")
                if seasons and library_type == "show" and (image_set.update_seasons or image_set.update_episodes):
                    changed |= _seasons(job, seasons, item, base, source, result, flags)
                if changed:
                    result.changed += 1
                else:
                    result.unchanged += 1


def _by_id(items: Iterable[Item]) -> dict[tuple[str, Any], list[Item]]:
    """The library's items by ("tmdb", id) / ("imdb", tt) / ("tvdb", id): one pass, not one per set item."""
    out: dict[tuple[str, Any], list[Item]] = {}
    for item in items:
        ids = item_ids(item.get("guid"), item.get("guids") or ())
        for kind, value in (("tmdb", ids.tmdb), ("imdb", ids.imdb), ("tvdb", ids.tvdb)):
            if value is not None:
                out.setdefault((kind, value), []).append(item)
    return out


def collection_images(entry: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """A collection's style entry as (how, value) per kind: ``poster`` / ``background``."""
    out = {}
    for kind in ("poster", "background"):
        if entry.get(f"url_{kind}"):
            out[kind] = ("url", str(entry[f"url_{kind}"]))
        elif entry.get(f"file_{kind}"):
            out[kind] = ("file", str(entry[f"file_{kind}"]))
    return out
