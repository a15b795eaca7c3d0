"""Conditions on item attributes: parsing one ``attr.modifier: value`` and testing it on an item.

A condition tree is ``Group("all"|"any", children)`` over :class:`Cond` leaves. The same tree is
evaluated locally against a snapshot item (:func:`matches`) and rendered to a Plex filter query
(:mod:`kometa.sources.plex_query`) when Plex must do the work (smart collections, attributes the
listing lacks).

Missing values (spec 4.4): number and date conditions fail; string and tag conditions fail with a
positive modifier and pass with ``.not``/``.isnot``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from kometa.sources.attributes import BOOLEAN, CHILDREN, DATE, FLOAT, HISTORY, NUMBER, STRING, TAG, Attr

NEGATIVE = frozenset({"not", "isnot"})
_UNITS = {"s": 1 / 86400, "m": 1 / 1440, "h": 1 / 24, "d": 1, "w": 7, "o": 30, "y": 365}


class ItemLike(Protocol):
    def get(self, attr: str) -> Any: ...


class ConditionError(ValueError):
    """A value or modifier that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class Cond:
    attr: Attr
    mod: str
    value: Any

    @property
    def key(self) -> str:
        return f"{self.attr.name}.{self.mod}" if self.mod else self.attr.name


@dataclass(frozen=True)
class Group:
    op: str  # all | any
    children: tuple[Node, ...]


Node = Cond | Group


@dataclass(frozen=True)
class ChildTest:
    """The value of an ``episodes``/``seasons``/``albums``/``tracks`` filter: its sub-filters and how
    many children must pass (``count``), else which share may fail (``percentage``)."""

    tree: Node
    percentage: float = 50
    count: int | None = None


def walk(node: Node) -> Iterable[Cond]:
    if isinstance(node, Cond):
        yield node
    else:
        for child in node.children:
            yield from walk(child)


# ---------------------------------------------------------------- value parsing


def parse_bool(value: Any, key: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ConditionError(f"{key} must be true or false, got {value!r}")


def parse_number(value: Any, key: str, *, integer: bool, now: datetime) -> float:
    if isinstance(value, bool):
        raise ConditionError(f"{key} must be a number, got {value!r}")
    if isinstance(value, int | float):
        return value
    text = str(value).strip().lower()
    match = re.fullmatch(r"current_year(?:\s*-\s*(\d+))?", text)
    if match:
        return now.year - int(match.group(1) or 0)
    try:
        return int(text) if integer else float(text)
    except ValueError:
        raise ConditionError(f"{key} must be a {'whole ' if integer else ''}number, got {value!r}") from None


def parse_days(value: Any, key: str) -> float:
    """``30`` / ``30d`` / ``2w`` / ``6o`` (months) / ``1y`` -> days."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value <= 0:
            raise ConditionError(f"{key} must be a positive number of days, got {value!r}")
        return float(value)
    match = re.fullmatch(r"(\d+)\s*([smhdwoy]?)", str(value).strip().lower())
    if not match or int(match.group(1)) <= 0:
        raise ConditionError(f"{key} must be a positive number with an optional unit s/m/h/d/w/o/y "
                             f"(e.g. 30 or 6o), got {value!r}")
    return int(match.group(1)) * _UNITS[match.group(2) or "d"]


def parse_date(value: Any, key: str, now: datetime) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().lower()
    if text == "today":
        return now.date()
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ConditionError(f"{key} must be a date like 12/31/2020 (MM/DD/YYYY) or today, got {value!r}")


def parse_regex(value: Any, key: str) -> re.Pattern[str]:
    try:
        return re.compile(str(value))
    except re.error as exc:
        raise ConditionError(f"{key}: invalid regular expression {value!r} ({exc})") from None


def parse_value(attr: Attr, mod: str, value: Any, key: str, now: datetime) -> Any:
    """One raw value of ``attr.mod`` -> the form :func:`matches` and the query renderer use."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ConditionError(f"{key} has no value")
    if mod == "regex":
        return parse_regex(value, key)
    if attr.kind == HISTORY:  # day, month, or 1-30 (days back from today)
        text = str(value).strip().lower()
        if text in ("day", "month"):
            return text
        if text.isdigit() and 1 <= int(text) <= 30:
            return int(text)
        raise ConditionError(f"{key} must be day, month or a number of days from 1 to 30, got {value!r}")
    if mod.startswith("count_"):
        return parse_number(value, key, integer=True, now=now)
    if attr.kind == BOOLEAN or mod == "rated":
        return parse_bool(value, key)
    if attr.kind in (NUMBER, FLOAT):
        return parse_number(value, key, integer=attr.kind == NUMBER, now=now)
    if attr.kind == DATE:
        if mod in ("before", "after"):
            return parse_date(value, key, now)
        return parse_days(value, key)
    if isinstance(value, dict | list):
        raise ConditionError(f"{key} must be a single value, got a {type(value).__name__}")
    return str(value)


# ---------------------------------------------------------------- evaluation


def _values(item: ItemLike, attr: Attr) -> tuple[Any, ...]:
    value = item.get(attr.name)
    if value is None or value == "":
        return ()
    if isinstance(value, tuple):
        return value
    return (value,)


def _as_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _norm_resolution(text: str) -> str:
    text = text.strip().lower()
    return text[:-1] if text.endswith("p") and text[:-1].isdigit() else text


def _eq_tag(attr: Attr, a: Any, b: Any) -> bool:
    if attr.name == "resolution":
        return _norm_resolution(str(a)) == _norm_resolution(str(b))
    return str(a).lower() == str(b).lower()


def fold(text: str) -> str:
    """Case- and accent-insensitive form, as Plex compares titles ("Coup de Grace" = "Coup de Grâce")."""
    if text.isascii():
        return text.casefold()
    norm = unicodedata.normalize("NFKD", text)
    return "".join(c for c in norm if not unicodedata.combining(c)).casefold()


def _string_test(mod: str, have: str, want: str) -> bool:
    have, want = fold(have), fold(want)
    if mod in ("", "not"):
        return want in have
    if mod in ("is", "isnot"):
        return have == want
    if mod == "begins":
        return have.startswith(want)
    if mod == "ends":
        return have.endswith(want)
    raise ConditionError(f"unknown string modifier .{mod}")


def _compare(mod: str, have: float, want: float) -> bool:
    return {"": have == want, "not": have != want, "gt": have > want, "gte": have >= want,
            "lt": have < want, "lte": have <= want}[mod]


def test_cond(item: ItemLike, cond: Cond, now: datetime) -> bool:
    """Does ``item`` pass ``cond``?"""
    attr, mod, want = cond.attr, cond.mod, cond.value
    if attr.kind == HISTORY:
        return _history(item.get("release"), want, now)
    if attr.kind == CHILDREN:  # as Kometa: with count, that many pass; else at most (100-percentage)% fail
        kids = item.get(attr.name) or ()
        test: ChildTest = want
        passed = sum(1 for kid in kids if matches(kid, test.tree, now))
        if test.count is not None:
            return passed >= test.count
        return len(kids) - passed <= len(kids) * (100 - test.percentage) / 100
    values = _values(item, attr)
    if mod.startswith("count_"):
        return _compare(mod[len("count_"):], len(values), want)
    if mod == "regex":
        if attr.kind == DATE:
            return any(want.search(_as_datetime(v).strftime("%m/%d/%Y")) for v in values)
        return any(want.search(str(v)) for v in values)
    if attr.kind == BOOLEAN:
        flag = bool(values[0]) if values else False
        return flag is bool(want)
    if mod == "rated":  # before the missing-value rule: .rated: false is for items without a value
        return bool(values) is bool(want)
    if not values:
        return mod in NEGATIVE and attr.kind in (STRING, TAG)
    if attr.kind == TAG:
        hit = any(_eq_tag(attr, v, want) for v in values)
        return not hit if mod == "not" else hit
    if attr.kind == STRING:
        hit = any(_string_test(mod, str(v), want) for v in values)
        return not hit if mod in NEGATIVE else hit
    if attr.kind in (NUMBER, FLOAT):
        numbers = [float(v) for v in values]
        if mod == "not":
            return all(n != want for n in numbers)
        return any(_compare(mod, n, want) for n in numbers)
    if attr.kind == DATE:
        moment = _as_datetime(values[0])
        if mod in ("before", "after"):
            day = moment.date()
            return bool(day < want if mod == "before" else day > want)
        within = moment >= now - timedelta(days=want)
        return not within if mod == "not" else within
    raise ConditionError(f"cannot test {cond.key}")


def _history(released: Any, want: Any, now: datetime) -> bool:
    """``history``: released on this day (``day``), in this month (``month``), or on one of the
    last N days (today included) of any year."""
    if not isinstance(released, date):
        return False
    if want == "day":
        return (released.month, released.day) == (now.month, now.day)
    if want == "month":
        return released.month == now.month
    days = {((now - timedelta(days=i)).month, (now - timedelta(days=i)).day) for i in range(int(want))}
    return (released.month, released.day) in days


def matches(item: ItemLike, node: Node, now: datetime) -> bool:
    if isinstance(node, Cond):
        return test_cond(item, node, now)
    if node.op == "all":
        return all(matches(item, child, now) for child in node.children)
    return any(matches(item, child, now) for child in node.children)


# ---------------------------------------------------------------- compiled evaluation

Predicate = Callable[[ItemLike], bool]


def _compile_cond(cond: Cond, now: datetime) -> Predicate:
    """A fast predicate equal to ``test_cond(item, cond, now)`` for the common cases."""
    attr, mod, want = cond.attr, cond.mod, cond.value
    name = attr.name
    if attr.kind == TAG and mod in ("", "not") and name != "resolution":
        low = str(want).lower()
        negate = mod == "not"

        def tag(item: ItemLike) -> bool:
            value = item.get(name)
            if not value:
                return negate
            if isinstance(value, tuple):
                hit = any(v == want or v.lower() == low for v in value)
            else:
                hit = str(value).lower() == low
            return hit != negate
        return tag
    if attr.kind in (NUMBER, FLOAT) and mod in ("gt", "gte", "lt", "lte", ""):
        op = {"gt": float.__gt__, "gte": float.__ge__, "lt": float.__lt__, "lte": float.__le__,
              "": float.__eq__}[mod]
        target = float(want)

        def number(item: ItemLike) -> bool:
            value = item.get(name)
            if value is None or isinstance(value, tuple):
                return test_cond(item, cond, now)
            return bool(op(float(value), target))
        return number
    if attr.kind == BOOLEAN and mod == "":
        return lambda item: bool(item.get(name)) == want
    return lambda item: test_cond(item, cond, now)


def compile_node(node: Node, now: datetime) -> Predicate:
    """Compile a condition tree once into a predicate (what :func:`matches` computes, faster)."""
    if isinstance(node, Cond):
        return _compile_cond(node, now)
    parts = [compile_node(child, now) for child in node.children]
    if len(parts) == 1:
        return parts[0]
    if node.op == "all":
        def every(item: ItemLike) -> bool:
            for part in parts:  # noqa: SIM110 - a plain loop is measurably faster here
                if not part(item):
                    return False
            return True
        return every

    def some(item: ItemLike) -> bool:
        for part in parts:  # noqa: SIM110
            if part(item):
                return True
        return False
    return some
