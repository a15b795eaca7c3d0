"""Batched writes: item changes with the same edit parameters go to Plex in one multi-item edit.

``PUT /library/sections/SID/all?type=T&id=1,2,3&rating.value=7.2&rating.locked=1`` edits every listed
item at once, so 10,000 items whose ratings take 60 distinct values cost about 60 requests (more
only when a group passes ``plex_bulk_edit_batch_size`` ids). A dry run sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kometa.operations.decide import Change, Params


def group(changes: Iterable[Change]) -> dict[Params, list[int]]:
    """Rating keys per identical parameter set, in first-seen order."""
    groups: dict[Params, list[int]] = {}
    for change in changes:
        groups.setdefault(change.params, []).append(change.rating_key)
    return groups


def requests_for(changes: Iterable[Change], batch_size: int) -> list[tuple[Params, list[int]]]:
    """The edit requests a list of changes needs: (params, ids) per request."""
    out: list[tuple[Params, list[int]]] = []
    for params, keys in group(changes).items():
        for start in range(0, len(keys), batch_size):
            out.append((params, keys[start:start + batch_size]))
    return out


def send(transport: Any, section_id: int, type_number: int, changes: list[Change], batch_size: int) -> int:
    """Write ``changes`` in multi-item edits; the number of requests sent."""
    sent = 0
    for params, keys in requests_for(changes, batch_size):
        pairs = [("type", type_number), ("id", ",".join(str(k) for k in keys)), *params]
        transport.send("PUT", f"/library/sections/{section_id}/all", pairs)
        sent += 1
    return sent
