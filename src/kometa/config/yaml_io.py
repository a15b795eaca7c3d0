"""YAML loading that keeps line numbers, so every config error can say ``file:line``.

Documents are loaded with ruamel.yaml's round-trip loader: mappings are ``CommentedMap`` and
sequences ``CommentedSeq``, which remember where each key and item stood. :func:`line_of` reads
that back (1-based). Documents also remember their file in a ``_kometa_file`` attribute set on
every container, so code far from the loader can still name the file.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from kometa.config import yaml_fast
from kometa.core.errors import ConfigError

FILE_ATTR = "_kometa_file"


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def _tag_file(node: Any, file: str) -> None:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CommentedMap):
            setattr(item, FILE_ATTR, file)
            stack.extend(item.values())
        elif isinstance(item, CommentedSeq):
            setattr(item, FILE_ATTR, file)
            stack.extend(item)


def _tab_at(text: str, line: int, column: int) -> bool:
    lines = text.splitlines()
    return line < len(lines) and column < len(lines[line]) and lines[line][column] == "\t"


def _valid_date(text: str) -> bool:
    try:
        datetime.date(*map(int, text.split("-")))
    except ValueError:
        return False
    return True


def _load(text: str) -> Any:
    """libyaml through :mod:`kometa.config.yaml_fast` when present (~15x faster), else ruamel."""
    if yaml_fast.AVAILABLE:
        return yaml_fast.load_fast(text)
    return _yaml().load(text)


def parse_yaml(text: str, file: str) -> Any:
    """Parse YAML text; a syntax error becomes a ConfigError at the problem's line."""
    try:
        data = _load(text)
    except yaml_fast.DuplicateKey as exc:
        raise ConfigError(f"YAML syntax error: {exc}", file=file, line=exc.line) from None
    except (MarkedYAMLError, *yaml_fast.MarkedError) as exc:  # type: ignore[misc]
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        hint = ""
        if "found character '\\t'" in str(exc) or (mark is not None and _tab_at(text, mark.line, mark.column)):
            hint = " (YAML does not allow tabs for indentation; use spaces)"
        elif "duplicate key" in str(exc):
            problem = str(exc.problem)
        raise ConfigError(f"YAML syntax error: {problem}{hint}", file=file, line=line) from None
    except YAMLError as exc:
        raise ConfigError(f"YAML error: {exc}", file=file) from None
    except RecursionError:
        raise ConfigError("YAML error: nesting too deep", file=file) from None
    except ValueError as exc:  # a scalar YAML reads as a date but is not one: 2020-13-01
        bad = next(((n, m.group(0)) for n, text_line in enumerate(text.splitlines(), 1)
                    for m in re.finditer(r"(?<![\w.-])\d{4}-\d{1,2}-\d{1,2}(?![\w.-])", text_line)
                    if not _valid_date(m.group(0))), (None, ""))
        raise ConfigError(f"'{bad[1]}' is not a date ({exc}); quote it, or write a real date like 2020-12-31"
                          if bad[1] else f"YAML error: {exc}", file=file, line=bad[0]) from None
    _tag_file(data, file)
    return data


def load_yaml(path: Path) -> Any:
    """Read and parse a YAML file; missing or unreadable files are ConfigErrors."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise ConfigError("is a folder, not a YAML file", file=str(path)) from None
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8 text", file=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot be read: {exc.strerror}", file=str(path)) from None
    return parse_yaml(text, str(path))


def file_of(node: Any) -> str | None:
    return getattr(node, FILE_ATTR, None)


def line_of(node: Any, key: Any = None) -> int | None:
    """1-based line of ``node`` itself, or of ``key`` (a mapping key or sequence index) in it."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is None:
            return int(lc.line) + 1
        if isinstance(node, CommentedMap):
            return int(lc.key(key)[0]) + 1
        if isinstance(node, CommentedSeq):
            return int(lc.item(key)[0]) + 1
    except (KeyError, IndexError, TypeError):
        return None
    return None


def error_at(message: str, node: Any, key: Any = None) -> ConfigError:
    """A ConfigError located at ``node`` (or its ``key``)."""
    return ConfigError(message, file=file_of(node), line=line_of(node, key))
