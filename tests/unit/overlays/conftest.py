"""Overlay files loaded from a temporary config folder (no server needed)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from kometa.config import load_config
from kometa.config.files import load_documents
from kometa.overlays.model import OverlaySet
from kometa.overlays.parse import load_overlays

Load = Callable[[str], OverlaySet]


@pytest.fixture
def load(tmp_path: Path) -> Load:
    def run(text: str) -> OverlaySet:
        (tmp_path / "Overlays.yml").write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        (tmp_path / "config.yml").write_text(
            "plex:\n  url: http://127.0.0.1:1\n  token: x\nlibraries:\n  Movies:\n    overlay_files:\n"
            "      - file: Overlays.yml\n", encoding="utf-8")
        config = load_config(tmp_path / "config.yml")
        return load_overlays(config, config.libraries["Movies"], load_documents, "movie")

    return run
