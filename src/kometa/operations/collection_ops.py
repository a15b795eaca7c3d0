"""Operations on a library's collections: ``delete_collections`` and ``mass_collection_mode``.

``delete_collections`` deletes a collection only when it matches **every** criterion given:
``managed`` (it has the ``Kometa``/``PMM`` label, or not), ``configured`` (its title is defined in
this library's collection files, or not) and ``less`` (fewer than N items; smart collections are
exempt unless ``ignore_empty_smart_collections: false``). With no criterion nothing is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kometa.plex.snapshot import CollectionInfo

MANAGED_LABELS = {"kometa", "pmm"}


def is_managed(collection: CollectionInfo) -> bool:
    return any(label.lower() in MANAGED_LABELS for label in collection.labels)


def to_delete(collections: Iterable[CollectionInfo], criteria: Mapping[str, Any],
              configured: set[str]) -> list[CollectionInfo]:
    """The collections ``delete_collections`` removes (pure)."""
    managed, want_configured, less = criteria.get("managed"), criteria.get("configured"), criteria.get("less")
    exempt_smart = criteria.get("ignore_empty_smart_collections", True)
    if managed is None and want_configured is None and less is None:
        return []
    names = {name.lower() for name in configured}
    out = []
    for collection in collections:
        if managed is not None and is_managed(collection) != managed:
            continue
        if want_configured is not None and (collection.title.lower() in names) != want_configured:
            continue
        if less is not None:
            if collection.smart and exempt_smart:
                if managed is None and want_configured is None:
                    continue
            elif collection.child_count >= less:
                continue
        out.append(collection)
    return out


def mode_changes(collections: Iterable[CollectionInfo], mode: int) -> list[CollectionInfo]:
    """Collections whose collection mode differs from ``mode`` (pure)."""
    return [c for c in collections if c.mode != mode]
