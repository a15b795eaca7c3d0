"""Check a ``settings:`` block (top level or a library's) against :data:`kometa.config.keys.SETTINGS`.

A blank value means Kometa's default. Old names (``collection_minimum``, ``save_missing``) are read
as Kometa reads them. An unknown key is a located warning with a suggestion; a bad value for a
setting this version honours is a located error (for one it does not use, a warning).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kometa.config.keys import SETTINGS, SETTINGS_RENAMED, Key, suggest
from kometa.config.problems import Problems

WAITER_SETTINGS = ("plex_events", "listen", "settle")
#: settings Kometa reads only in the top-level ``settings:`` (its library level does not take them)
GLOBAL_SETTINGS = ("cache", "cache_expiration", "run_again_delay", "tvdb_language", "playlist_sync_to_users",
                   "playlist_exclude_users", "playlist_report", "custom_repo", "heartbeat")
_TRUE = ("true", "yes", "t", "y")
_FALSE = ("false", "no", "f", "n")


def coerce(key: Key, value: Any) -> tuple[Any, str | None]:
    """(value as Kometa reads it, None) or (None, what is wrong)."""
    if key.parse is not None and not isinstance(value, Mapping | list | bool):
        try:
            return key.parse(value), None
        except ValueError as exc:
            return None, str(exc)
    if key.type == "bool":
        if isinstance(value, bool):
            return value, None
        if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
            return value.strip().lower() in _TRUE, None
        return None, f"must be true or false, got {value!r}"
    if key.type == "int":
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            return None, f"must be a whole number, got {value!r}"
        if key.minimum is not None and value < key.minimum:
            return None, f"must be at least {key.minimum}, got {value}"
        return value, None
    if key.type == "enum":
        text = str(value).strip().lower()
        if text not in key.choices:
            return None, f"must be one of {', '.join(key.choices)}, got {value!r}"
        return text, None
    if key.type == "list" and key.choices:
        items = value if isinstance(value, list) else str(value).split(",")
        words = [str(v).strip().lower() for v in items if str(v).strip()]
        bad = [w for w in words if w not in key.choices]
        if bad:
            return None, f"'{bad[0]}' is not one of {', '.join(key.choices)}"
        return words, None
    if key.type == "str" and isinstance(value, Mapping | list):
        return None, f"must be text, got {type(value).__name__}"
    return value, None


def _differs(key: Key, value: Any) -> bool:
    return bool(value != key.default)


def check_settings(node: Any, problems: Problems, where: str) -> dict[str, Any]:
    """The set (non-blank) settings of ``node``, checked; ``where`` names the block in messages."""
    found: dict[str, Any] = {}
    if node is None:
        return found
    if not isinstance(node, Mapping):
        return found  # the caller reports a settings block that is not a mapping
    unused: list[str] = []
    for raw_key, value in node.items():
        name = SETTINGS_RENAMED.get(str(raw_key), str(raw_key))
        key = SETTINGS.get(name)
        if key is None:
            problems.warn_at(f"unknown setting '{raw_key}' in {where} settings (ignored){suggest(str(raw_key), SETTINGS)}",
                             node, raw_key)
            continue
        if value is None:  # blank: Kometa's default
            continue
        if name in GLOBAL_SETTINGS and where != "top-level":
            problems.warn_at(f"{where} settings: {raw_key} is read only in the top-level settings: (as in Kometa); "
                             f"ignored here", node, raw_key)
            continue
        checked, wrong = coerce(key, value)
        if wrong is not None:
            message = f"{where} settings: {raw_key} {wrong}"
            if key.status == "used":
                problems.error_at(message, node, raw_key)
            else:
                problems.warn_at(f"{message} (Kometa would use its default)", node, raw_key)
            continue
        if name in WAITER_SETTINGS and where != "top-level":
            problems.warn_at(f"{where} settings: {raw_key} is read only in the top-level settings: (the waiter's "
                             f"event sources serve the whole config); ignored here", node, raw_key)
            continue
        if key.status == "inert":
            problems.warn_at(f"{where} settings: {raw_key} is ignored here: {key.doc}", node, raw_key)
            continue
        found[name] = checked
        if key.status == "unused" and _differs(key, checked):
            unused.append(str(raw_key))
    if unused:
        first = next(k for k in node if str(k) in unused)
        problems.warn_at(f"{where} settings {', '.join(unused)}: read but not used by this version", node, first)
    return found
