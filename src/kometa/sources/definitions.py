"""Where collection and playlist definitions come from.

The config-language feature provides ``kometa.config.definitions.load_definitions`` (templates
expanded, dynamic collections generated). Until it is present this module reads the raw
``collections:`` / ``playlists:`` mappings of each file itself, so processing is not blocked;
:func:`library_definitions` and :func:`playlist_definitions` are the only switch points.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kometa.config.files import load_documents
from kometa.config.model import Config, FileRef, LibraryConfig
from kometa.config.yaml_io import file_of, line_of
from kometa.errors import ConfigError
from kometa.options import Options

log = logging.getLogger("kometa")


@dataclass
class Definition:
    name: str
    kind: str  # collection | playlist
    data: dict[str, Any]
    file: str
    line: int
    ref: FileRef | None = None
    node: Any = field(default=None, repr=False)  # raw YAML mapping when known (precise lines)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class LoadResult:
    definitions: list[Definition]
    errors: list[str]  # files that failed to load (one line each)


def _lower(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {str(k).lower() if isinstance(k, str) else k: _lower(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_lower(v) for v in data]
    return data


def _from_documents(refs: tuple[FileRef, ...], config: Config, top_key: str, kind: str) -> LoadResult:
    definitions: list[Definition] = []
    errors: list[str] = []
    for ref in refs:
        try:
            documents = load_documents(ref, config.directory)
        except ConfigError as exc:
            errors.append(exc.message)
            log.error("%s", exc.message)
            continue
        for document in documents:
            data = document.data
            if not isinstance(data, Mapping) or not isinstance(data.get(top_key), Mapping):
                continue
            block = data[top_key]
            for name, body in block.items():
                file = file_of(block) or document.source
                line = line_of(block, name) or 1
                mapping = body if isinstance(body, Mapping) else {}
                definitions.append(Definition(str(name), kind, _lower(dict(mapping)), file, line, ref, body))
    return LoadResult(definitions, errors)


def _lang_loader() -> Any:
    try:
        from kometa.config import definitions as lang  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(lang, "load_definitions", None)


def library_definitions(config: Config, library: LibraryConfig, options: Options) -> LoadResult:
    loader = _lang_loader()
    if loader is not None:
        found = loader(config, library, options)
        return LoadResult([d for d in found if d.kind == "collection"], [])
    return _from_documents(library.collection_files, config, "collections", "collection")


def playlist_definitions(config: Config, options: Options) -> LoadResult:
    return _from_documents(config.playlist_files, config, "playlists", "playlist")
