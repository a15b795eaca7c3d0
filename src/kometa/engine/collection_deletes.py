"""Deleting collections: one managed collection (with a smart_label collection's item labels),
and the library-wide deletions (``--delete-collections``, ``--delete-labels``, a synced dynamic
set's collections it no longer generates)."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING
from urllib.parse import quote

from kometa.engine.item_edits import is_overlay_marker
from kometa.engine.levels import LEVEL_TYPES, level_job
from kometa.engine.notify_hooks import collection_deleted
from kometa.engine.ownership import MANAGED_LABEL, is_managed
from kometa.engine.report import ItemRow
from kometa.plex.snapshot import CollectionInfo

if TYPE_CHECKING:
    from kometa.engine.collections import LibraryJob

log = logging.getLogger("kometa")


def delete_collection(job: LibraryJob, existing: CollectionInfo, why: str, smart_label: bool | None = None) -> None:
    """Delete a managed collection. A smart_label collection's label goes from its items too: known
    from the definition (``smart_label``) or, without one, from the ledger (never guessed from the
    filter, which a smart_filter on the user's own label shares)."""
    machine = job.snapshot.machine_id
    if smart_label is None:
        smart_label = job.ledger.is_smart_label(machine, existing.rating_key)
    if smart_label and existing.subtype in LEVEL_TYPES and job.snapshot.level != existing.subtype:
        job = level_job(job, existing.subtype)  # an episode collection's label is on the episodes
    job.changes.delete(job.snapshot.section_title, "Collection", existing.title, why)
    if not job.dry_run:
        job.writer.delete(existing.rating_key)
        job.ledger.forget_collection(machine, existing.rating_key)
        collection_deleted(job, existing.title, why)
    snap = job.snapshot
    snap.collections = [c for c in snap.collections if c.rating_key != existing.rating_key]
    if not existing.smart and not snap.collection_named(existing.title):
        for key in snap.members_by_tag(existing.title):  # Plex drops the members' tags with it
            snap.remove_tag(key, "collection", existing.title)
    if smart_label and existing.smart and existing.content \
            and f"label={quote(existing.title, safe='')}" in existing.content:
        # a smart_label collection: its items' label goes with it
        low = existing.title.lower()
        labelled = [rk for rk, item in snap.items.items() if any(t.lower() == low for t in item.tags("label"))]
        if labelled:
            job.changes.say(f'{snap.section_title}: remove label "{existing.title}" from {len(labelled)} items')
            if not job.dry_run:
                job.writer.tag_items(labelled, "label", existing.title, remove=True)
            for key in labelled:
                snap.remove_tag(key, "label", existing.title)


def delete_managed_collections(job: LibraryJob) -> ItemRow:
    """``--delete-collections``: delete the managed collections of the library, keep the user's."""
    started = time.monotonic()
    managed = [c for c in job.snapshot.collections if is_managed(c.labels)]
    kept = len(job.snapshot.collections) - len(managed)
    for collection in managed:
        job.checkpoint()
        delete_collection(job, collection, "--delete-collections")
    message = f"deleted {len(managed)} managed collection(s); kept {kept} not managed by {MANAGED_LABEL}"
    log.info("%s: %s", job.snapshot.section_title, message)
    return ItemRow("All Collections Deleted", "operation", status=message, removed=len(managed),
                   seconds=time.monotonic() - started)


def delete_item_labels(job: LibraryJob) -> ItemRow:
    """``--delete-labels``: remove every item label except the overlay markers."""
    started = time.monotonic()
    by_label: dict[str, list[int]] = {}
    for rk, item in job.snapshot.items.items():
        for label in item.tags("label"):
            if is_overlay_marker(label):
                continue
            by_label.setdefault(label, []).append(rk)
    for label, keys in by_label.items():
        job.checkpoint()
        job.changes.say(f'{job.snapshot.section_title}: remove label "{label}" from {len(keys)} items')
        if not job.dry_run:
            job.writer.tag_items(keys, "label", label, remove=True)
        for key in keys:
            job.snapshot.remove_tag(key, "label", label)
    return ItemRow("All Labels Deleted", "operation", status=f"removed {len(by_label)} label(s)",
                   removed=sum(len(v) for v in by_label.values()), seconds=time.monotonic() - started)


def delete_unsynced(job: LibraryJob, synced_sets: set[str], titles: list[str]) -> list[ItemRow]:
    """``dynamic_collections`` with ``sync: true``: a managed collection labelled with the set's name
    that the set no longer generates is deleted."""
    wanted = {t.lower() for t in titles}
    sets = {s.lower() for s in synced_sets}
    rows = []
    for collection in list(job.snapshot.collections):
        if not is_managed(collection.labels) or collection.title.lower() in wanted:
            continue
        if any(label.lower() in sets for label in collection.labels):
            delete_collection(job, collection, "no longer generated by its dynamic set")
            rows.append(ItemRow(collection.title, "collection", status="Deleted"))
    return rows
