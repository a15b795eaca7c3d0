"""Templates in metadata files, as Kometa reads them: an entry's ``template: {name: T, var: value}``
(or a list of calls) with its ``variables:``, rendered from the file's ``templates:`` (and its
``external_templates``) by the collection template engine. The entry's own keys win; the built-in
variables are ``mapping_name``, ``metadata_name`` (the entry's ``name:`` or its key),
``library_type``, ``library_name`` and the dates. Nested keys keep their case (season, episode and
album titles), and the entry's own keys keep their ``file:line``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kometa.config.definitions import TemplateSet, expand_definition
from kometa.config.templates import Context, Where

CALL_KEYS = ("template", "variables")


def has_template(entry: Any) -> bool:
    return isinstance(entry, Mapping) and any(str(k).lower() == "template" for k in entry)


def templates_of(data: Mapping[str, Any], source: str, config_dir: Path) -> TemplateSet:
    """The templates the file's entries may call (ConfigError, located, when one is malformed)."""
    return TemplateSet.from_document(data, config_dir, Where(source, 1))


def expand(key: Any, entry: Mapping[str, Any], entries: Any, templates: TemplateSet, context: Context,
           source: str) -> Mapping[str, Any]:
    """``entry`` with its template calls merged in (ConfigError, located, for a bad call)."""
    expanded = expand_definition(str(key), entry, entries, key, context, templates, Where(source, None), lower=False)
    out = copy.copy(entry)  # keeps the own keys' lines and the file
    for name in [k for k in out if str(k).lower() in CALL_KEYS]:
        del out[name]
    own = {str(k).lower() for k in out}
    for name, value in expanded.items():
        if str(name).lower() not in own:
            out[name] = value
    return out


def context_for(library_type: str, library_name: str | None, variables: Mapping[str, Any]) -> Context:
    return Context(kind="metadata", library_type=library_type, library_name=library_name,
                   file_variables=dict(variables))
