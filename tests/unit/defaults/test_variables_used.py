"""Every variable a default accepts is used by its YAML (or the shared templates it pulls in), so
none is accepted and then ignored. Variables the loader or the dynamic-collection code consume
themselves (``language``, the dynamic set keys, ``name_<key>`` of dynamic defaults, refused ones)
are exempt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kometa.config import default_variables as dv
from kometa.config import defaults
from kometa.config.yaml_io import load_yaml

SECTIONS = ("collection_files", "overlay_files", "playlist_files")
_NAMES = re.compile(r"<<([^<>]*(?:<<key>>[^<>]*)?)>>")
_DEFAULT_KEYS = re.compile(r"^\s+([A-Za-z0-9_]+(?:<<key>>)?[A-Za-z0-9_]*):", re.M)
CONSUMED = {"language", *dv.DYNAMIC}  # read by config/defaults.py and config/dynamic.py


def _cases() -> list[tuple[str, str]]:
    return [(section, name) for section in SECTIONS for name in defaults.available(section)]


def _text(section: str, name: str) -> str:
    texts = []
    for path in defaults.files_for(section, name).values():
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        data = load_yaml(path)
        external = data.get("external_templates") if hasattr(data, "get") else None
        for entry in external if isinstance(external, list) else [external] if external else []:
            if hasattr(entry, "get") and entry.get("default"):
                for template in defaults.files_for("external_templates", str(entry["default"])).values():
                    texts.append(template.read_text(encoding="utf-8"))
    return "\n".join(texts)


def _used(text: str) -> set[str]:
    names = {m.strip().replace("<<key>>", "<key>") for m in _NAMES.findall(text)}
    names |= {m.replace("<<key>>", "<key>") for m in _DEFAULT_KEYS.findall(text)}
    return names


@pytest.mark.parametrize(("section", "name"), _cases(), ids=[f"{s[:-6]}-{n}" for s, n in _cases()])
def test_every_accepted_variable_is_used(section: str, name: str) -> None:
    unused = unused_variables(section, name)
    assert not unused, f"default '{name}' accepts but never uses: {unused}"


def test_an_unused_variable_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "collections").mkdir()
    (tmp_path / "collections" / "demo.yml").write_text(
        "default_info: {title: D, libraries: [movie], keys: [a], shared: none,\n"
        "  variables: {limit: used, depth: never used, size_<key>: never used}}\n"
        "templates:\n  t:\n    plex_all: true\n    limit: <<limit>>\n"
        "collections:\n  A:\n    template: {name: t}\n")
    monkeypatch.setattr(defaults, "DATA_DIR", tmp_path)
    assert unused_variables("collection_files", "demo") == ["depth", "size_<key>"]


def unused_variables(section: str, name: str) -> list[str]:
    files = defaults.files_for(section, name)
    infos = {kind: defaults.read_info(load_yaml(path), name, str(path)) for kind, path in files.items()}
    info = defaults.merged_info(infos)
    used = _used(_text(section, name))
    wanted = set(info.variables)  # own per-key ones are written limit_<key>
    wanted |= set(dv.SHARED[info.shared]) | {f"{p}_<key>" for p in dv.PER_KEY[info.shared]}
    if info.separator:
        wanted |= set(dv.SEPARATOR)
    if info.keys is None:  # a dynamic collection's title: name_<key>, name_format, emoji_<key> (config/dynamic.py)
        wanted -= {"name_<key>", "emoji_<key>"}
    wanted -= CONSUMED | set(info.variables_not_done) | set(dv.NOT_DONE)
    def is_used(variable: str) -> bool:
        if variable in used:
            return True
        prefix = variable.removesuffix("_<key>")  # or written out per key: <<text_1.33>>, <<text_1.66>>, ...
        return variable.endswith("_<key>") and bool(info.keys) and all(f"{prefix}_{k}" in used for k in info.keys or ())

    return sorted(v for v in wanted if not is_used(v))


def test_the_check_sees_nested_and_default_names(tmp_path: Path) -> None:
    text = "    default:\n      limit_<<key>>: <<limit>>\n    x: <<use_<<key>>>>\n    y: <<name>>\n"
    assert {"limit_<key>", "limit", "use_<key>", "name"} <= _used(text)
