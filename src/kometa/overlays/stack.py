"""Per item: which overlays it gets, in which order and where (spec 7.5 step 1), pure.

Given which items each definition selects, an item's stack is: the matching definitions in file
order; per ``group`` only the highest ``weight`` (a tie keeps the first); then every
``suppress_overlays`` of an overlay that stays drops the named overlays of its file. Unlike
Kometa, groups and suppressions are computed on a copy, so the result does not depend on the
order the list is edited in. Queued overlays fill their queue's positions by descending weight
(more overlays than positions: the lightest are left off); they are drawn after the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kometa.overlays.model import OverlayDef, OverlaySet, Position


@dataclass(frozen=True)
class Placed:
    """One overlay of an item's stack and the position it is drawn at (None: full canvas)."""

    definition: OverlayDef
    position: Position | None


def item_stack(matching: list[OverlayDef], queues: OverlaySet) -> list[Placed]:
    best: dict[str, OverlayDef] = {}
    for d in matching:
        if d.group is not None:
            kept = best.get(d.group)
            if kept is None or (d.weight or 0) > (kept.weight or 0):
                best[d.group] = d
    grouped = [d for d in matching if d.group is None or best[d.group] is d]
    suppressed = {(d.source, name) for d in grouped for name in d.suppress}
    survivors = [d for d in grouped
                 if (d.source, d.name) not in suppressed and (d.source, d.spec.name) not in suppressed]
    placed = [Placed(d, d.spec.position) for d in survivors if d.queue is None]
    by_queue: dict[tuple[str, str], list[OverlayDef]] = {}
    for d in survivors:
        if d.queue is not None:
            by_queue.setdefault((d.source, d.queue), []).append(d)
    for key, members in by_queue.items():
        positions = queues.queues[key].positions
        members.sort(key=lambda d: -(d.weight or 0))
        placed.extend(Placed(d, position) for d, position in zip(members, positions, strict=False))
    return placed


def stacks(overlays: OverlaySet, selected: Mapping[int, Iterable[int]]) -> dict[int, list[Placed]]:
    """``selected``: definition index -> rating keys it selects. Returns rating key -> its stack
    (items with an empty stack are left out)."""
    per_item: dict[int, list[OverlayDef]] = {}
    for index, definition in enumerate(overlays.definitions):
        for key in selected.get(index, ()):
            per_item.setdefault(key, []).append(definition)
    result: dict[int, list[Placed]] = {}
    for key, matching in per_item.items():
        order = {id(d): i for i, d in enumerate(overlays.definitions)}
        matching.sort(key=lambda d: order[id(d)])
        stack = item_stack(matching, overlays)
        if stack:
            result[key] = stack
    return result
