"""Plex Meta Manager's library-level ``radarr: {add: true}`` is Kometa's ``add_missing``."""

from __future__ import annotations

from kometa.config import load_config
from kometa.config.arr_section import arr_section

CONFIG = """plex:
  url: http://127.0.0.1:32400
  token: abc
radarr:
  url: http://127.0.0.1:7878
  token: radarr-key
libraries:
  Movies:
    radarr:
      {own}
"""


def _add(tmp_path, own):
    path = tmp_path / "config.yml"
    path.write_text(CONFIG.format(own=own), encoding="utf-8")
    config = load_config(path)
    return arr_section(config, "radarr", config.libraries["Movies"]).add.add_missing


def test_library_add_is_add_missing(tmp_path):
    assert _add(tmp_path, "add: true") is True
    assert _add(tmp_path, "add: false") is False
    assert _add(tmp_path, "add: true\n      add_missing: false") is False  # the current name wins
