"""Diff: what must change so that a collection or playlist in Plex becomes what the config wants.

Pure: :func:`plan` compares a :class:`Current` picture (from the snapshot) with a :class:`Wanted`
one (from builders, filters and settings) and returns a :class:`Plan` of changes. The writer
carries a plan out with as few requests as it can; a dry run prints it instead.

Add/remove rules (spec 4.5): add only when something was found and found + current reaches the
minimum; remove (sync mode) only when the collection exists and either nothing was found or
found + current reaches the minimum.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl


@dataclass(frozen=True)
class Current:
    """A collection/playlist as it is in Plex (``rating_key`` None: it does not exist)."""

    rating_key: int | None = None
    smart: bool = False
    content: str | None = None
    members: tuple[int, ...] = ()  # in Plex's order
    labels: tuple[str, ...] = ()
    summary: str = ""
    title_sort: str | None = None
    mode: int = -1
    sort: int = 0
    poster: str | None = None  # fingerprint of the poster we last set (ledger)
    background: str | None = None
    content_rating: str | None = None
    visibility: tuple[bool, bool, bool] | None = None  # library, home, shared (None: not read)
    filter_user: int = 0  # collectionFilterBasedOnUser (smart collections)
    media: tuple[tuple[str, str], ...] = ()  # (upload kind, fingerprint we last set): themes, squareArts

    @property
    def exists(self) -> bool:
        return self.rating_key is not None


@dataclass(frozen=True)
class Wanted:
    title: str
    items: tuple[int, ...] = ()  # ordered, deduplicated, filtered, limited
    smart_uri: str | None = None
    sync: bool = False
    minimum: int = 1
    arrange: bool = False  # move members into ``items`` order (custom order)
    create_empty: bool = False  # blank_collection: exists even with no items
    labels_add: tuple[str, ...] = ()
    labels_remove: tuple[str, ...] = ()
    label_sync: bool = False
    summary: str | None = None
    title_sort: str | None = None
    mode: int | None = None
    sort: int | None = None
    poster: str | None = None  # fingerprint
    background: str | None = None
    content_rating: str | None = None
    visibility: tuple[bool, bool, bool] | None = None
    filter_user: int | None = None  # collection_filtering: 0 admin, 1 user
    media: tuple[tuple[str, str], ...] = ()  # (upload kind, fingerprint): url_/file_theme, url_/file_square_art


@dataclass
class Plan:
    title: str
    create: bool = False
    recreate: bool = False  # delete first (smart <-> regular switch)
    smart_uri: str | None = None  # create smart / update the smart filter
    add: list[int] = field(default_factory=list)
    remove: list[int] = field(default_factory=list)
    keep: list[int] = field(default_factory=list)
    moves: list[tuple[int, int | None]] = field(default_factory=list)  # (item, after item | None = first)
    order: list[int] | None = None  # arranged collections: the order the moves lead to
    fields: dict[str, str] = field(default_factory=dict)  # summary / titleSort
    labels_add: list[str] = field(default_factory=list)
    labels_remove: list[str] = field(default_factory=list)
    prefs: dict[str, int] = field(default_factory=dict)  # collectionMode / collectionSort / collectionFilterBasedOnUser
    poster: bool = False
    background: bool = False
    uploads: list[str] = field(default_factory=list)  # themes / squareArts to upload
    visibility: tuple[bool, bool, bool] | None = None
    below_minimum: bool = False
    found: int = 0

    @property
    def writes(self) -> bool:
        return bool(self.create or self.recreate or self.smart_uri or self.add or self.remove or self.moves
                    or self.fields or self.labels_add or self.labels_remove or self.prefs or self.poster
                    or self.background or self.uploads
                    or self.visibility is not None)

    @property
    def metadata_changed(self) -> bool:
        return bool(self.fields or self.labels_add or self.labels_remove or self.prefs or self.poster
                    or self.background or self.uploads
                    or self.visibility is not None)


_FIXED = ("type", "sort", "limit")


def _filter_parts(uri: str | None) -> tuple[str, dict[str, str], list[tuple[str, str]]]:
    if not uri:
        return "", {}, []
    path, _, query = uri.partition("?")
    path = path.split("/library/", 1)[-1]
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "includeGuids"]
    fixed = {k: v for k, v in pairs if k in _FIXED}
    return path, fixed, [(k, v) for k, v in pairs if k not in _FIXED]


def same_smart_filter(stored: str | None, wanted: str | None) -> bool:
    """Whether Plex's stored smart filter is the one we want, ignoring how it was spelled: the
    server prefix, percent-encoding, ``includeGuids`` and the order of ``type``/``sort``/``limit``
    (the order of filter conditions matters: it carries the grouping)."""
    if stored == wanted:
        return True
    return _filter_parts(stored) == _filter_parts(wanted)


def _ci_missing(wanted: Sequence[str], have: Sequence[str]) -> list[str]:
    low = {h.lower() for h in have}
    return [w for w in wanted if w.lower() not in low]


def _ci_present(wanted: Sequence[str], have: Sequence[str]) -> list[str]:
    low = {w.lower() for w in wanted}
    return [h for h in have if h.lower() in low]


def plan(current: Current, wanted: Wanted) -> Plan:
    p = Plan(wanted.title, found=len(wanted.items))
    smart = wanted.smart_uri is not None
    exists = current.exists
    if exists and current.smart != smart:
        p.recreate = True
        current = Current()
        exists = False
    if smart:
        if not exists:
            p.create = True
            p.smart_uri = wanted.smart_uri
        elif not same_smart_filter(current.content, wanted.smart_uri):
            p.smart_uri = wanted.smart_uri
    else:
        _plan_members(p, current, wanted)
    _plan_metadata(p, current, wanted, exists or p.create)
    return p


def _plan_members(p: Plan, current: Current, wanted: Wanted) -> None:
    have = set(current.members)
    found = list(wanted.items)
    p.keep = [k for k in found if k in have]
    reach = len(found) + len(current.members) >= wanted.minimum
    if found and reach:
        p.add = [k for k in found if k not in have]
    if wanted.sync and current.exists and current.members and (not found or reach):
        wanted_set = set(found)
        p.remove = [k for k in current.members if k not in wanted_set]
    final = len(current.members) + len(p.add) - len(p.remove)
    p.below_minimum = final < wanted.minimum
    if not current.exists:
        p.create = bool(p.add) or wanted.create_empty
    if wanted.arrange and (p.add or current.members):
        removed = set(p.remove)
        after = [k for k in current.members if k not in removed] + p.add
        target = [k for k in found if k in set(after)] + [k for k in after if k not in set(found)]
        p.moves = minimal_moves(after, target)
        p.order = target


def _plan_metadata(p: Plan, current: Current, wanted: Wanted, will_exist: bool) -> None:
    if not will_exist:
        return
    if wanted.summary is not None and wanted.summary != (current.summary or ""):
        p.fields["summary"] = wanted.summary
    if wanted.title_sort is not None and wanted.title_sort != (current.title_sort or wanted.title):
        p.fields["titleSort"] = wanted.title_sort
    p.labels_add = _ci_missing(wanted.labels_add, current.labels)
    if wanted.label_sync:
        keep = {w.lower() for w in wanted.labels_add}
        p.labels_remove = [h for h in current.labels if h.lower() not in keep]
    else:
        p.labels_remove = _ci_present(wanted.labels_remove, current.labels)
    if wanted.mode is not None and wanted.mode != current.mode:
        p.prefs["collectionMode"] = wanted.mode
    if wanted.sort is not None and wanted.sort != current.sort and wanted.smart_uri is None:
        p.prefs["collectionSort"] = wanted.sort
    if wanted.filter_user is not None and wanted.filter_user != current.filter_user:
        p.prefs["collectionFilterBasedOnUser"] = wanted.filter_user
    if wanted.poster is not None and wanted.poster != current.poster:
        p.poster = True
    if wanted.background is not None and wanted.background != current.background:
        p.background = True
    have = dict(current.media)
    p.uploads = [kind for kind, fingerprint in wanted.media if have.get(kind) != fingerprint]
    if wanted.content_rating is not None and wanted.content_rating != (current.content_rating or ""):
        p.fields["contentRating"] = wanted.content_rating
    if wanted.visibility is not None and wanted.visibility != current.visibility:
        p.visibility = wanted.visibility


def minimal_moves(current: Sequence[int], target: Sequence[int]) -> list[tuple[int, int | None]]:
    """Moves (item, after) turning ``current`` into ``target`` (same elements): every item outside
    a longest run already in target order moves once, right after its target predecessor."""
    position = {k: i for i, k in enumerate(target)}
    seq = [position[k] for k in current if k in position]
    # longest increasing subsequence of target positions (patience sorting with back links)
    tails: list[int] = []
    tail_idx: list[int] = []
    back = [-1] * len(seq)
    for i, value in enumerate(seq):
        j = bisect_left(tails, value)
        if j == len(tails):
            tails.append(value)
            tail_idx.append(i)
        else:
            tails[j] = value
            tail_idx[j] = i
        back[i] = tail_idx[j - 1] if j else -1
    stay: set[int] = set()
    i = tail_idx[-1] if tail_idx else -1
    while i >= 0:
        stay.add(target[seq[i]])
        i = back[i]
    moves: list[tuple[int, int | None]] = []
    for index, key in enumerate(target):
        if key not in stay:
            moves.append((key, target[index - 1] if index else None))
    return moves


def apply_moves(order: Sequence[int], moves: Sequence[tuple[int, int | None]]) -> list[int]:
    """What Plex's order becomes after ``moves`` (for tests and for keeping the snapshot true)."""
    result = list(order)
    for key, after in moves:
        result.remove(key)
        result.insert(result.index(after) + 1 if after is not None else 0, key)
    return result
