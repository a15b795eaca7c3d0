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


def test_each_service_section_is_described_from_its_key_table():
    from kometa.config.service_keys import SECTION_KEYS
    schema = generate()
    for name, table in SECTION_KEYS.items():
        assert schema["properties"][name]["anyOf"][0] == {"$ref": f"#/definitions/{name}"}
        assert set(schema["definitions"][name]["properties"]) == set(table), name
    assert schema["definitions"]["radarr"]["properties"]["availability"]["anyOf"][0]["enum"] == \
        ["announced", "cinemas", "released", "db"]
    trakt_auth = schema["definitions"]["trakt"]["properties"]["authorization"]["anyOf"][0]
    assert "refresh_token" in trakt_auth["properties"]
    library = schema["properties"]["libraries"]["additionalProperties"]["anyOf"][0]
    assert library["properties"]["radarr"]["anyOf"][0] == {"$ref": "#/definitions/library_radarr"}


@pytest.mark.parametrize(("text", "path"), [
    ("tmdb:\n  apikey: k\n  cache_expiration: soon\n", ["tmdb", "cache_expiration"]),
    ("radarr:\n  url: http://r\n  token: k\n  availability: someday\n", ["radarr", "availability"]),
    ("sonarr:\n  url: http://s\n  token: k\n  series_type: cartoon\n", ["sonarr", "series_type"]),
    ("libraries:\n  Movies:\n    sonarr:\n      monitor: sometimes\n", ["libraries", "Movies", "sonarr", "monitor"]),
])
def test_schema_checks_service_values(text, path, tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    config = tmp_path / "config.yml"
    config.write_text(("" if text.startswith("libraries") else "libraries:\n  Movies:\n") + text)
    errors = list(jsonschema.Draft7Validator(generate()).iter_errors(_plain(load_yaml(config))))
    while any(e.context for e in errors):  # the anyOf (blank or the section) holds the precise errors
        errors = [c for e in errors for c in (e.context or [e])]
    assert any(list(e.absolute_path) == path for e in errors), errors
    good = text.replace("soon", "30").replace("someday", "released").replace("cartoon", "anime")
    config.write_text(("" if good.startswith("libraries") else "libraries:\n  Movies:\n")
                      + good.replace("sometimes", "false"))
    assert not list(jsonschema.Draft7Validator(generate()).iter_errors(_plain(load_yaml(config))))
