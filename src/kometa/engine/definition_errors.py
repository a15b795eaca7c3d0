"""A user mistake in a collection or playlist definition, said on one line with its file:line."""

from __future__ import annotations

import re

from kometa.sources.definitions import Definition


class DefinitionError(Exception):
    """A user mistake in a definition: one line with file:line."""


def where_of(definition: Definition, message: str) -> str:
    """``file:line`` of the key a message starts with (``plex_search.all.genre: ...``), else of the
    definition; a key that came from a template points at the template's line."""
    candidates = [re.split(r"[.: \[]", message, maxsplit=1)[0], *re.findall(r"'([^']+)'", message)]
    for key in candidates:
        if key.lower() in definition.data and hasattr(definition, "where_of"):
            return str(definition.where_of(key.lower()))
    return definition.where


def _fail(definition: Definition, message: str) -> DefinitionError:
    return DefinitionError(f"{where_of(definition, message)}: {message}")
