"""``item_label`` / ``item_genre`` (with ``.remove`` / ``.sync``): tag edits on a collection's items.

Decided against the snapshot (which carries every item's labels and genres), written as one
multi-item tag edit per tag per 1,000 items, so an unchanged library costs no request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kometa.plex.snapshot import Snapshot

KINDS = {"item_label": "label", "item_genre": "genre"}


def is_overlay_marker(label: str) -> bool:
    """``Overlay`` (or an older ``<x> Overlay``): the label that says an item's poster carries an
    overlay. Label clean-ups (``item_label.sync``, ``--delete-labels``) keep it."""
    low = label.lower()
    return low == "overlay" or low.endswith(" overlay")


class ItemEditError(ValueError):
    pass


@dataclass
class TagEdits:
    """Per tag: which items get it, which lose it."""

    kind: str
    add: dict[str, list[int]] = field(default_factory=dict)
    remove: dict[str, list[int]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.add.values()) and not any(self.remove.values())


def _names(value: Any) -> list[str]:
    raw = value if isinstance(value, list) else str(value).split(",")
    return [str(v).strip() for v in raw if str(v).strip()]


def plan_item_edits(data: Mapping[str, Any], snapshot: Snapshot, members: Sequence[int]) -> list[TagEdits]:
    plans = []
    for key, kind in KINDS.items():
        add_key, remove_key, sync_key = key, f"{key}.remove", f"{key}.sync"
        if not any(k in data for k in (add_key, remove_key, sync_key)):
            continue
        if sync_key in data and (add_key in data or remove_key in data):
            raise ItemEditError(f"{sync_key} cannot be combined with {add_key} or {remove_key}")
        wanted = _names(data.get(sync_key, data.get(add_key)) or [])
        unwanted = {n.lower() for n in _names(data.get(remove_key) or [])}
        edits = TagEdits(kind)
        for key_ in members:
            item = snapshot.items.get(key_)
            if item is None:
                continue
            have = {t.lower(): t for t in item.tags(kind)}
            for name in wanted:
                if name.lower() not in have:
                    edits.add.setdefault(name, []).append(key_)
            keep = {n.lower() for n in wanted}
            for low, name in have.items():
                synced_away = sync_key in data and low not in keep and not (kind == "label" and is_overlay_marker(name))
                if low in unwanted or synced_away:
                    edits.remove.setdefault(name, []).append(key_)
        plans.append(edits)
    return plans


def apply_item_edits(plans: Sequence[TagEdits], snapshot: Snapshot, say: Callable[[str], None], dry_run: bool,
                     write: Callable[[list[int], str, str, bool], None], where: str) -> int:
    """Print and (unless dry run) send the edits; keeps the snapshot true. Returns items touched."""
    touched = 0
    for edits in plans:
        for tag, keys in edits.add.items():
            say(f"{where}: {edits.kind} + {tag!r} on {len(keys)} items")
            if not dry_run:
                write(keys, edits.kind, tag, False)
            for key in keys:
                snapshot.add_tag(key, edits.kind, tag)
            touched += len(keys)
        for tag, keys in edits.remove.items():
            say(f"{where}: {edits.kind} - {tag!r} on {len(keys)} items")
            if not dry_run:
                write(keys, edits.kind, tag, True)
            for key in keys:
                snapshot.remove_tag(key, edits.kind, tag)
            touched += len(keys)
    return touched
