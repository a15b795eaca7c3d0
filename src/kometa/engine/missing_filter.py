"""Which missing titles a definition reports, sends to Radarr/Sonarr and saves: Kometa's
``missing_only_released`` and its filters on missing titles.

A title the library lacks has no Plex item to test, so (as in Kometa) only the filters TMDb can
answer apply to it (``tmdb_vote_count``, ``tmdb_year``, ``original_language``, ``tmdb_genre``, ...;
of a list of filter mappings, a mapping with none of those passes). ``missing_only_released``
keeps only titles whose TMDb release date (movies) or first air date (shows) is today or earlier.
Both read the title's TMDb details: one cached request per title (``/movie/ID`` or ``/tv/ID``; a
title known only by its IMDb/TVDb id first asks ``/find``), and only when one of them asks. A
title TMDb cannot tell about is dropped (Kometa's rule: it cannot be checked). Dropped titles are
logged with ``show_filtered``. ``only_filter_missing`` (engine/run_listings.setting) is the other
half: then the filters leave the library's items alone.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from kometa.clients.policy import NotFound
from kometa.engine.run_listings import setting
from kometa.engine.tmdb_filters import TMDB_ONLY, WithTmdb, _day
from kometa.sources.conditions import Group, Node, compile_node, walk

log = logging.getLogger("kometa")


def missing_tree(tree: Group | None) -> Group | None:
    """The filters' TMDb part as a missing title meets it: per alternative, its TMDb conditions
    (None: no alternative has any, so the filters ask nothing of missing titles)."""
    if tree is None:
        return None
    alternatives: list[Node] = []
    asks = False
    for alternative in tree.children:
        conds = alternative.children if isinstance(alternative, Group) and alternative.op == "all" else (alternative,)
        tmdb = tuple(c for c in conds if all(x.attr.name in TMDB_ONLY for x in walk(c)))
        asks = asks or bool(tmdb)
        alternatives.append(Group("all", tmdb))  # no TMDb condition: the alternative passes (Kometa)
    return Group("any", tuple(alternatives)) if asks else None


def released(details: Mapping[str, Any] | None, movie: bool, today: date) -> bool:
    if details is None:
        return False
    day = _day(details.get("release_date") if movie else details.get("first_air_date"))
    return day is not None and day <= today


class _Title:
    """A missing title as a filter sees it: only its TMDb details."""

    rating_key = 0

    def get(self, attr: str) -> Any:
        return None


def _tmdb_id(client: Any, entry: Mapping[str, Any], movie: bool) -> int | None:
    if entry.get("tmdb"):
        return int(entry["tmdb"])
    for key, source in (("imdb", "imdb_id"), ("tvdb", "tvdb_id")):
        if entry.get(key):
            try:
                found = client.find(str(entry[key]), source)
            except NotFound:
                return None
            results = found.get("movie_results" if movie else "tv_results") or ()
            return int(results[0]["id"]) if results and results[0].get("id") else None
    return None


def details_of(client: Any, entry: Mapping[str, Any], movie: bool) -> dict[str, Any] | None:
    tmdb_id = _tmdb_id(client, entry, movie)
    if tmdb_id is None:
        return None
    try:
        return dict(client.movie(tmdb_id) if movie else client.show(tmdb_id))
    except NotFound:
        return None


def keep_missing(built: Any, tree: Group | None, tmdb: Any, now: datetime, movie: bool, *, only_released: bool,
                 show_filtered: bool, where: str) -> None:
    """Drop from ``built.missing_ids`` / ``built.missing`` the titles the filters or
    ``missing_only_released`` exclude (nothing asked, or no TMDb this run: left as they are)."""
    tree = missing_tree(tree)
    if not built.missing_ids or (tree is None and not only_released) or tmdb is None:
        return
    from kometa.clients.policy import AuthError

    try:
        client = tmdb.client()
    except Exception:  # no TMDb in the config: the titles stay as the builders named them
        log.warning("%s: missing_only_released / filters on missing titles need TMDb (a tmdb: section); the "
                    "missing titles are reported unfiltered", where)
        return
    test = compile_node(tree, now) if tree is not None else None
    kept: list[dict[str, Any]] = []
    for entry in built.missing_ids:
        try:
            details = details_of(client, entry, movie)
        except AuthError as exc:
            raise tmdb.refusal(exc) from None
        ok = details is not None and (not only_released or released(details, movie, now.date()))
        ok = ok and (test is None or test(WithTmdb(_Title(), details)))
        if ok:
            kept.append(entry)
        elif show_filtered:
            log.info("%s | missing, filtered out: %s", where, built.labels_of.get(id(entry)) or entry.get("title"))
    if len(kept) == len(built.missing_ids):
        return
    dropped = {built.labels_of.get(id(e)) for e in built.missing_ids if all(e is not k for k in kept)}
    built.missing = [label for label in built.missing if label not in dropped]
    built.missing_ids = kept



def definition_missing(built: Any, filters: Any, tmdb: Any, now: datetime, movie: bool, data: Mapping[str, Any],
                       settings: Mapping[str, Any], where: str) -> None:
    """:func:`keep_missing` with a definition's own keys, else its library's settings."""
    keep_missing(built, filters.tree if filters is not None else None, tmdb, now, movie,
                 only_released=setting(data, settings, "missing_only_released"),
                 show_filtered=setting(data, settings, "show_filtered"), where=where)
