"""An index of a library snapshot, so a search looks only at the items that can match.

Scanning every item for every condition costs definitions x items predicate calls (5,000
collections on 10,000 movies: 50 million). :class:`SnapshotIndex` maps each value of a tag
attribute (genre, studio, content rating, ...) and of a whole-number attribute (year, decade) to
the items that carry it, built once per attribute per run. :meth:`candidates` turns a condition
tree into a *superset* of its matches (an ``all`` group intersects its indexed children, an ``any``
group unions them when every child is indexed); the compiled predicate still decides each
candidate, so the result is exactly the scan's, in the snapshot's order.
"""

from __future__ import annotations

from collections.abc import Mapping

from kometa.plex.snapshot import Item
from kometa.sources.attributes import NUMBER, TAG
from kometa.sources.conditions import Cond, Group, Node


class SnapshotIndex:
    def __init__(self, items: Mapping[int, Item]) -> None:
        self.items = items
        self._position: dict[int, int] | None = None
        self._by_value: dict[str, dict[str, set[int]] | None] = {}

    def position(self) -> dict[int, int]:
        if self._position is None:
            self._position = {rk: index for index, rk in enumerate(self.items)}
        return self._position

    def _values(self, name: str, kind: str) -> dict[str, set[int]] | None:
        """value -> rating keys for one attribute; None when a number attribute holds a value that
        is not a whole number (then equality is left to the predicate)."""
        if name not in self._by_value:
            index: dict[str, set[int]] | None = {}
            for rk, item in self.items.items():
                value = item.values.get(name)
                if value is None or value == "":
                    continue
                for each in value if isinstance(value, tuple) else (value,):
                    if kind == TAG:
                        key = str(each).lower()
                    elif isinstance(each, int) and not isinstance(each, bool):
                        key = str(each)
                    else:
                        index = None
                        break
                    index.setdefault(key, set()).add(rk)
                if index is None:
                    break
            self._by_value[name] = index
        return self._by_value[name]

    def candidates(self, node: Node) -> set[int] | None:
        """Rating keys that may match ``node`` (None: any item may)."""
        if isinstance(node, Cond):
            return self._cond(node)
        found = [self.candidates(child) for child in node.children]
        if isinstance(node, Group) and node.op == "all":
            known = [c for c in found if c is not None]
            if not known:
                return None
            known.sort(key=len)
            result = set(known[0])
            for other in known[1:]:
                result &= other
            return result
        if any(c is None for c in found):
            return None
        return set().union(*found) if found else set()

    def _cond(self, cond: Cond) -> set[int] | None:
        attr = cond.attr
        if cond.mod != "" or attr.name == "resolution":
            return None
        if attr.kind == TAG:
            by_value = self._values(attr.name, TAG)
            return None if by_value is None else by_value.get(str(cond.value).lower(), set())
        if attr.kind == NUMBER and isinstance(cond.value, int) and not isinstance(cond.value, bool):
            by_value = self._values(attr.name, NUMBER)
            return None if by_value is None else by_value.get(str(cond.value), set())
        return None

    def ordered(self, keys: set[int]) -> list[Item]:
        """The items of ``keys`` in the snapshot's order."""
        position = self.position()
        return [self.items[rk] for rk in sorted(keys, key=position.__getitem__)]

