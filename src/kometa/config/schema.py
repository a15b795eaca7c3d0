"""A JSON Schema of config.yml for editors' YAML language servers, generated from :mod:`kometa.config.keys`.

The schema is generated from the very tables the loader checks against, so an editor and
``--validate`` agree on which keys exist. It is deliberately lenient where Kometa is: blank values
are allowed everywhere (blank = default), and unknown keys are allowed (Kometa ignores them; the
loader warns). It is published with the package as ``kometa/data/config-schema.json``; regenerate
with ``python -m kometa.config.schema > src/kometa/data/config-schema.json`` (a test checks it is
current). Point an editor at it with a first line
``# yaml-language-server: $schema=<path to config-schema.json>``. The service sections' properties come
from :mod:`kometa.config.service_keys`; the schemas of collection/overlay/playlist/metadata files,
published beside this one, from :mod:`kometa.engine.file_schema`.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from kometa.config.keys import FILE_ENTRY, FILE_KINDS, LIBRARY, OVERLAY_FLAGS, PLEX, SETTINGS, TOP_LEVEL, Key
from kometa.config.service_keys import LIBRARY_EXTRA, NESTED, SECTION_KEYS

SCHEMA_ID = "https://kometa.invalid/config-schema.json"
_BLANK: dict[str, Any] = {"type": "null"}


def _value(key: Key) -> dict[str, Any]:
    """The schema of one key's value (blank always allowed)."""
    if key.type == "bool":
        shape: dict[str, Any] = {"type": ["boolean", "string"]}
    elif key.type == "int":
        shape = {"type": "integer"}
        if key.minimum is not None:
            shape["minimum"] = key.minimum
    elif key.type == "enum":
        shape = {"type": "string", "enum": list(key.choices)}
    elif key.type == "enum_or_bool":
        shape = {"anyOf": [{"type": "string", "enum": list(key.choices)}, {"type": "boolean"}]}
    elif key.type == "list" and key.choices:
        shape = {"anyOf": [{"type": "array", "items": {"enum": list(key.choices)}}, {"type": "string"}]}
    elif key.type == "str":
        shape = {"type": ["string", "number"]}
    elif key.type == "mapping":
        shape = {"type": "object"}
    elif key.type == "files":
        shape = {"$ref": "#/definitions/files"}
    elif key.type == "schedule":
        shape = {"type": ["string", "array", "boolean"]}
    else:
        shape = {}
    if not shape:
        return {}
    described: dict[str, Any] = {"anyOf": [shape, _BLANK]}
    notes = [key.doc] if key.doc else []
    if key.status == "unused":
        notes.append("read but not used by this version")
    if key.status == "inert":
        notes.append("ignored here (a located warning)")
    if key.status == "legacy":
        notes.append("old Plex Meta Manager form, still read")
    if key.default is not None:
        notes.append(f"default: {json.dumps(key.default)}")
    if notes:
        described["description"] = "; ".join(notes)
    return described


def _object(table: dict[str, Key], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {name: _value(key) for name, key in table.items()}, **extra}


def _service(name: str) -> dict[str, Any]:
    """A service section's schema from its key table (:mod:`kometa.config.service_keys`), nested
    mappings (``authorization:``) with their own keys."""
    section = _object(SECTION_KEYS[name])
    for (owner, key), allowed in NESTED.items():
        if owner == name:
            nested = {"type": "object", "properties": {token: {} for token in allowed}}
            section["properties"][key] = {"anyOf": [nested, _BLANK], **{
                k: v for k, v in _value(SECTION_KEYS[name][key]).items() if k == "description"}}
    return section


def _ref(name: str) -> dict[str, Any]:
    return {"anyOf": [{"$ref": f"#/definitions/{name}"}, _BLANK]}


def generate() -> dict[str, Any]:
    """The whole schema as a JSON-ready dict."""
    entry = _object(FILE_ENTRY)
    entry["anyOf"] = [{"required": [kind]} for kind in FILE_KINDS]
    flags = {"type": "object", "additionalProperties": False, "minProperties": 1,
             "description": "old form: a library's overlay flag written as an overlay_files entry",
             "properties": {name: {"type": ["boolean", "string", "null"]} for name in OVERLAY_FLAGS}}
    files = {"anyOf": [{"type": "array", "items": {"anyOf": [{"type": "string"}, entry, flags, _BLANK]}},
                       {"type": "string"}, entry]}
    library = _object(LIBRARY)
    library["properties"]["settings"] = {"anyOf": [{"$ref": "#/definitions/settings"}, _BLANK]}
    library["properties"]["plex"] = _ref("plex")
    for app in ("radarr", "sonarr", "tautulli"):
        library["properties"][app] = _ref(f"library_{app}")
    top = _object(TOP_LEVEL, required=["libraries"])
    top["$schema"] = "http://json-schema.org/draft-07/schema#"
    top["$id"] = SCHEMA_ID
    top["title"] = "kometa config.yml"
    top["properties"]["libraries"] = {"type": "object", "minProperties": 1,
                                      "additionalProperties": {"anyOf": [library, _BLANK]}}
    top["properties"]["settings"] = {"anyOf": [{"$ref": "#/definitions/settings"}, _BLANK]}
    top["properties"]["plex"] = {"anyOf": [{"$ref": "#/definitions/plex"}, _BLANK]}
    top["definitions"] = {"settings": _object(SETTINGS), "plex": _object(PLEX), "files": files}
    for name in SECTION_KEYS:
        top["definitions"][name] = _service(name)
        top["properties"][name] = {**_ref(name), "description": TOP_LEVEL[name].doc}
    for app in ("radarr", "sonarr", "tautulli"):
        own = _service(app)
        own["description"] = f"this library's own {app} keys, over the top-level {app}: section"
        if app != "tautulli":
            own["properties"].update({extra: {"description": "old PMM form of add_missing"}
                                      for extra in LIBRARY_EXTRA})
        top["definitions"][f"library_{app}"] = own
    return top


def dumps() -> str:
    return json.dumps(generate(), indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(dumps())
