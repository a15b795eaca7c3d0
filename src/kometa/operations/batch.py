"""Batched writes: item changes with the same edit parameters go to Plex in one multi-item edit.

``PUT /library/sections/SID/all?type=T&id=1,2,3&rating.value=7.2&rating.locked=1`` edits every listed
item at once, so 10,000 items whose ratings take 60 distinct values cost about 60 requests (more
only when a group passes ``plex_bulk_edit_batch_size`` ids). Tag edits are split per tag name
(see :func:`units`). A dry run sends nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kometa.operations.decide import Change, Params

_TAG = re.compile(r"^([A-Za-z]+)\[\d*\]\.tag\.tag-?$")


def units(params: Params) -> list[Params]:
    """A change's params as the requests it can share with other items: each tag added or removed
    on its own (with the lock), everything else together. Items whose genres differ still share
    the "add Drama" and "remove Comedy" requests."""
    tags = [p for p in params if _TAG.match(p[0])]
    if not tags:
        return [params]
    locks = tuple(p for p in params if p[0].endswith(".locked"))
    rest = tuple(p for p in params if p not in tags and p not in locks)
    out: list[Params] = [rest + locks] if rest else []
    for key, value in tags:
        kind, remove = _TAG.match(key).group(1), key.endswith("-")  # type: ignore[union-attr]
        pieces = value.split(",") if remove else [value]
        for piece in pieces:
            out.append(((f"{kind}[].tag.tag-" if remove else f"{kind}[0].tag.tag", piece), *locks))
    return out


def group(changes: Iterable[Change]) -> dict[Params, list[int]]:
    """Rating keys per identical parameter set, in first-seen order."""
    groups: dict[Params, list[int]] = {}
    for change in changes:
        for unit in units(change.params):
            groups.setdefault(unit, []).append(change.rating_key)
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
