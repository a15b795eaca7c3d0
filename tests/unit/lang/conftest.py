"""Helpers: write a config + collection files into a temp folder and load their definitions."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kometa.config import load_config
from kometa.config.definitions import Definition, load_definitions

TODAY = dt.date(2026, 11, 26)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


Loader = Callable[..., list[Definition]]


@pytest.fixture
def load(tmp_path: Path) -> Loader:
    """``load(movies_yml_text, file_vars=..., library_vars=..., extra={name: text}) -> definitions``."""

    def run(text: str, *, file_vars: dict[str, Any] | None = None, library_vars: dict[str, Any] | None = None,
            extra: dict[str, str] | None = None, values: Any = None, playlists: bool = False) -> list[Definition]:
        for name, body in (extra or {}).items():
            write(tmp_path, name, body)
        write(tmp_path, "movies.yml", text)
        block = "        - file: movies.yml\n"
        if file_vars:
            block += "          template_variables: " + _flow(file_vars) + "\n"
        lib_vars = f"    template_variables: {_flow(library_vars)}\n" if library_vars else ""
        playlist_block = "playlist_files:\n  - file: movies.yml\n" if playlists else ""
        write(tmp_path, "config.yml", "plex: {url: 'http://localhost:32400', token: abc}\n"
              + playlist_block + "libraries:\n  Movies:\n" + lib_vars + "    collection_files:\n" + block)
        config = load_config(tmp_path / "config.yml")
        library = None if playlists else config.libraries["Movies"]
        return load_definitions(config, library, None, values=values, library_type="movie", today=TODAY)

    return run


def _flow(values: dict[str, Any]) -> str:
    import json

    return json.dumps(values)


def by_name(definitions: list[Definition]) -> dict[str, dict[str, Any]]:
    return {d.name: d.data for d in definitions}
