"""The order of a library's collection hubs: ``hub_priority`` (a collection's) and ``auto_sort_hubs``
(the library's or global ``settings:``), Kometa's meaning.

After a library's collections ran, when any of them has ``hub_priority`` or ``auto_sort_hubs`` is
set, the collection hubs (``custom.collection.<section>.<ratingKey>`` in
``/hubs/sections/<id>/manage``; Plex's own hubs are never moved) are put in this order at the
front of the list: the prioritised ones by priority (lowest first; ties by the sort below, always
ascending), then the others by ``auto_sort_hubs``: ``alpha`` (the default when only priorities
are set), ``sort_title``, ``configured`` (the order of the definitions in the files), each with
``.desc``, or ``random``. Plex's own hubs follow in their order. The list is read once; when it is
already in that order nothing is written (``random`` shuffles, so it moves every run, as in
Kometa); else each collection hub is moved once (``PUT .../move?after=``). A collection with
``hub_priority`` that is not promoted to a hub (``visible_library``/``visible_home``/
``visible_shared``) is a warning.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

log = logging.getLogger("kometa")
MODES = ("sort_title", "sort_title.desc", "alpha", "alpha.desc", "configured", "configured.desc", "random")


class HubSortError(ValueError):
    """A bad hub_priority or auto_sort_hubs value (the message is for the user)."""


@dataclass
class HubWishes:
    """What a library's collections asked for, in the order they ran (engine/collections.py)."""

    order: list[str] = field(default_factory=list)  # collection titles, lower case, config order
    priority: dict[str, tuple[int, str]] = field(default_factory=dict)  # lower title -> (priority, title)

    def note(self, title: str, priority: int | None) -> None:
        low = title.lower()
        if low not in self.order:
            self.order.append(low)
        if priority is not None:
            self.priority[low] = (priority, title)


def parse_priority(data: Mapping[str, Any]) -> int | None:
    if "hub_priority" not in data:
        return None
    value = data["hub_priority"]
    if value is None or (isinstance(value, str) and not value.strip()):
        raise HubSortError("hub_priority is blank (give a whole number of at least 1)")
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else 0
    except ValueError:
        number = 0
    if number < 1:
        raise HubSortError(f"hub_priority must be a whole number of at least 1, got {value!r}")
    return number


def sort_mode(settings: Mapping[str, Any]) -> str | None:
    value = settings.get("auto_sort_hubs")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().lower()
    if text not in MODES:
        raise HubSortError(f"auto_sort_hubs must be one of {', '.join(MODES)}, got {value!r}")
    return text


def target_order(hubs: list[tuple[str, int | None, str]], wishes: HubWishes, mode: str | None,
                 title_sort: Mapping[int, str], titles: Mapping[int, str],
                 shuffle: Callable[[list[Any]], None] = random.shuffle) -> list[str]:
    """The identifiers in their wanted order. ``hubs``: (identifier, collection ratingKey or None for
    Plex's own hubs, hub title) as Plex lists them."""
    mode = mode or "alpha"
    custom = [(ident, rk, title) for ident, rk, title in hubs if rk is not None]
    others = [ident for ident, rk, _t in hubs if rk is None]

    def name(rk: int, title: str) -> str:
        return titles.get(rk, title).lower()

    def key(entry: tuple[str, int | None, str]) -> Any:
        _ident, rk, title = entry
        assert rk is not None
        if mode.startswith("sort_title"):
            return (title_sort.get(rk) or titles.get(rk, title)).lower()
        if mode.startswith("configured"):
            low = name(rk, title)
            return wishes.order.index(low) if low in wishes.order else 999_999
        return name(rk, title)

    first = sorted((e for e in custom if name(e[1] or 0, e[2]) in wishes.priority),
                   key=lambda e: (wishes.priority[name(e[1] or 0, e[2])][0], key(e)))
    rest = [e for e in custom if name(e[1] or 0, e[2]) not in wishes.priority]
    if mode == "random":
        shuffle(rest)
    else:
        rest.sort(key=key, reverse=mode.endswith(".desc"))
    return [e[0] for e in first + rest] + others


def sort_hubs(job: Any, wishes: HubWishes) -> None:
    """Put the library's collection hubs in the wanted order (see the module's docstring)."""
    from kometa.plex.snapshot import list_all

    try:
        mode = sort_mode(job.settings)
    except HubSortError as exc:  # the loader checks it (config/keys.py): a value that slipped past it
        log.error("%s: settings: %s; the hubs are left in their order", job.name, exc)
        return
    if mode is None and not wishes.priority:
        return
    snap = job.snapshot
    base = f"/hubs/sections/{snap.section_id}/manage"
    hubs: list[tuple[str, int | None, str]] = []
    for hub in list_all(job.transport.server, base):
        ident = hub.attrib.get("identifier", "")
        parts = ident.split(".")
        rk = int(parts[-1]) if ident.startswith("custom.collection.") and parts[-1].isdigit() else None
        hubs.append((ident, rk, hub.attrib.get("title", "")))
    by_title = {c.rating_key: c.title for c in snap.collections}
    promoted = {by_title.get(rk, title).lower() for _i, rk, title in hubs if rk is not None}
    for low, (_priority, title) in wishes.priority.items():
        if low not in promoted:
            log.warning("%s | Collection %s: hub_priority is set but the collection is not promoted to a hub "
                        "(set visible_library, visible_home or visible_shared)", snap.section_title, title)
    sorts = {c.rating_key: c.title_sort or "" for c in snap.collections}
    wanted = target_order(hubs, wishes, mode, sorts, by_title)
    if wanted == [ident for ident, _rk, _t in hubs]:
        return
    custom = [ident for ident in wanted if any(ident == h[0] and h[1] is not None for h in hubs)]
    job.changes.say(f"{snap.section_title}: collection hubs in order: "
                    + ", ".join(by_title.get(int(i.rsplit('.', 1)[1]), i) for i in custom))
    if job.dry_run:
        return
    previous: str | None = None
    for ident in custom:
        after = [("after", previous)] if previous else []
        job.transport.send("PUT", f"{base}/{quote(ident, safe='')}/move", after)
        previous = ident
