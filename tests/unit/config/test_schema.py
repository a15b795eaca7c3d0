"""The published JSON Schema is generated from the validator's tables, is current, and agrees with
``--validate`` on the fixture corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kometa.config import keys
from kometa.config.schema import dumps, generate
from kometa.config.yaml_io import load_yaml

PUBLISHED = Path(__file__).resolve().parents[3] / "src" / "kometa" / "data" / "config-schema.json"
CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "configs"


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def test_published_schema_is_current():
    assert PUBLISHED.read_text() == dumps(), "run: python -m kometa.config.schema > src/kometa/data/config-schema.json"


def test_schema_names_every_key_of_the_tables():
    schema = generate()
    assert set(schema["properties"]) == set(keys.TOP_LEVEL)
    assert set(schema["definitions"]["settings"]["properties"]) == set(keys.SETTINGS)
    assert set(schema["definitions"]["plex"]["properties"]) == set(keys.PLEX)
    library = schema["properties"]["libraries"]["additionalProperties"]["anyOf"][0]
    assert set(library["properties"]) == set(keys.LIBRARY)
    entry = schema["definitions"]["files"]["anyOf"][2]
    assert set(entry["properties"]) == set(keys.FILE_ENTRY)


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPUS / "good").iterdir()))
def test_configs_that_validate_match_the_schema(name):
    jsonschema = pytest.importorskip("jsonschema")
    data = _plain(load_yaml(CORPUS / "good" / name / "config.yml"))
    jsonschema.validate(json.loads(json.dumps(data, default=str)), generate())


@pytest.mark.parametrize(("text", "path"), [
    ("libraries: {}\n", ["libraries"]),
    ("libraries:\n  Movies:\nsettings:\n  sync_mode: mirror\n", ["settings"]),
    ("libraries:\n  Movies:\n    collection_files:\n      - bogus: x\n", ["libraries", "Movies"]),
])
def test_schema_rejects_what_the_validator_rejects(text, path, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    config = tmp_path / "config.yml"
    config.write_text(text)
    errors = list(jsonschema.Draft7Validator(generate()).iter_errors(_plain(load_yaml(config))))
    assert errors
    assert any(list(e.absolute_path)[:len(path)] == path for e in errors)
