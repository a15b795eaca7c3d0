"""Every overlay default we ship parses with each of its documented variables set (the overlays
are really built, not switched off), and ``use_<key>: false`` really removes that overlay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from kometa.config import default_variables as dv
from kometa.config import defaults, load_config
from kometa.config.files import load_documents
from kometa.config.yaml_io import load_yaml
from kometa.overlays.model import OverlaySet
from kometa.overlays.parse import load_overlays

SECTION = "overlay_files"
#: sample values of the shared overlay variables (the defaults' own variables carry examples)
SAMPLES: dict[str, Any] = {
    "horizontal_align": "right", "horizontal_offset": 40, "vertical_align": "bottom", "vertical_offset": 40,
    "back_align": "left", "back_color": "#10101080", "back_width": 320, "back_height": 110, "back_padding": 5,
    "back_radius": 12, "back_line_color": "#FFFFFF", "back_line_width": 2, "font_size": 48,
    "font_color": "#FFEE00", "font_style": None, "stroke_color": "#000000", "stroke_width": 2, "weight": 500,
}
SKIP_PREFIXES = ("use_", "url", "git", "repo", "font_style", "builder_level", "font")  # network, off, or a font file


def _cases() -> list[tuple[str, str]]:
    found = []
    for name in defaults.available(SECTION):
        for kind, path in defaults.files_for(SECTION, name).items():
            info = defaults.read_info(load_yaml(path), name, str(path))
            found += [(name, t) for t in ([kind] if kind else info.libraries)]
    return found


def _load(tmp_path: Path, name: str, kind: str, variables: dict[str, Any]) -> OverlaySet:
    entry: dict[str, Any] = {"default": name}
    if variables:
        entry["template_variables"] = variables
    config = {"plex": {"url": "http://127.0.0.1:1", "token": "x"},
              "libraries": {"Lib": {"overlay_files": [entry]}}}
    (tmp_path / "config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    loaded = load_config(tmp_path / "config.yml")
    return load_overlays(loaded, loaded.libraries["Lib"], load_documents, kind)


def _plain(value: Any) -> Any:
    """A sample as plain lists and dicts (the file's own are ruamel's, which yaml.safe_dump refuses)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _variables(name: str, tmp_path: Path) -> dict[str, Any]:
    path = next(iter(defaults.files_for(SECTION, name).values()))
    info = defaults.read_info(load_yaml(path), name, str(path))
    image = tmp_path / "mine.png"
    Image.new("RGBA", (30, 30), (1, 2, 3, 255)).save(image)
    found: dict[str, Any] = {}
    for variable in info.valid_names():
        if variable.startswith("use_") or (variable.startswith(SKIP_PREFIXES) and variable not in info.examples):
            continue
        if variable in info.examples:
            found[variable] = _plain(info.examples[variable])
            continue
        own = next((p for p in info.own_prefixes if variable.startswith(f"{p}_")), None)
        if own is not None and f"{own}{defaults.PER_KEY_MARK}" in info.examples:  # text_<key>, regex_<key>, ...
            found[variable] = info.examples[f"{own}{defaults.PER_KEY_MARK}"]
            continue
        base = next((p for p in dv.PER_KEY.get(info.shared, {}) if variable.startswith(f"{p}_")), variable)
        if base == "file":
            found[variable] = str(image)
        elif base == "weight":  # each its own: the weights of one queue must differ
            found[variable] = SAMPLES["weight"] + len(found)
        elif SAMPLES.get(base) is not None:
            found[variable] = SAMPLES[base]
    return found


@pytest.mark.parametrize(("name", "kind"), _cases())
def test_default_parses_with_its_variables(tmp_path: Path, name: str, kind: str) -> None:
    plain = _load(tmp_path, name, kind, {})
    assert plain.errors == []
    variables = _variables(name, tmp_path)
    if name == "ratings":
        assert plain.definitions == []  # nothing until rating1.. are chosen
        variables.update(rating1="critic", rating2="audience", rating3="user")
    else:
        assert plain.definitions
    found = _load(tmp_path, name, kind, variables)
    assert found.errors == [], (variables, found.errors)
    assert found.definitions  # the variables change overlays, they do not switch them all off


def _kinds_of(path: Path, key: str) -> set[str]:
    """The library types an overlay of ``key`` runs for (its award template's event_libraries)."""
    for definition in load_yaml(path)["overlays"].values():
        if str((definition.get("variables") or {}).get("key")) == key:
            calls = definition["template"] if isinstance(definition["template"], list) else [definition["template"]]
            libraries = next((c["event_libraries"] for c in calls if "event_libraries" in c), "movie, show")
            return {t.strip() for t in str(libraries).split(",")}
    return {"movie", "show"}


@pytest.mark.parametrize(("name", "kind"), _cases())
def test_use_key_false_removes_exactly_that_overlay(tmp_path: Path, name: str, kind: str) -> None:
    variables = {"rating1": "critic", "rating2": "audience"} if name == "ratings" else {}
    every = _load(tmp_path, name, kind, variables).definitions
    path = next(iter(defaults.files_for(SECTION, name).values()))
    info = defaults.read_info(load_yaml(path), name, str(path))
    assert info.keys
    # the first key with an overlay in this library type (ribbon's film awards are not read for shows)
    key = next(k for k in info.keys if kind in _kinds_of(path, k))
    fewer = _load(tmp_path, name, kind, {**variables, f"use_{key}": False}).definitions
    assert 0 < len(every) - len(fewer) <= 2 and {d.name for d in fewer} < {d.name for d in every}
    assert _load(tmp_path, name, kind, {**variables, "use_all": False}).definitions == []
