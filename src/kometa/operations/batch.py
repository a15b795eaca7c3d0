"""Batched writes: item changes with the same edit parameters go to Plex in one multi-item edit.

``PUT /library/sections/SID/all?type=T&id=1,2,3&rating.value=7.2&rating.locked=1`` edits every listed
item at once, so 10,000 items whose ratings take 60 distinct values cost about 60 requests (more
only when a group passes ``plex_bulk_edit_batch_size`` ids). Tag edits are split per tag name
(see :func:`units`), and a request carries every other edit all of its items still need (see
:func:`requests_for`). A dry run sends nothing.
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
    """The edit requests a list of changes needs: (params, ids) per request, at most ``batch_size``
    ids each.

    Edits are grouped per unit (:func:`units`), the smallest groups first; a request for one unit
    also carries every other unit that all of its ids still need (one Plex edit applies them all),
    and those ids leave that unit's group. So items that all lose "Comedy" while gaining different
    genres lose it in their "add" requests, and "remove Comedy" is sent only for what is left.
    Never more requests than one group per unit: a group only shrinks."""
    groups = group(changes)
    pending: dict[int, set[Params]] = {}
    for unit, keys in groups.items():
        for key in keys:
            pending.setdefault(key, set()).add(unit)
    order = sorted(groups, key=lambda u: len(groups[u]))  # stable: equal sizes in first-seen order
    place = {unit: index for index, unit in enumerate(order)}
    out: list[tuple[Params, list[int]]] = []
    for unit in order:
        keys = [k for k in groups[unit] if unit in pending[k]]
        # ids that still need the same other edits side by side, so their batches share riders
        keys.sort(key=lambda k: sorted(place[u] for u in pending[k] if u != unit))
        for start in range(0, len(keys), batch_size):
            chunk = keys[start:start + batch_size]
            shared = set.intersection(*(pending[k] for k in chunk)) - {unit}
            joined = [unit]
            for rider in sorted(shared, key=place.__getitem__):
                if _compatible(joined, rider):
                    joined.append(rider)
            for key in chunk:
                pending[key].difference_update(joined)
            out.append((_merge(joined), chunk))
    return out


def _plain(params: Params) -> dict[str, str]:
    return {k: str(v) for k, v in params if not _TAG.match(k)}


def _compatible(joined: list[Params], rider: Params) -> bool:
    """A rider may join when none of its plain fields (value, lock) says otherwise than the others'."""
    fields = _plain(rider)
    return all(fields.get(k, v) == v for unit in joined for k, v in _plain(unit).items())


def _merge(joined: list[Params]) -> Params:
    """One request's params for several units: plain fields once, added tags numbered per kind,
    removed tags comma-joined per kind."""
    if len(joined) == 1:
        return joined[0]
    plain: dict[str, Any] = {}
    adds: dict[str, list[str]] = {}
    removes: dict[str, list[str]] = {}
    for unit in joined:
        for key, value in unit:
            match = _TAG.match(key)
            if match is None:
                plain.setdefault(key, value)
            elif key.endswith("-"):
                removes.setdefault(match.group(1), []).append(str(value))
            else:
                adds.setdefault(match.group(1), []).append(str(value))
    pairs: list[tuple[str, Any]] = [(k, v) for k, v in plain.items() if not k.endswith(".locked")]
    for kind, names in adds.items():
        pairs += [(f"{kind}[{i}].tag.tag", name) for i, name in enumerate(names)]
    pairs += [(f"{kind}[].tag.tag-", ",".join(names)) for kind, names in removes.items()]
    pairs += [(k, v) for k, v in plain.items() if k.endswith(".locked")]
    return tuple(pairs)


def send(transport: Any, section_id: int, type_number: int, changes: list[Change], batch_size: int) -> int:
    """Write ``changes`` in multi-item edits; the number of requests sent."""
    sent = 0
    for params, keys in requests_for(changes, batch_size):
        pairs = [("type", type_number), ("id", ",".join(str(k) for k in keys)), *params]
        transport.send("PUT", f"/library/sections/{section_id}/all", pairs)
        sent += 1
    return sent
