"""Old Plex Meta Manager forms that Kometa 2.4 still reads, turned into what they mean now.

* ``metadata_path`` (a library key) is both ``collection_files`` and ``metadata_files`` (each only
  when the new key is absent); ``overlay_path`` is ``overlay_files``.
* An ``overlay_files`` entry that holds only ``remove_overlays``/``reapply_overlays``/
  ``reset_overlays`` (``- remove_overlays: false``) is the library flag of that name.
* Under ``plex:``, ``asset_directory``, ``sync_mode``, ``show_*`` and ``save_missing`` are settings.
* ``pmm:`` in a file entry is ``default:``; top-level ``cache:`` holds settings ``cache``/``cache_expiration``.

Each is accepted with a located warning naming the current form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kometa.config.keys import OVERLAY_FLAGS, PLEX_TO_SETTINGS
from kometa.config.problems import Problems

_FILE_KEYS = {"collection_files": "metadata_path", "metadata_files": "metadata_path", "overlay_files": "overlay_path"}


def library_files(node: Mapping[Any, Any], problems: Problems) -> dict[str, str | None]:
    """For each of collection/metadata/overlay_files, the library key to read it from (None: absent)."""
    chosen: dict[str, str | None] = {}
    for new, old in _FILE_KEYS.items():
        if node.get(new) is not None or new in node:
            chosen[new] = new
        elif old in node:
            chosen[new] = old
        else:
            chosen[new] = None
    if "metadata_path" in node:
        problems.warn_at("metadata_path is the old form of collection_files and metadata_files; it is read as "
                         "both (rename it to collection_files, or split it)", node, "metadata_path")
    if "overlay_path" in node:
        problems.warn_at("overlay_path is the old form of overlay_files; it is read as overlay_files",
                         node, "overlay_path")
    return chosen


def overlay_entry_flags(entry: Any) -> dict[str, Any] | None:
    """``{remove_overlays: False}`` for an old-style flag entry of overlay_files, else None."""
    if not isinstance(entry, Mapping) or not entry or any(str(k) not in OVERLAY_FLAGS for k in entry):
        return None
    return {OVERLAY_FLAGS[str(k)]: v for k, v in entry.items()}


def plex_settings(plex: Any, problems: Problems) -> dict[str, Any]:
    """Settings written under ``plex:`` (old PMM form), keyed by their settings name."""
    if not isinstance(plex, Mapping):
        return {}
    moved: dict[str, Any] = {}
    for key in PLEX_TO_SETTINGS:
        if key in plex:
            name = "save_report" if key == "save_missing" else key
            problems.warn_at(f"plex: {key} is the old form of settings: {name}; it is read as that setting",
                             plex, key)
            if plex[key] is not None:
                moved[name] = plex[key]
    return moved


def cache_settings(raw: Mapping[Any, Any], problems: Problems) -> dict[str, Any]:
    """Top-level ``cache:`` (old form) -> settings cache/cache_expiration."""
    block = raw.get("cache")
    if "cache" not in raw:
        return {}
    problems.warn_at("cache: is the old form of settings: cache / cache_expiration; it is read as those settings",
                     raw, "cache")
    if not isinstance(block, Mapping):
        return {}
    return {k: v for k, v in block.items() if k in ("cache", "cache_expiration") and v is not None}
