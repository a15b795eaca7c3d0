"""Write a value into config.yml in place: ruamel round-trip, so comments, order and the rest of
the file stay as the user wrote them (Kometa keeps service tokens in the config this way)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap


def set_in_config(path: Path, section: str, key: str, value: Mapping[str, Any]) -> None:
    """``section: key: value`` in the YAML file at ``path`` (created keys go at the section's end).
    Written to a temporary file beside it and renamed, so a crash never leaves half a config."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    text = path.read_text(encoding="utf-8")
    data = yaml.load(text) or CommentedMap()
    node = data.get(section)
    if not isinstance(node, CommentedMap):
        node = CommentedMap()
        data[section] = node
    target = node.get(key)
    if isinstance(target, CommentedMap):
        for k, v in value.items():
            target[k] = v
    else:
        node[key] = CommentedMap(value)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    os.replace(tmp, path)
