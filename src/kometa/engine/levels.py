"""``builder_level``: a collection of seasons, episodes, albums or tracks.

The definition runs against a level view of the library (:mod:`kometa.plex.levels`, one listing
per level per run, read when the first definition at that level builds): ``plex_all`` is every
episode, ``plex_search`` asks Plex for episodes (with the show's fields, as Kometa does),
``filters`` test each episode, and a show an online builder finds stands for its seasons or
episodes. The collection is made with the level's type (``type=4``), so Plex files it as an
episode collection.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from kometa.engine.run_listings import setting
from kometa.plex.levels import level_view
from kometa.sources.builders import Builders

#: collection subtypes that are levels below a library's own (builder_level)
LEVEL_TYPES = frozenset({"season", "episode", "album", "track"})


def level_job(job: Any, level: str) -> Any:
    """The library job at ``level`` (its snapshot the level view, its writer the level's type)."""
    return at_level(job, None, level)[0]


def at_level(job: Any, builders: Builders | None, level: str | None) -> tuple[Any, Builders]:
    """The job and builders of one definition: the library's own, or those of ``level``."""
    if level is None:
        assert builders is not None
        return job, builders
    cache: dict[str, Any] = job.cache  # one dict, shared by the library's job and its level jobs
    if level not in cache:
        view = level_view(job.transport.server, getattr(job.snapshot, "base", job.snapshot), level)
        builders = Builders(view, job.moment, job.remote_search, tmdb=job.tmdb, trakt=job.trakt, imdb=job.imdb,
                            mdblist=job.mdblist, tautulli=job.tautulli, arr=job.arr, sources=job.sources,
                            show_options=setting({}, job.settings, "show_options"))
        cache[level] = (dataclasses.replace(job, snapshot=view), builders)
    found: tuple[Any, Builders] = cache[level]
    return found


def children_of(server: Any, snapshot: Any) -> Callable[[str, int], list[Any]]:
    """What ``episodes``/``seasons``/``albums``/``tracks`` filters read: an item's children at a
    level (that level's listing is read once, on first use)."""
    base = getattr(snapshot, "base", snapshot)

    def children(level: str, key: int) -> list[Any]:
        return level_view(server, base, level).children(key)
    return children
