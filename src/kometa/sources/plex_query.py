"""Render a condition tree as a Plex filter query (spec plex-api 4.3) and smart-collection URIs.

``push=1``/``pop=1`` open and close groups, ``and=1``/``or=1`` join the conditions of a group;
the top level is AND. Tag values travel by name (Plex resolves names case-insensitively), so the
rendered text does not depend on tag ids and is byte-for-byte stable between runs — which is
what lets a second run see that a smart collection's stored filter is already right.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

from kometa.sources.attributes import BOOLEAN, DATE, FLOAT, NUMBER, STRING, TAG
from kometa.sources.conditions import Cond, ConditionError, Group, Node
from kometa.sources.sorting import SortKey

_STRING_OPS = {"": "", "not": "!", "is": "=", "isnot": "!=", "begins": "<", "ends": ">"}
_NUMBER_OPS = {"": "", "not": "!", "gt": ">>", "gte": ">", "lt": "<<", "lte": "<"}


def _epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def cond_pair(cond: Cond, fields: Mapping[str, str] | None = None) -> tuple[str, str]:
    """``(field+operator, value)`` of one condition; ``fields`` renames Plex fields (a season or
    episode search names the show's fields ``show.genre``, ...)."""
    attr, mod, value = cond.attr, cond.mod, cond.value
    if attr.plex is None:
        raise ConditionError(f"{cond.key} cannot be searched in Plex")
    field = fields.get(attr.plex, attr.plex) if fields else attr.plex
    if attr.kind == TAG:
        if mod not in ("", "not"):
            raise ConditionError(f"{cond.key} cannot be sent to Plex")
        return field + ("!" if mod == "not" else ""), str(value)
    if attr.kind == STRING:
        return field + _STRING_OPS[mod], str(value)
    if attr.kind in (NUMBER, FLOAT):
        number = value * 60000 if attr.name == "duration" else value
        return field + _NUMBER_OPS[mod], _number(number)
    if attr.kind == BOOLEAN:
        return field, "1" if value else "0"
    if attr.kind == DATE:
        if mod == "before":
            return field + "<<", str(_epoch(value))
        if mod == "after":
            return field + ">>", str(_epoch(value + timedelta(days=1)) - 1)
        days = float(value)
        span = f"-{int(days)}d" if days.is_integer() else f"-{int(days * 86400)}s"
        return field + ("<<" if mod == "not" else ">>"), span
    raise ConditionError(f"{cond.key} cannot be sent to Plex")


def _render(node: Node, out: list[tuple[str, str]], top: bool, fields: Mapping[str, str] | None = None) -> None:
    if isinstance(node, Cond):
        out.append(cond_pair(node, fields))
        return
    if not node.children:  # an empty OR: nothing matches
        out.append(("title", "\u0000no-match\u0000"))
        return
    if len(node.children) == 1:
        _render(node.children[0], out, top, fields)
        return
    wrap = not (top and node.op == "all")
    if wrap:
        out.append(("push", "1"))
    for index, child in enumerate(node.children):
        if index and wrap:
            out.append((node.op.replace("all", "and").replace("any", "or"), "1"))
        _render(child, out, False, fields)
    if wrap:
        out.append(("pop", "1"))


def filter_pairs(tree: Group, fields: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    _render(tree, out, True, fields)
    return out


def encode(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


def search_query(type_number: int, tree: Group, sort: tuple[SortKey, ...], limit: int | None,
                 fields: Mapping[str, str] | None = None) -> str:
    """The query string of ``/library/sections/SID/all?...`` for this search."""
    pairs: list[tuple[str, str]] = [("type", str(type_number))]
    if sort:
        pairs.append(("sort", ",".join(s.plex for s in sort)))
    if limit:
        pairs.append(("limit", str(limit)))
    return encode(pairs + filter_pairs(tree, fields))


def smart_uri(machine_id: str, section_id: int, query: str) -> str:
    return f"server://{machine_id}/com.plexapp.plugins.library/library/sections/{section_id}/all?{query}"
