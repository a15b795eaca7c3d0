"""The pure part of item operations: from the listing and the sources, what each item's field becomes.

Every decision yields :class:`Change` objects: the rating key, the exact edit parameters Plex takes
(``rating.value=7.2``, ``rating.locked=1``, ``genre[0].tag.tag=Drama``, ...), a readable line, and the
fingerprint of the value written (what :mod:`kometa.operations.state` remembers so our own lock is
not mistaken for the user's next run). An item whose field already holds the value gets no change, so
a second run decides nothing. A field the user locked in Plex is left alone unless the operation is
an explicit ``lock``/``unlock``/``remove``/``reset``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from kometa.operations.model import FieldSpec
from kometa.operations.sources import Action, Source, resolve
from kometa.plex.snapshot import Item

Params = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Change:
    rating_key: int
    params: Params
    text: str
    fingerprint: str | None  # what we wrote (and so may overwrite later); None = not ours afterwards
    new_value: Any = None  # the attribute value afterwards (kept in the snapshot for later operations)
    locked: bool | None = None  # the field's lock afterwards
    sets_value: bool = True  # False: only the lock changes


@dataclass
class Decision:
    changes: list[Change]
    locked_skipped: int = 0  # items whose field the user locked
    no_value: int = 0  # items no source had a value for


def current(spec: FieldSpec, item: Item) -> Any:
    """The item's value of the field, normalised for comparison."""
    value = item.values.get(spec.attr)
    if spec.kind == "float":
        return None if value is None else round(float(value), 1)
    if spec.kind == "date":
        return value.isoformat() if isinstance(value, date) else None
    if spec.kind == "epoch":
        return value.date().isoformat() if isinstance(value, datetime) else None
    if spec.kind == "tags":
        return tuple(value) if isinstance(value, tuple) else ()
    return value if value not in (None, "") else None


def fingerprint(spec: FieldSpec, value: Any) -> str:
    if spec.kind == "tags":
        return "|".join(sorted(str(v).lower() for v in value))
    if spec.kind == "float" and value is not None:
        return f"{float(value):.1f}"
    return "" if value is None else str(value)


def _same(spec: FieldSpec, old: Any, new: Any) -> bool:
    if spec.kind == "tags":
        return {str(v).lower() for v in old} == {str(v).lower() for v in new}
    return bool(old == new)


def _wire(spec: FieldSpec, value: Any) -> str:
    if spec.kind == "float":
        return f"{float(value):.1f}"
    if spec.kind == "epoch":
        return str(int(datetime.fromisoformat(str(value)).replace(tzinfo=UTC).timestamp()))
    return str(value)


def _attr_value(spec: FieldSpec, value: Any) -> Any:
    """The snapshot attribute value after writing ``value``."""
    if value is None:
        return () if spec.kind == "tags" else None
    if spec.kind == "date":
        return date.fromisoformat(str(value))
    if spec.kind == "epoch":
        return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
    return tuple(value) if spec.kind == "tags" else value


def tag_params(kind: str, old: Iterable[str], new: Iterable[str], lock: bool | None) -> Params:
    """Params turning tag set ``old`` into ``new`` (adds by name, removals in one ``-=`` list)."""
    old_l = {t.lower(): t for t in old}
    new_l = {t.lower(): t for t in new}
    pairs: list[tuple[str, str]] = []
    adds = [t for k, t in new_l.items() if k not in old_l]
    gone = [t for k, t in old_l.items() if k not in new_l]
    pairs += [(f"{kind}[{i}].tag.tag", name) for i, name in enumerate(sorted(adds))]
    if gone:
        from urllib.parse import quote

        pairs.append((f"{kind}[].tag.tag-", ",".join(quote(t, safe="") for t in sorted(gone))))
    if lock is not None:
        pairs.append((f"{kind}.locked", "1" if lock else "0"))
    return tuple(pairs)


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(value) if value else "(none)"
    return "(none)" if value is None else str(value)


def _action_change(spec: FieldSpec, item: Item, action: Action, locked: bool, old: Any) -> Change | None:
    f = spec.plex_field
    empty = old in (None, ())
    if action.name == "lock" and locked or action.name == "unlock" and not locked:
        return None
    if action.name in ("remove", "reset") and empty and locked == (action.name == "remove"):
        return None
    lock = action.locks
    if action.clears:
        if spec.kind == "tags":
            params = tag_params(f, old, (), lock)
        else:
            params = ((f"{f}.value", ""), (f"{f}.locked", "1" if lock else "0"))
        text = f"{action.name} {spec.attr.replace('_', ' ')} (was {_show(old)})"
        return Change(item.rating_key, params, text, None, _attr_value(spec, None), lock)
    return Change(item.rating_key, ((f"{f}.locked", "1" if lock else "0"),), f"{action.name} {spec.attr.replace('_', ' ')}",
                  None, None, lock, sets_value=False)


def map_tags(lowered: Mapping[str, str | None], tags: Iterable[str]) -> list[str]:
    """``tags`` through a mapper (lower-cased old -> new; None drops the tag), without duplicates."""
    out: list[str] = []
    for tag in tags:
        new_tag = lowered.get(tag.lower(), tag)
        if new_tag is not None and new_tag.lower() not in {n.lower() for n in out}:
            out.append(new_tag)
    return out


def mapped(spec: FieldSpec, target: Any, mapper: Mapping[str, str | None] | None) -> Any:
    """An update's value through its mapper (``genre_mapper`` / ``content_rating_mapper``), as Kometa maps
    the new values before comparing; a value mapped to null is removed."""
    if not mapper or isinstance(target, Action):
        return target
    lowered = {k.lower(): v for k, v in mapper.items()}
    if spec.kind == "tags":
        return tuple(map_tags(lowered, target))
    if str(target).lower() in lowered:
        new = lowered[str(target).lower()]
        return Action("remove") if new is None else new
    return target


def decide_field(spec: FieldSpec, chain: tuple[Source | Action, ...], items: Iterable[Item],
                 owned: Mapping[int, str], mapper: Mapping[str, str | None] | None = None) -> Decision:
    """The changes a ``mass_*_update`` makes to ``items`` (pure); ``mapper`` maps its values first."""
    decision = Decision([])
    for item in items:
        target = mapped(spec, resolve(chain, item), mapper)
        if target is None:
            decision.no_value += 1
            continue
        old = current(spec, item)
        locked = spec.plex_field in item.tags("locked_fields")
        if isinstance(target, Action):
            change = _action_change(spec, item, target, locked, old)
            if change is not None:
                decision.changes.append(change)
            continue
        if _same(spec, old, target):
            continue
        if locked and owned.get(item.rating_key) != fingerprint(spec, old):
            decision.locked_skipped += 1
            continue
        f = spec.plex_field
        if spec.kind == "tags":
            params = tag_params(f, old or (), target, True)
        else:
            params = ((f"{f}.value", _wire(spec, target)), (f"{f}.locked", "1"))
        text = f"{spec.attr.replace('_', ' ')} {_show(old)} -> {_show(target)}"
        decision.changes.append(Change(item.rating_key, params, text, fingerprint(spec, target),
                                       _attr_value(spec, target), True))
    return decision


def decide_genre_mapper(mapping: Mapping[str, str | None], items: Iterable[Item], owned: Mapping[int, str],
                        spec: FieldSpec) -> Decision:
    """``genre_mapper``: each mapped genre replaced (or removed when mapped to null)."""
    lowered = {k.lower(): v for k, v in mapping.items()}
    decision = Decision([])
    for item in items:
        old = item.tags("genre")
        if not any(t.lower() in lowered for t in old):
            continue
        new = map_tags(lowered, old)
        if _same(spec, old, new):
            continue
        if "genre" in item.tags("locked_fields") and owned.get(item.rating_key) != fingerprint(spec, old):
            decision.locked_skipped += 1
            continue
        decision.changes.append(Change(item.rating_key, tag_params("genre", old, new, True),
                                       f"genre {_show(old)} -> {_show(tuple(new))}", fingerprint(spec, new),
                                       tuple(new), True))
    return decision


def decide_value_mapper(mapping: Mapping[str, str | None], items: Iterable[Item], owned: Mapping[int, str],
                        spec: FieldSpec) -> Decision:
    """``content_rating_mapper``: a mapped value replaced (null clears it)."""
    lowered = {k.lower(): v for k, v in mapping.items()}
    decision = Decision([])
    for item in items:
        old = current(spec, item)
        if old is None or str(old).lower() not in lowered:
            continue
        new = lowered[str(old).lower()]
        if new == old:
            continue
        if spec.plex_field in item.tags("locked_fields") and owned.get(item.rating_key) != fingerprint(spec, old):
            decision.locked_skipped += 1
            continue
        f = spec.plex_field
        decision.changes.append(Change(item.rating_key, ((f"{f}.value", new or ""), (f"{f}.locked", "1")),
                                       f"{spec.attr.replace('_', ' ')} {_show(old)} -> {_show(new)}",
                                       fingerprint(spec, new), new, True))
    return decision


_PARENS = re.compile(r" \(\w+\)$")  # Kometa's: one word in parentheses at the end ("Alien (1979)")
TITLE = FieldSpec("title", "title", "text")


def decide_title_parentheses(items: Iterable[Item], owned: Mapping[int, str]) -> Decision:
    """``remove_title_parentheses``: a trailing ``(...)`` group dropped from the title."""
    decision = Decision([])
    for item in items:
        old = item.title
        new = _PARENS.sub("", old)
        if new == old or not new:
            continue
        if "title" in item.tags("locked_fields") and owned.get(item.rating_key) != fingerprint(TITLE, old):
            decision.locked_skipped += 1
            continue
        decision.changes.append(Change(item.rating_key, (("title.value", new), ("title.locked", "1")),
                                       f"title {old} -> {new}", fingerprint(TITLE, new), new, True))
    return decision
