"""An index of a library snapshot, so a search looks only at the items that can match.

Scanning every item for every condition costs definitions x items predicate calls (5,000
collections on 10,000 movies: 50 million). :class:`SnapshotIndex` maps each value of a tag
attribute (genre, studio, content rating, ...) and of a whole-number attribute (year, decade) to
the items that carry it, built once per attribute per run, and each number attribute to its
items sorted by value (a range condition such as ``year.gte`` is a bisection).
:meth:`candidates` turns a condition tree into a *superset* of its matches (an ``all`` group
intersects its indexed children, an ``any`` group unions them when every child is indexed); the
compiled predicate still decides each candidate, so the result is exactly the scan's, in the
snapshot's order. :meth:`select` also says when that superset is *exact* (every condition of the
tree answered by the index alone), so the predicate need not run at all, and :meth:`rank` gives
each item its place in a sort order once per run, so a result is ordered by comparing integers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from kometa.plex.snapshot import Item
from kometa.sources.attributes import FLOAT, NUMBER, STRING, TAG
from kometa.sources.conditions import Cond, Group, Node, _string_test
from kometa.sources.sorting import SortKey, sort_items

_RANGES = ("gt", "gte", "lt", "lte")
_STRING_MODS = ("", "is", "begins", "ends")  # positive text tests: an item matches if one value does


class SnapshotIndex:
    def __init__(self, items: Mapping[int, Item]) -> None:
        self.items = items
        self._position: dict[int, int] | None = None
        self._by_value: dict[str, dict[str, set[int]] | None] = {}
        self._conds: dict[tuple[Any, ...], tuple[set[int] | None, bool]] = {}
        self._by_text: dict[str, dict[str, set[int]] | None] = {}
        self._sorted: dict[str, tuple[list[float], list[int]] | None] = {}
        self._ranks: dict[tuple[SortKey, ...], dict[int, int]] = {}

    def position(self) -> dict[int, int]:
        if self._position is None:
            self._position = {rk: index for index, rk in enumerate(self.items)}
        return self._position

    def _each_value(self, name: str) -> Iterator[tuple[int, Any]]:
        """(rating key, value) for every value of one attribute (a tag list gives one per tag)."""
        for rk, item in self.items.items():
            value = item.values.get(name)
            if value is None or value == "":
                continue
            for each in value if isinstance(value, tuple) else (value,):
                yield rk, each

    def _values(self, name: str, kind: str) -> dict[str, set[int]] | None:
        """value -> rating keys for one attribute; None when a number attribute holds a value that
        is not a whole number (then equality is left to the predicate)."""
        if name not in self._by_value:
            index: dict[str, set[int]] | None = {}
            for rk, each in self._each_value(name):
                if kind == TAG:
                    key = str(each).lower()
                elif isinstance(each, int) and not isinstance(each, bool):
                    key = str(each)
                else:
                    index = None
                    break
                index.setdefault(key, set()).add(rk)
            self._by_value[name] = index
        return self._by_value[name]

    def _texts(self, name: str) -> dict[str, set[int]] | None:
        """distinct text -> rating keys of one string attribute (studio, ...), so a text test runs
        once per distinct value; None when nearly every item has its own value (titles)."""
        if name not in self._by_text:
            index: dict[str, set[int]] | None = {}
            for rk, each in self._each_value(name):
                index.setdefault(str(each), set()).add(rk)
            if len(index) > max(16, len(self.items) // 4):
                index = None
            self._by_text[name] = index
        return self._by_text[name]

    def _ordered_values(self, name: str) -> tuple[list[float], list[int]] | None:
        """(values ascending, rating keys in the same order) of one number attribute; None when an
        item holds several values or a value that is not a number (then the predicate decides)."""
        if name not in self._sorted:
            pairs: list[tuple[float, int]] = []
            found: tuple[list[float], list[int]] | None = None
            for rk, item in self.items.items():
                value = item.values.get(name)
                if value is None:
                    continue
                if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                    break  # several values, text, or NaN: leave it to the predicate
                pairs.append((float(value), rk))
            else:
                pairs.sort()
                found = ([v for v, _ in pairs], [rk for _, rk in pairs])
            self._sorted[name] = found
        return self._sorted[name]

    def candidates(self, node: Node) -> set[int] | None:
        """Rating keys that may match ``node`` (None: any item may)."""
        return self.select(node)[0]

    def select(self, node: Node) -> tuple[set[int] | None, Node | None]:
        """Split ``node`` into (keys, residual): an item matches ``node`` exactly when it is in
        ``keys`` (None: any item) and passes ``residual`` (None: nothing left to test). The keys
        may be shared with the index: read them, never change them."""
        if isinstance(node, Cond):
            keys, exact = self._cond(node)
            return keys, None if exact else node
        found = [self.select(child) for child in node.children]
        if isinstance(node, Group) and node.op == "all":
            known = sorted((keys for keys, _ in found if keys is not None), key=len)
            rest = tuple(residual for _, residual in found if residual is not None)
            residual = None if not rest else rest[0] if len(rest) == 1 else Group("all", rest)
            if not known:
                return None, residual
            result = known[0]
            for other in known[1:]:
                result = result & other
            return result, residual
        if any(keys is None for keys, _ in found):
            return None, node
        union = set().union(*(keys for keys, _ in found if keys is not None))
        return union, None if all(residual is None for _, residual in found) else node

    def _cond(self, cond: Cond) -> tuple[set[int] | None, bool]:
        """(keys, exact) of one condition, remembered per run: definitions repeat conditions."""
        try:
            found = self._conds.get((cond.attr.name, cond.attr.kind, cond.mod, cond.value))
            key: tuple[Any, ...] | None = (cond.attr.name, cond.attr.kind, cond.mod, cond.value)
        except TypeError:  # an unhashable value (a compiled regex is hashable; lists are not)
            found, key = None, None
        if found is None:
            found = self._cond_keys(cond)
            if key is not None:
                self._conds[key] = found
        return found

    def _cond_keys(self, cond: Cond) -> tuple[set[int] | None, bool]:
        attr, mod, want = cond.attr, cond.mod, cond.value
        if attr.name == "resolution":
            return None, False
        if mod == "" and attr.kind == TAG:
            by_value = self._values(attr.name, TAG)
            return (None, False) if by_value is None else (by_value.get(str(want).lower(), set()), True)
        if mod == "" and attr.kind == NUMBER and isinstance(want, int) and not isinstance(want, bool):
            by_value = self._values(attr.name, NUMBER)
            return (None, False) if by_value is None else (by_value.get(str(want), set()), True)
        if mod in _STRING_MODS and attr.kind == STRING and isinstance(want, str):
            by_text = self._texts(attr.name)
            if by_text is None:
                return None, False
            hits: set[int] = set()
            for text, keys in by_text.items():
                if _string_test(mod, text, want):
                    hits |= keys
            return hits, True
        if mod in _RANGES and attr.kind in (NUMBER, FLOAT) and isinstance(want, int | float) \
                and not isinstance(want, bool):
            ordered = self._ordered_values(attr.name)
            if ordered is None:
                return None, False
            values, keys = ordered
            target = float(want)
            if mod in ("gt", "gte"):
                start = bisect_right(values, target) if mod == "gt" else bisect_left(values, target)
                return set(keys[start:]), True
            end = bisect_left(values, target) if mod == "lt" else bisect_right(values, target)
            return set(keys[:end]), True
        return None, False

    def sort_keys(self, keys: Sequence[int], order: Sequence[SortKey], seed: str = "") -> list[int]:
        """``keys`` sorted as :func:`sort_items` sorts their items."""
        rank = self.rank(order)
        if rank is not None:
            return sorted(keys, key=rank.__getitem__)
        return [item.rating_key for item in sort_items([self.items[k] for k in keys], order, seed)]

    def rank(self, keys: Sequence[SortKey]) -> dict[int, int] | None:
        """Each item's place in the order :func:`sort_items` gives with ``keys`` (a total order:
        ties end by rating key, so any subset sorted by rank is that subset sorted); None for a
        random order, which depends on the collection."""
        spec = tuple(keys)
        if any(key.name == "random" for key in spec):
            return None
        if spec not in self._ranks:
            self._ranks[spec] = {item.rating_key: place
                                 for place, item in enumerate(sort_items(list(self.items.values()), spec))}
        return self._ranks[spec]

    def ordered(self, keys: set[int]) -> list[Item]:
        """The items of ``keys`` in the snapshot's order."""
        position = self.position()
        return [self.items[rk] for rk in sorted(keys, key=position.__getitem__)]

