"""A fast YAML loader with line numbers: libyaml parses, we build ruamel's round-trip containers.

ruamel.yaml's round-trip loader (pure Python) spends ~20 µs per character; a 576 KB collection
file took 13 s to load. libyaml (through PyYAML's ``CSafeLoader``) composes the node tree ~15x
faster, and each node carries its line. :func:`load_fast` turns that tree into the same
``CommentedMap``/``CommentedSeq`` objects, with the same line/column data (``lc``), that ruamel
would return, so the rest of the code (``line_of``, ``file:line`` in every error) cannot tell them
apart. Plain scalars are resolved with YAML 1.2 rules as ruamel does (``yes``, ``on``, ``NO`` and
``05:00`` stay text; PyYAML's YAML 1.1 would turn them into booleans and numbers). Duplicate keys
are an error, as with ruamel; merge keys (``<<: *anchor``) are honoured.

A test compares both loaders on a corpus of documents, values, types and lines.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

try:  # PyYAML built with libyaml
    import yaml
    from yaml import CSafeLoader as _Loader

    class _FastLoader(_Loader):  # type: ignore[misc]
        """libyaml with PyYAML's (YAML 1.1, pure Python) implicit resolver switched off: plain
        scalars come back tagged ``_IMPLICIT`` and are resolved here with YAML 1.2 rules."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is yaml.ScalarNode:
                return _IMPLICIT
            return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"

    AVAILABLE = True
except ImportError:  # pragma: no cover - depends on the platform's wheel
    AVAILABLE = False

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
_FLOAT = re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
                    r"|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$")
_STAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}")
_MERGE = "tag:yaml.org,2002:merge"
_IMPLICIT = "?implicit"


class DuplicateKey(ValueError):
    """A mapping repeats a key; ``line`` is 1-based."""

    def __init__(self, key: Any, line: int) -> None:
        super().__init__(f'found duplicate key "{key}"')
        self.line = line


def _int(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-").replace("_", "")
    for prefix, base in (("0b", 2), ("0o", 8), ("0x", 16)):
        if body.startswith(prefix):
            return sign * int(body[2:], base)
    return sign * int(body)


def _float(text: str) -> float:
    low = text.lower().replace("_", "")
    if low.endswith(".inf"):
        return -math.inf if low.startswith("-") else math.inf
    if low == ".nan":
        return math.nan
    return float(low)


def _ruamel_scalar(text: str) -> Any:
    """A rare scalar (a full timestamp, an explicit tag): let ruamel read it as it would."""
    from ruamel.yaml import YAML

    return YAML(typ="rt").load(f"v: {text}\n")["v"]


_WORDS = {"null": None, "Null": None, "NULL": None, "true": True, "True": True, "TRUE": True,
          "false": False, "False": False, "FALSE": False}


def _plain(text: str) -> Any:
    if text[:1].isalpha():  # only null and booleans begin with a letter (numbers, dates: digit, sign, '.')
        return _WORDS.get(text, text)
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    if _INT.match(text) and any(ch.isdigit() for ch in text):
        return _int(text)
    if _FLOAT.match(text) and (any(ch.isdigit() for ch in text) or "inf" in text.lower() or "nan" in text.lower()):
        return _float(text)
    if _DATE.match(text):
        year, month, day = (int(part) for part in text.split("-"))
        return datetime.date(year, month, day)  # ValueError for 2020-13-01, as ruamel raises
    if _STAMP.match(text):
        return _ruamel_scalar(text)
    return text


class _Builder:
    def __init__(self) -> None:
        self.built: dict[int, Any] = {}

    def build(self, node: Any) -> Any:
        key = id(node)
        if key in self.built:
            return self.built[key]
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        mark = node.start_mark
        if isinstance(node, yaml.SequenceNode):
            seq = CommentedSeq()
            self.built[key] = seq
            lc = seq.lc
            lc.line, lc.col, lc.data = mark.line, mark.column, {}
            data = lc.data
            for index, child in enumerate(node.value):
                seq.append(self.scalar(child) if isinstance(child, yaml.ScalarNode) else self.build(child))
                data[index] = [child.start_mark.line, child.start_mark.column]
            return seq
        mapping = CommentedMap()
        self.built[key] = mapping
        lc = mapping.lc
        lc.line, lc.col, lc.data = mark.line, mark.column, {}
        data = lc.data
        merged: list[Any] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE or (key_node.value == "<<" and key_node.tag == _IMPLICIT and not key_node.style):
                merged.append(value_node)
                continue
            name = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else self.build(key_node)
            if isinstance(name, list):
                name = tuple(name)
            if name in data:
                raise DuplicateKey(name, key_node.start_mark.line + 1)
            mapping[name] = self.scalar(value_node) if isinstance(value_node, yaml.ScalarNode) \
                else self.build(value_node)
            key_mark, value_mark = key_node.start_mark, value_node.start_mark
            data[name] = [key_mark.line, key_mark.column, value_mark.line, value_mark.column]
        for source in merged:
            for donor in (source.value if isinstance(source, yaml.SequenceNode) else [source]):
                other = self.build(donor)
                if not isinstance(other, CommentedMap):
                    continue
                for name, value in other.items():
                    if name not in mapping:
                        mapping[name] = value
                        line = other.lc.data.get(name) if other.lc.data else None
                        if line is not None:
                            data[name] = list(line)
        return mapping

    def scalar(self, node: Any) -> Any:
        if node.tag == _IMPLICIT:
            return node.value if node.style else _plain(node.value)
        if node.tag in ("tag:yaml.org,2002:str", "!"):
            return node.value
        return _ruamel_scalar(f"{node.tag} {node.value}" if not node.tag.startswith("tag:yaml.org,2002:")
                              else f"!!{node.tag.rsplit(':', 1)[1]} {node.value}")


#: what a libyaml syntax error is (its ``problem``/``problem_mark`` match ruamel's)
MarkedError: tuple[type[Exception], ...] = (yaml.MarkedYAMLError,) if AVAILABLE else ()


def load_fast(text: str) -> Any:
    """Parse one YAML document into ruamel round-trip containers (raises yaml.YAMLError, DuplicateKey,
    ValueError for an impossible date)."""
    node = yaml.compose(text, Loader=_FastLoader)
    if node is None:
        return None
    return _Builder().build(node)
