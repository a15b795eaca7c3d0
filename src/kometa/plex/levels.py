"""The seasons or the episodes of a show library as one listing each, read only when asked for.

Overlays with ``builder_level: season``/``episode`` select and decorate seasons or episodes; a
:class:`LevelSnapshot` is the same in-memory picture a :class:`~kometa.plex.snapshot.Snapshot` is
for the library's own items, built from ONE paged listing of the section at that level
(``/library/sections/SID/all?type=3|4``), never one request per show or season. Each item also
carries what its parents' listing attributes say (``show_title``, ``season_title``,
``season_number`` of an episode) so text overlays need nothing more.

Builders and filters evaluate season conditions as a show library's and episode conditions as a
movie library's (an episode is a playable leaf with media, like a movie), on the values the listing
carries for those items.
"""

from __future__ import annotations

from dataclasses import dataclass

from kometa.plex.snapshot import TYPE_NUMBERS, Reader, Snapshot, list_all, parse_item

#: builder_level -> the library type whose attributes its conditions use
SEARCH_AS = {"season": "show", "episode": "movie"}
LEVELS = tuple(SEARCH_AS)


@dataclass
class LevelSnapshot(Snapshot):
    """The seasons or episodes of one show section (``level``: season | episode)."""

    level: str = "season"

    @property
    def item_type(self) -> str:
        return SEARCH_AS.get(self.level, self.level)

    @property
    def type_number(self) -> int:
        return TYPE_NUMBERS[self.level]


def _number(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def read_level(reader: Reader, snapshot: Snapshot, level: str) -> LevelSnapshot:
    """Every season (``level="season"``) or episode of ``snapshot``'s show section: one listing."""
    if level not in SEARCH_AS:
        raise ValueError(f"unknown level {level!r}")
    found = LevelSnapshot(snapshot.section_id, snapshot.section_title, snapshot.section_type, snapshot.machine_id,
                          level=level)
    for elem in list_all(reader, f"/library/sections/{snapshot.section_id}/all",
                         {"type": TYPE_NUMBERS[level], "includeGuids": 1}):
        if "ratingKey" not in elem.attrib:
            continue
        item = parse_item(elem)
        a = elem.attrib
        values = item.values
        values["parent_title"] = a.get("parentTitle")
        values["parent_rating_key"] = _number(a.get("parentRatingKey"))
        if level == "season":
            values["show_title"] = a.get("parentTitle")
            values["season_number"] = values.get("index")
            values["display_title"] = f"{a.get('parentTitle') or '?'} {item.title}"
        else:
            values["grandparent_title"] = a.get("grandparentTitle")
            values["show_title"] = a.get("grandparentTitle")
            values["season_title"] = a.get("parentTitle")
            values["season_number"] = _number(a.get("parentIndex"))
            values["episode_number"] = values.get("index")
            values["grandparent_rating_key"] = _number(a.get("grandparentRatingKey"))
            season, episode = values["season_number"], values["episode_number"]
            code = f"S{season:02d}E{episode:02d}" if season is not None and episode is not None else "episode"
            values["display_title"] = f"{a.get('grandparentTitle') or '?'} {code} {item.title}".rstrip()
        found.items[item.rating_key] = item
    return found
