"""The ``item_*`` updates of a collection's members (after the label and genre edits of
:mod:`kometa.engine.item_edits`): the field changes and locks of :mod:`kometa.engine.item_updates`,
the advanced preferences, ``item_assets``, ``item_tmdb_season_titles``, refresh and analyze.
Called by :func:`kometa.engine.collections.run_collection` with the definition's final members."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from kometa.engine.definition_errors import DefinitionError, _fail
from kometa.engine.item_edits import ItemEditError
from kometa.sources.definitions import Definition

if TYPE_CHECKING:
    from kometa.engine.collections import LibraryJob


def run_item_updates(job: LibraryJob, definition: Definition, name: str, keys: list[int]) -> None:
    """The other ``item_*`` keys (engine/item_updates.py), after the label and genre edits."""
    from kometa.engine import item_updates as iu

    if not any(k in iu.KEYS for k in definition.data):
        return
    try:
        updates = iu.parse_item_updates(definition.data, job.snapshot.item_type)
    except ItemEditError as exc:
        raise _fail(definition, str(exc)) from None
    where = f'{job.snapshot.section_title} | Collection "{name}"'
    say, dry = job.changes.say, job.dry_run
    for tag, outside in iu.non_members_with(job.snapshot, updates.non_item_remove, keys).items():
        say(f"{where}: label - {tag!r} on {len(outside)} items outside the collection")
        if not dry:
            job.writer.tag_items(outside, "label", tag, remove=True)
        for key in outside:
            job.snapshot.remove_tag(key, "label", tag)
    changes = iu.plan_field_changes(updates, job.snapshot, keys)
    for change in changes:
        say(f"{where}: {job.title_of(change.rating_key)}: {change.text}")
    if changes and not dry:
        from kometa.operations.batch import send

        send(job.transport, job.snapshot.section_id, job.snapshot.type_number, changes, 1000)
    iu.keep_snapshot(job.snapshot, updates, changes)
    if updates.prefs:
        _item_prefs(job, updates, keys, where)
    if updates.assets:
        _item_assets(job, keys, where)
    if updates.season_titles:
        _season_titles(job, definition, updates, keys, where)
    if updates.refresh or updates.analyze:
        if dry:
            say(f"{where}: would {' and '.join(a for a, on in (('refresh', updates.refresh), ('analyze', updates.analyze)) if on)} "
                f"{len(keys)} items")
        else:
            delay = job.settings.get("item_refresh_delay") or 0
            sent = iu.run_actions(keys, updates, lambda method, path: job.transport.send(method, path), time.sleep,
                                  float(delay) if isinstance(delay, int | float) else 0.0)
            say(f"{where}: {sent} refresh/analyze requests sent")


def _season_titles(job: LibraryJob, definition: Definition, updates: Any, keys: list[int], where: str) -> None:
    """``item_tmdb_season_titles``: the members' seasons take TMDb's season names (only where they differ)."""
    from kometa.engine import item_updates as iu
    from kometa.engine.tmdb_filters import details_for
    from kometa.operations.batch import send
    from kometa.plex.levels import level_view
    from kometa.plex.snapshot import TYPE_NUMBERS

    if job.snapshot.level is not None:
        raise _fail(definition, "item_tmdb_season_titles works on a collection of shows (without builder_level)")
    details = details_for(job)
    if details is None:
        raise _fail(definition, "item_tmdb_season_titles needs TMDb: add a tmdb: section with your apikey")
    shows = [job.snapshot.items[k] for k in keys if k in job.snapshot.items]
    details.fetch(shows, keywords=False)
    names = {show.rating_key: {s.get("season_number"): s.get("name") for s in (found.get("seasons") or [])}
             for show in shows if (found := details.details.get(show.rating_key))}
    seasons = level_view(job.transport.server, job.snapshot, "season")
    changes = iu.season_title_changes(seasons.items, seasons.under, names, keys)
    show_of = {season: show for show, under in seasons.under.items() for season in under}
    for change in changes:
        job.changes.say(f"{where}: {job.title_of(show_of.get(change.rating_key, change.rating_key))}: {change.text}")
    if changes and not job.dry_run:
        send(job.transport, job.snapshot.section_id, TYPE_NUMBERS["season"], changes, 1000)
    for change in changes:
        season = seasons.items[change.rating_key]
        season.values["title"] = change.params[0][1]


def _item_prefs(job: LibraryJob, updates: Any, keys: list[int], where: str) -> None:
    """The advanced ``item_*`` settings: each member's preferences read, only differing ones written."""
    from kometa.metadata.advanced import current_prefs, differing

    for key in keys:
        page = job.transport.server.query(f"/library/metadata/{key}", params={"includePreferences": 1})
        changes = differing(updates.prefs, current_prefs(page))
        if not changes:
            continue
        job.changes.say(f"{where}: {job.title_of(key)}: " + ", ".join(f"item_{k} {v or 'default'}" for _p, k, v in changes))
        if not job.dry_run:
            job.transport.send("PUT", f"/library/metadata/{key}/prefs", [(p, v) for p, _k, v in changes])


def _item_assets(job: LibraryJob, keys: list[int], where: str) -> None:
    """``item_assets``: the members' asset images (their seasons' and episodes' too), uploaded once per
    changed file; an item whose poster carries an overlay is left to the overlays, as in Kometa."""
    from kometa.metadata.asset_run import STATE_NAME, UploadedAssets, run_assets
    from kometa.metadata.assets import settings_from

    try:
        assets = settings_from(job.settings, job.base_dir)
    except ValueError as exc:
        raise DefinitionError(f"{where}: item_assets: {exc}") from None
    overlaid = {k for k in keys if k in job.snapshot.items and job.snapshot.items[k].values.get("has_overlay")}
    if overlaid:
        job.changes.say(f"{where}: item_assets: {len(overlaid)} items carry an overlay; their posters are the "
                        f"overlays' to set")
    uploaded = UploadedAssets(job.base_dir / STATE_NAME, writable=not job.dry_run)
    done = run_assets(job.snapshot.section_title, job.transport.server, job.transport, job.snapshot, assets,
                      uploaded, dry_run=job.dry_run, say=job.changes.say, members=set(keys) - overlaid,
                      op="item_assets")
    if done.uploaded:
        job.changes.say(f"{where}: item_assets: {done.uploaded} images uploaded, {done.unchanged} unchanged")
