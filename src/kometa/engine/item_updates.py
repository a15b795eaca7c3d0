"""Kometa's item updates other than labels and genres (those are :mod:`kometa.engine.item_edits`).

A collection's ``item_*`` keys edit every item the definition ends with (after filters and limit):

* ``item_critic_rating`` / ``item_audience_rating`` / ``item_user_rating`` (0-10, blank erases) and
  ``item_edition`` (movies): written locked, as Plex's own editor does, only to items whose value
  differs, in multi-item edits grouped by value (:mod:`kometa.operations.batch`).
* ``item_lock_poster`` / ``item_lock_background`` / ``item_lock_square_art`` / ``item_lock_title``
  (true locks, false or blank unlocks): decided from the listing's ``<Field locked>`` elements, so a
  second run sends nothing.
* The advanced settings (``item_episode_sorting``, ``item_keep_episodes``, ``item_metadata_language``,
  ... the keys of :mod:`kometa.metadata.advanced` with ``item_`` in front): each member's current
  preferences are read from its page (one read per member, as Kometa does) and only differing ones
  are written, in one ``PUT /library/metadata/RK/prefs``.
* ``item_refresh`` (``item_refresh_delay`` seconds apart, else the library's ``item_refresh_delay``)
  and ``item_analyze``: Plex's refresh / analyze of every member, every run (that is what they ask).
* ``item_assets``: the members' asset-folder images (see :mod:`kometa.metadata.asset_run`), uploaded
  once per changed file; items whose poster carries an overlay are left to the overlays, as in Kometa.
* ``non_item_remove_label``: the label is taken off every item of the library that is not a member.
* ``item_tmdb_season_titles`` (shows): each member's seasons take TMDb's season names where their
  titles differ (locked), from the shows' TMDb details (cached) and one season listing.

Locks come before refresh, so a locked poster survives the refresh it is asked with. A dry run
prints every change and sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kometa.engine.item_edits import ItemEditError, is_overlay_marker
from kometa.metadata.advanced import ADVANCED
from kometa.metadata.advanced import wanted as advanced_wanted
from kometa.operations.decide import Change
from kometa.plex.snapshot import Snapshot

#: key -> (Plex edit field, snapshot attribute)
RATINGS = {"item_critic_rating": ("rating", "critic_rating"),
           "item_audience_rating": ("audienceRating", "audience_rating"),
           "item_user_rating": ("userRating", "user_rating")}
#: key -> the Plex field whose lock it sets
LOCKS = {"item_lock_poster": "thumb", "item_lock_background": "art", "item_lock_square_art": "squareArt",
         "item_lock_title": "title"}
ADVANCED_KEYS = {f"item_{key}": key for key in ADVANCED}
ACTIONS = ("item_refresh", "item_analyze", "item_assets", "item_tmdb_season_titles")
KEYS = frozenset({*RATINGS, "item_edition", *LOCKS, *ADVANCED_KEYS, *ACTIONS, "item_refresh_delay",
                  "non_item_remove_label"})


@dataclass
class ItemUpdates:
    fields: dict[str, tuple[str, str, Any]] = field(default_factory=dict)  # key -> (plex field, attr, value)
    locks: dict[str, bool] = field(default_factory=dict)  # plex field -> locked afterwards
    prefs: dict[str, tuple[str, str]] = field(default_factory=dict)  # preference -> (key, value)
    refresh: bool = False
    refresh_delay: float | None = None
    analyze: bool = False
    assets: bool = False
    season_titles: bool = False
    non_item_remove: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.fields or self.locks or self.prefs or self.refresh or self.analyze or self.assets
                    or self.season_titles or self.non_item_remove)


def _bool(key: str, value: Any, *, blank: bool) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return blank
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ItemEditError(f"{key} must be true or false, got {value!r}")


def _rating(key: str, value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None  # blank: erase the rating
    try:
        number = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or not 0 <= number <= 10:
        raise ItemEditError(f"{key} must be a number from 0.0 to 10.0 (or blank to erase it), got {value!r}")
    return round(number, 1)


def _names(key: str, value: Any) -> tuple[str, ...]:
    raw = value if isinstance(value, list) else str(value or "").split(",")
    names = tuple(str(v).strip() for v in raw if str(v).strip())
    if not names:
        raise ItemEditError(f"{key} is blank: name the labels to remove")
    return names


def parse_item_updates(data: Mapping[str, Any], item_type: str) -> ItemUpdates:
    """The updates a definition asks for; a bad value is an :class:`ItemEditError` naming the key."""
    out = ItemUpdates()
    for key, (plex_field, attr) in RATINGS.items():
        if key in data:
            out.fields[key] = (plex_field, attr, _rating(key, data[key]))
    if "item_edition" in data:
        if item_type != "movie":
            raise ItemEditError(f"item_edition applies to movies, not to a {item_type}")
        value = data["item_edition"]
        if isinstance(value, list | dict | bool):
            raise ItemEditError(f"item_edition must be an edition name (or blank to clear it), got {value!r}")
        out.fields["item_edition"] = ("editionTitle", "edition", str(value).strip() if value is not None else "")
    for key, plex_field in LOCKS.items():
        if key in data:
            out.locks[plex_field] = _bool(key, data[key], blank=False)
    asked = {ADVANCED_KEYS[k]: v for k, v in data.items() if k in ADVANCED_KEYS}
    if asked:
        out.prefs, errors = advanced_wanted(asked, item_type)
        if errors:
            key, reason = errors[0]
            raise ItemEditError(f"item_{key}: {reason}")
    out.refresh = _bool("item_refresh", data.get("item_refresh"), blank=False)
    out.analyze = _bool("item_analyze", data.get("item_analyze"), blank=False)
    out.assets = _bool("item_assets", data.get("item_assets"), blank=False)
    out.season_titles = _bool("item_tmdb_season_titles", data.get("item_tmdb_season_titles"), blank=False)
    if out.season_titles and item_type != "show":
        raise ItemEditError(f"item_tmdb_season_titles applies to shows, not to a {item_type}")
    if data.get("item_refresh_delay") is not None:
        delay = data["item_refresh_delay"]
        if isinstance(delay, bool) or not isinstance(delay, int | float) or delay < 0:
            raise ItemEditError(f"item_refresh_delay must be a number of seconds of at least 0, got {delay!r}")
        out.refresh_delay = float(delay)
    if "non_item_remove_label" in data:
        out.non_item_remove = _names("non_item_remove_label", data["non_item_remove_label"])
    return out


def _shown(value: Any) -> str:
    return "(erased)" if value in (None, "") else str(value)


def plan_field_changes(updates: ItemUpdates, snapshot: Snapshot, members: Sequence[int]) -> list[Change]:
    """The multi-item edits the rating, edition and lock keys need: only items that differ."""
    changes: list[Change] = []
    for key in members:
        item = snapshot.items.get(key)
        if item is None:
            continue
        locked = set(item.tags("locked_fields"))
        params: list[tuple[str, str]] = []
        texts: list[str] = []
        for name, (plex_field, attr, value) in updates.fields.items():
            have = item.values.get(attr)
            if isinstance(value, float) or value is None and name in RATINGS:
                same = (None if have is None else round(float(have), 1)) == value
                wire = "" if value is None else f"{value:.1f}"
            else:
                same = (have or "") == value
                wire = str(value)
            if not same:
                params += [(f"{plex_field}.value", wire), (f"{plex_field}.locked", "1")]
                texts.append(f"{name[5:].replace('_', ' ')} {_shown(value)}")
        for plex_field, lock in updates.locks.items():
            if (plex_field in locked) != lock:
                params.append((f"{plex_field}.locked", "1" if lock else "0"))
                texts.append(f"{'lock' if lock else 'unlock'} {plex_field}")
        if params:
            changes.append(Change(key, tuple(params), ", ".join(texts), None))
    return changes


def keep_snapshot(snapshot: Snapshot, updates: ItemUpdates, changes: Sequence[Change]) -> None:
    """Make the snapshot say what the edits wrote, for the definitions after this one."""
    for change in changes:
        item = snapshot.items.get(change.rating_key)
        if item is None:
            continue
        locked = set(item.tags("locked_fields"))
        for _name, (plex_field, attr, value) in updates.fields.items():
            if any(p == f"{plex_field}.value" for p, _ in change.params):
                item.values[attr] = value if value != "" else None
                locked.add(plex_field)
        for plex_field, lock in updates.locks.items():
            if lock:
                locked.add(plex_field)
            else:
                locked.discard(plex_field)
        item.values["locked_fields"] = tuple(sorted(locked))


def non_members_with(snapshot: Snapshot, labels: Sequence[str], members: Sequence[int]) -> dict[str, list[int]]:
    """Per label (as the items spell it): the items outside ``members`` that carry it."""
    inside = set(members)
    wanted = {label.lower() for label in labels if not is_overlay_marker(label)}
    out: dict[str, list[int]] = {}
    for key, item in snapshot.items.items():
        if key in inside:
            continue
        for tag in item.tags("label"):
            if tag.lower() in wanted:
                out.setdefault(tag, []).append(key)
    return out


def season_title_changes(seasons: Mapping[int, Any], under: Mapping[int, Sequence[int]],
                         names: Mapping[int, Mapping[int, str]], members: Sequence[int]) -> list[Change]:
    """Season title edits: ``names`` is show -> season number -> TMDb's name, ``under`` show -> its
    season rating keys, ``seasons`` rating key -> the season Item."""
    out = []
    for show in members:
        wanted = names.get(show) or {}
        for key in under.get(show, ()):
            season = seasons.get(key)
            if season is None:
                continue
            name = wanted.get(season.values.get("index"))
            if name and name != season.title:
                out.append(Change(key, (("title.value", name), ("title.locked", "1")),
                                  f"season {season.values.get('index')} title {name!r}", None))
    return out


def run_actions(members: Sequence[int], updates: ItemUpdates, send: Callable[[str, str], None],
                sleep: Callable[[float], None], default_delay: float) -> int:
    """``item_refresh`` (with its delay before each refresh) and ``item_analyze``: requests sent."""
    sent = 0
    delay = updates.refresh_delay if updates.refresh_delay is not None else default_delay
    for key in members:
        if updates.refresh:
            if delay > 0:
                sleep(delay)
            send("PUT", f"/library/metadata/{key}/refresh")
            sent += 1
        if updates.analyze:
            send("PUT", f"/library/metadata/{key}/analyze")
            sent += 1
    return sent
