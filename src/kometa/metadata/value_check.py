"""Located mistakes in a metadata entry's values, found without Plex (for ``--validate``).

The values are judged by the run's own parsers (:func:`kometa.metadata.fields.value_errors`:
``critic_rating: lots``, ``originally_available: notadate``, ``url_poster: [1]``, a ``file_poster``
that is not there), in the entry and in its ``seasons``/``episodes`` and ``albums``/``tracks``.
A ``file_*`` image of a remote metadata file is judged by the run (its folder is not here).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kometa.config.yaml_io import file_of, line_of
from kometa.metadata.fields import value_errors

#: an entry's nested entries: key -> the key of the entries nested in each of those
NESTED = {"seasons": "episodes", "episodes": None, "albums": "tracks", "tracks": None}


def located_value_errors(entry: Mapping[str, Any], source: str, what: str, nested: str | None = None) -> list[str]:
    """``file:line: metadata WHAT: KEY: reason`` for each value the run would refuse."""
    local = not source.startswith(("http://", "https://"))
    base = Path(source).parent if local else None
    found = []
    for key, reason in value_errors(entry, base):
        line = line_of(entry, key)
        where = f"{file_of(entry) or source}:{line}" if line is not None else file_of(entry) or source
        found.append(f"{where}: metadata {what}: {key}: {reason}")
    for child_key in ((nested,) if nested else ("seasons", "episodes", "albums", "tracks")):
        children = entry.get(child_key)
        if not isinstance(children, Mapping):
            continue
        for number, child in children.items():
            if isinstance(child, Mapping):
                found += located_value_errors(child, source, f"{what} {child_key} {number}", NESTED[child_key])
    return found
