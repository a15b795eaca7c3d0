"""JSON Schemas of the files config.yml points at (collection, overlay, playlist, metadata files),
for editors' YAML language servers, published beside ``config-schema.json`` in ``kometa/data/``.

They are generated from the tables the run checks against (a definition's settings and builders in
:mod:`kometa.engine.settings` and :mod:`kometa.sources.registry`, a dynamic set's keys and types in
:mod:`kometa.config.dynamic`, an overlay's keys in :mod:`kometa.overlays.parse`, a metadata entry's
fields in :mod:`kometa.metadata.fields`), so an editor offers the names ``--validate`` accepts. They
are lenient where a file is: any value may be a ``<<template variable>>``, and keys the tables do not
list (modifiers such as ``plex_search`` parts, template variables) are allowed; ``--validate`` is the
full check. Regenerate with ``python -m kometa.engine.file_schema --write src/kometa/data`` (a test
checks they are current).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kometa.config.dynamic import SET_KEYS, TYPES
from kometa.engine.item_updates import KEYS as ITEM_UPDATE_KEYS
from kometa.engine.settings import IGNORED, MODES, ORDERS, SETTINGS
from kometa.metadata.fields import FIELDS, IMAGES, STRUCTURE, TAGS
from kometa.overlays.parse import OVERLAY_KEYS
from kometa.sources.registry import BUILDERS, ONLINE_BUILDERS, SEARCH_SHORTCUTS

BASE_ID = "https://kometa.invalid/"
KINDS = ("collection", "overlay", "playlist", "metadata")
_BLANK = {"type": "null"}
_TEMPLATED = {"type": "string", "pattern": "<<.+>>"}


def _choice(choices: list[str], doc: str) -> dict[str, Any]:
    return {"anyOf": [{"type": "string", "enum": choices}, _TEMPLATED, _BLANK], "description": doc}


def _whole(doc: str, minimum: int = 0) -> dict[str, Any]:
    return {"anyOf": [{"type": "integer", "minimum": minimum}, _TEMPLATED, _BLANK], "description": doc}


def _names(keys: Any) -> dict[str, Any]:
    return {str(name): {} for name in sorted(keys)}


def _definition(kind: str) -> dict[str, Any]:
    """A collection/playlist/overlay definition: every key it takes named, a few values typed."""
    keys = {*SETTINGS, *IGNORED, *BUILDERS, *SEARCH_SHORTCUTS, *ONLINE_BUILDERS}
    if kind == "collection":
        keys |= set(ITEM_UPDATE_KEYS)
    properties = _names(keys)
    properties.update({
        "sync_mode": _choice(["append", "sync"], "sync: items the builders no longer find are removed"),
        "minimum_items": _whole("fewer items than this: the collection is not made"),
        "limit": _whole("at most this many items", 1),
        "template": {"description": "a template call: {name: T, variable: value} or a list of them"},
    })
    if kind == "collection":
        properties["collection_mode"] = _choice(sorted(MODES), "how the collection shows in the library")
        properties["collection_order"] = {"description": f"{', '.join(ORDERS)} or a sort such as "
                                                         f"release.desc, title.asc"}
    if kind == "overlay":
        properties["overlay"] = {"anyOf": [{"type": "string"}, {"type": "object", "properties": _names(OVERLAY_KEYS)}],
                                 "description": "the overlay: an image name, or its image and position"}
        properties["suppress_overlays"] = {"description": "overlays this one hides on the same item"}
    return {"type": "object", "properties": properties}


def _named(body: dict[str, Any], doc: str) -> dict[str, Any]:
    return {"anyOf": [{"type": "object", "additionalProperties": {"anyOf": [body, _BLANK]}}, _BLANK],
            "description": doc}


def _common() -> dict[str, Any]:
    entry = {"type": "object", "properties": _names(("file", "folder", "url", "default", "git", "repo",
                                                     "template_variables"))}
    return {
        "templates": _named({"type": "object"}, "name -> template body (<<variables>>, default, optional, "
                                                "conditionals, move_prefix)"),
        "external_templates": {"anyOf": [{"type": "array", "items": {"anyOf": [{"type": "string"}, entry]}},
                                         {"type": "string"}, entry, _BLANK],
                               "description": "files whose templates this file may call"},
    }


def _dynamic_set() -> dict[str, Any]:
    properties = _names(SET_KEYS)
    properties["type"] = _choice(list(TYPES), "what the set makes one collection per")
    return {"type": "object", "required": ["type"], "properties": properties}


def _metadata_entry() -> dict[str, Any]:
    return {"type": "object", "properties": _names({*FIELDS, *IMAGES, *STRUCTURE, *TAGS,
                                                     *(f"{t}.{m}" for t in TAGS for m in ("sync", "remove"))})}


def generate(kind: str) -> dict[str, Any]:
    """The schema of one kind of file as a JSON-ready dict."""
    properties = _common()
    if kind == "collection":
        properties["collections"] = _named(_definition("collection"), "collection name -> definition")
        properties["dynamic_collections"] = _named(_dynamic_set(), "set name -> {type: ..., ...}")
    elif kind == "playlist":
        properties["playlists"] = _named(_definition("playlist"), "playlist name -> definition")
    elif kind == "overlay":
        properties["overlays"] = _named(_definition("overlay"), "overlay name -> definition")
        properties["queues"] = _named({"type": ["object", "array"]}, "queue name -> positions")
    else:
        properties["metadata"] = _named(_metadata_entry(), "title (or id) -> the fields to set")
    return {"$schema": "http://json-schema.org/draft-07/schema#", "$id": f"{BASE_ID}{kind}-schema.json",
            "title": f"kometa {kind} file", "type": "object", "properties": properties}


def dumps(kind: str) -> str:
    return json.dumps(generate(kind), indent=1, sort_keys=True) + "\n"


def write(folder: Path) -> list[Path]:
    paths = []
    for kind in KINDS:
        path = folder / f"{kind}-schema.json"
        path.write_text(dumps(kind), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        for written in write(Path(sys.argv[2])):
            print(written)
    else:
        sys.stderr.write("usage: python -m kometa.engine.file_schema --write FOLDER\n")
        sys.exit(2)
