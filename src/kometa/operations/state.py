"""Which locked fields are ours: the values operations wrote, per library, field and item.

Plex locks a field when it is edited (so its agent does not overwrite it), which makes our own
writes look like the user's locks on the next run. This small JSON file beside the config remembers
the fingerprint of each value we wrote; a locked field whose current value still matches is ours to
update, any other locked field is the user's and is left alone. Losing the file only makes kometa
more careful (our old locks then count as the user's).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

STATE_NAME = "kometa-operations.json"


class OwnedFields:
    def __init__(self, path: Path, *, writable: bool = True) -> None:
        self.path = path
        self.writable = writable
        self._data: dict[str, dict[str, dict[str, str]]] = {}
        self._dirty = False
        if path.exists():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self._data = loaded
            except (OSError, ValueError):
                self._data = {}

    def owned(self, library: str, field: str) -> dict[int, str]:
        return {int(k): v for k, v in self._data.get(library, {}).get(field, {}).items()}

    def record(self, library: str, field: str, rating_key: int, fingerprint: str | None) -> None:
        table = self._data.setdefault(library, {}).setdefault(field, {})
        key = str(rating_key)
        if fingerprint is None:
            if table.pop(key, None) is not None:
                self._dirty = True
        elif table.get(key) != fingerprint:
            table[key] = fingerprint
            self._dirty = True

    def save(self) -> None:
        if not (self.writable and self._dirty):
            return
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._data, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
        self._dirty = False
