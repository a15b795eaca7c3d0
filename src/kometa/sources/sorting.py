"""``sort_by`` / ``collection_order`` sort keys: parsing, local sorting, Plex sort parameters."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from kometa.plex.snapshot import Item
from kometa.sources.conditions import ConditionError

#: our sort name -> (item attribute, Plex sort key)
SORTS: dict[str, tuple[str, str]] = {
    "title": ("title_sort", "titleSort"),
    "year": ("year", "year"),
    "release": ("release", "originallyAvailableAt"),
    "critic_rating": ("critic_rating", "rating"),
    "audience_rating": ("audience_rating", "audienceRating"),
    "user_rating": ("user_rating", "userRating"),
    "content_rating": ("content_rating", "contentRating"),
    "duration": ("duration", "duration"),
    "progress": ("progress_ms", "viewOffset"),
    "plays": ("plays", "viewCount"),
    "added": ("added", "addedAt"),
    "viewed": ("last_played", "lastViewedAt"),
    "resolution": ("height", "mediaHeight"),
    "bitrate": ("bitrate", "mediaBitrate"),
    "random": ("", "random"),
}
SORT_ALIASES = {"alpha": "title", "rating": "critic_rating", "released": "release", "originally_available": "release"}


@dataclass(frozen=True)
class SortKey:
    name: str
    desc: bool = False

    @property
    def plex(self) -> str:
        key = SORTS[self.name][1]
        return f"{key}:desc" if self.desc else key


def parse_sort(value: Any, key: str = "sort_by") -> tuple[SortKey, ...]:
    """``title.asc`` / ``[year.desc, title.asc]`` / ``random`` -> sort keys."""
    raw = value if isinstance(value, list) else [value]
    keys: list[SortKey] = []
    for entry in raw:
        text = str(entry).strip().lower()
        name, _, direction = text.partition(".")
        name = SORT_ALIASES.get(name, name)
        if name not in SORTS or direction not in ("", "asc", "desc"):
            choices = ", ".join(f"{n}.asc/.desc" for n in SORTS if n != "random")
            raise ConditionError(f"{key}: unknown sort {entry!r}; use one of {choices} or random")
        keys.append(SortKey(name, direction == "desc"))
    if not keys:
        raise ConditionError(f"{key} is empty")
    return tuple(keys)


def _key(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp()
    if isinstance(value, str):
        return value.casefold()
    return value


def sort_items(items: Sequence[Item], keys: Sequence[SortKey], seed: str = "") -> list[Item]:
    """Sort like Plex: each key in turn, missing values first ascending / last descending, ties by
    ratingKey. ``random`` shuffles with a seed (stable within a day for the same collection)."""
    result = sorted(items, key=lambda i: i.rating_key)
    for sort in reversed(keys):
        if sort.name == "random":
            random.Random(seed).shuffle(result)
            continue
        attr = SORTS[sort.name][0]
        present = [i for i in result if i.get(attr) is not None]
        missing = [i for i in result if i.get(attr) is None]
        present.sort(key=lambda i: _key(i.get(attr)), reverse=sort.desc)
        result = present + missing if sort.desc else missing + present
    return result
