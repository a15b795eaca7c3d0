"""Text overlay values that come from services (``tmdb_rating``, ``mdb_*``, ``omdb_*``; IMDb, Trakt, MAL
and AniDB ratings through :mod:`kometa.engine.overlay_ratings`), asked before deciding.

Only items whose stack has a text overlay using one of them are asked about, through the run's
clients (:class:`kometa.overlays.facts.TmdbFacts` / ``MdblistFacts``), several at a time; the
clients cache every answer beside the config, so a second run within the cache period sends no
request. A service that cannot be asked (not configured, key refused, down without a cached
answer) is one error line for the library, and its overlays are left off (named in one warning).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kometa.clients.policy import ServiceError
from kometa.engine.overlay_ratings import LibraryRatings, batch_values
from kometa.overlays.facts import MdblistFacts, OmdbFacts, TmdbFacts
from kometa.overlays.stack import Placed
from kometa.overlays.text import BATCH, EPISODE_TOTALS, ONLINE, online_names, variables
from kometa.plex.snapshot import Item, Snapshot

WORKERS = 8
CHILDREN = {"show": "episode", "artist": "track"}  # whose durations make a show's (artist's) runtime


def _names(stack: list[Placed]) -> set[str]:
    found: set[str] = set()
    for placed in stack:
        if placed.definition.spec.kind == "text":
            found |= online_names(placed.definition.spec.text or "")
    return found


def online_values(levels: Sequence[Any], top: Snapshot, online: Any, only: set[int] | None = None,
                  ) -> tuple[dict[int, dict[str, Any]], list[str]]:
    """``levels``: engine.overlay_step.LevelOverlays (``only``: just these rating keys). Returns
    (rating key -> {variable: value}) and one error line per service that could not be asked."""
    wanted: list[tuple[str, Item, set[str]]] = []
    for level in levels:
        for key, stack in level.stacks.items():
            if only is not None and key not in only:
                continue
            names = _names(stack)
            if names:
                wanted.append((level.level, level.snapshot.items[key], names))
    if not wanted:
        return {}, []
    if online is None:
        services = sorted({ONLINE[n] for _, _, names in wanted for n in names})
        return {}, [f"text overlays need {' and '.join(services)}, which this command does not connect to"]
    failed: dict[str, str] = {}
    made: list[LibraryRatings] = []

    def ratings() -> LibraryRatings:
        if not made:
            made.append(LibraryRatings(online, top))
        return made[0]

    batch = batch_values(ratings, wanted, failed)
    tmdb = TmdbFacts(online.tmdb, top)
    mdb = MdblistFacts(online.mdblist, top)
    omdb = OmdbFacts(online.omdb, top)

    def one(entry: tuple[str, Item, set[str]]) -> dict[str, Any]:
        level, item, names = entry
        out: dict[str, Any] = {}
        for name in sorted(names - BATCH.keys()):
            service = ONLINE[name]
            if service in failed:
                continue
            try:
                if name == "tmdb_rating":
                    value = tmdb.rating(item, level)
                else:
                    value = (omdb if service == "OMDb" else mdb).rating(name, item, level)
            except ServiceError as exc:
                failed.setdefault(service, str(exc))
                continue
            if value is not None:
                out[name] = value
        return out

    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(one, wanted))
    values = {item.rating_key: {**batch.get(item.rating_key, {}), **found}
              for (_, item, _), found in zip(wanted, results, strict=True) if found or item.rating_key in batch}
    errors = [f"text overlays: {service.removesuffix(' sign-in')} could not be asked ({message})"
              for service, message in failed.items()]
    return values, errors


def episode_totals(levels: Sequence[Any], read: Callable[[str], Snapshot] | None,
                   values: dict[int, dict[str, Any]]) -> None:
    """``<<runtime>>`` (average) and ``<<total_runtime>>`` of shows and seasons from their episodes,
    of artists and albums from their tracks (as Kometa): the episode (track) listing is read once (it
    is already read when episodes get overlays) and only when such a text uses them. Adds
    ``average_duration``/``total_duration`` to ``values``."""
    wanted = [(level, key) for level in levels if level.level in ("", "season", "album")
              and level.snapshot.section_type in CHILDREN for key, stack in level.stacks.items()
              if any(name in EPISODE_TOTALS for p in stack if p.definition.spec.kind == "text"
                     for name, _ in variables(p.definition.spec.text or ""))]
    if not wanted or read is None:
        return
    durations: dict[int, list[float]] = {}
    for episode in read(CHILDREN[wanted[0][0].snapshot.section_type]).items.values():
        minutes = episode.get("duration")
        if minutes:
            for parent in (episode.get("grandparent_rating_key"), episode.get("parent_rating_key")):
                if parent:
                    durations.setdefault(int(parent), []).append(float(minutes))
    for _, key in wanted:
        found = durations.get(key)
        if found:
            values.setdefault(key, {}).update(average_duration=sum(found) / len(found), total_duration=sum(found))
