"""The published schemas of collection/overlay/playlist/metadata files are current, accept the
shipped defaults and the good fixture files, and reject what --validate rejects in their typed keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kometa.config.definitions import plain
from kometa.config.yaml_io import load_yaml
from kometa.engine.file_schema import KINDS, dumps, generate

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "src" / "kometa" / "data"
SECTION = {"collection": "collections", "overlay": "overlays", "playlist": "playlists", "metadata": "metadata"}


def _plain(value):
    """The YAML as JSON would hold it (keys as text)."""
    return json.loads(json.dumps(plain(value, lower=False), default=str))


def _kind(data) -> str | None:
    if not isinstance(data, dict):
        return None
    if "dynamic_collections" in data:
        return "collection"
    return next((kind for kind, key in SECTION.items() if key in data), None)


def _files() -> list[Path]:
    found = sorted((ROOT / "src" / "kometa" / "defaults").glob("*/*.yml"))
    return found + sorted(p for p in (ROOT / "tests" / "fixtures" / "configs" / "good").rglob("*.yml")
                          if p.is_file() and p.name != "config.yml")


@pytest.mark.parametrize("kind", KINDS)
def test_published_file_schemas_are_current(kind):
    assert (DATA / f"{kind}-schema.json").read_text() == dumps(kind), \
        "run: python -m kometa.engine.file_schema --write src/kometa/data"


def test_shipped_defaults_and_good_files_match_their_schema():
    jsonschema = pytest.importorskip("jsonschema")
    checked = 0
    for path in _files():
        data = _plain(load_yaml(path))
        kind = _kind(data)
        if kind is None:
            continue
        jsonschema.validate(data, generate(kind))
        checked += 1
    assert checked > 20


@pytest.mark.parametrize(("kind", "text", "path"), [
    ("collection", "collections:\n  A:\n    plex_all: true\n    collection_mode: nonsense\n",
     ["collections", "A", "collection_mode"]),
    ("collection", "dynamic_collections:\n  D:\n    type: nonsense\n", ["dynamic_collections", "D", "type"]),
    ("collection", "collections:\n  A:\n    minimum_items: lots\n", ["collections", "A", "minimum_items"]),
    ("playlist", "playlists:\n  P:\n    sync_mode: mirror\n", ["playlists", "P", "sync_mode"]),
])
def test_file_schema_rejects_typed_values(kind, text, path, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    file = tmp_path / "f.yml"
    file.write_text(text)
    errors = list(jsonschema.Draft7Validator(generate(kind)).iter_errors(_plain(load_yaml(file))))
    while any(e.context for e in errors):
        errors = [c for e in errors for c in (e.context or [e])]
    assert any(list(e.absolute_path) == path for e in errors), errors
    file.write_text(text.replace("nonsense", "<<mode>>").replace("lots", "3").replace("mirror", "sync"))
    assert not list(jsonschema.Draft7Validator(generate(kind)).iter_errors(_plain(load_yaml(file))))
