"""``reset_overlays`` in a run: find the base poster of every overlaid item of a level, before deciding.

Every item that gets overlays is looked up (Kometa resets only items already overlaid and takes
a new item's current poster first, then resets it on the next run: the same end, with one render
more). A Plex base costs one posters listing per item (four at a time), a TMDb base nothing once
TMDb's answers are cached. An item without a base keeps the usual original (our backup, else its
current poster), with a warning naming it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kometa.clients.policy import ServiceError
from kometa.overlays.decide import display
from kometa.overlays.facts import TmdbFacts
from kometa.overlays.reset import Base, BaseFinder
from kometa.plex.snapshot import Item, Snapshot

log = logging.getLogger("kometa")

LOOKUPS = 4  # concurrent posters listings


def finder(order: tuple[str, ...], server: Any, top: Snapshot, online: Any,
           tmdb: TmdbFacts | None = None) -> BaseFinder:
    """The run's base finder; ``online`` (engine.online.OnlineServices) gives TMDb when configured."""
    from kometa.overlays.apply import PlexPosters

    posters = PlexPosters(server, top.section_id, top.type_number)
    if tmdb is None and "tmdb" in order and online is not None:
        tmdb = TmdbFacts(online.tmdb, top)
    return BaseFinder(order, posters.posters, tmdb)


def find_bases(find: BaseFinder, items: dict[int, Item], stacks: dict[int, Any], level: str,
               warn: Callable[[str], None], ours: set[int] | frozenset[int] = frozenset(),
               ) -> tuple[dict[int, Base], list[str]]:
    """(rating key -> base) for the level's items that get overlays, and for items another tool
    overlaid (labelled ``Overlay``, not in ``ours``) that get none now (their base is put back, as
    Kometa does); and service errors (one line each)."""
    wanted = [item for key, item in items.items() if key in stacks
              or (key not in ours and item.get("has_overlay"))]
    errors: list[str] = []
    failed: set[str] = set()

    def one(item: Item) -> Base | None:
        try:
            return find.find(item, level)
        except ServiceError as exc:
            message = f"reset_overlays: {exc}"
            if message not in failed:
                failed.add(message)
                errors.append(message)
            return None
        except Exception as exc:  # a Plex read that failed: this item only
            warn(f"reset_overlays: '{display(item)}': its base poster could not be looked up ({exc})")
            return None

    with ThreadPoolExecutor(LOOKUPS) as pool:
        found = list(pool.map(one, wanted))
    bases: dict[int, Base] = {}
    for item, base in zip(wanted, found, strict=True):
        if base is not None:
            bases[item.rating_key] = base
        elif not failed:
            warn(f"reset_overlays: '{display(item)}' has no {' or '.join(find.order)} poster; its original stays "
                 f"as it is")
    return bases, errors
