"""overlay_artwork_filetype / overlay_artwork_quality on a run against plexsim: the uploaded posters'
format, the library's setting over the top level's, and bad values as located errors."""

from __future__ import annotations

import io
import textwrap

import pytest
from overlay_helpers import BADGES, TOKEN, OverlayRunner
from PIL import Image

from kometa.config import load_config
from kometa.core.errors import ConfigError


def _config(runner: OverlayRunner, top: str = "", library: str = "") -> None:
    runner.write(BADGES)
    settings = textwrap.indent(top, "  ") if top else "  cache: true\n"
    text = (f"plex:\n  url: {runner.sim.url}\n  token: {TOKEN}\n"
            f"settings:\n{settings}"
            f"libraries:\n  Movies:\n    overlay_files:\n      - file: Overlays.yml\n"
            f"{textwrap.indent(library, '    ')}")
    (runner.folder / "config.yml").write_text(text, encoding="utf-8")


def _format(data: bytes) -> str:
    with Image.open(io.BytesIO(data)) as img:
        return str(img.format)


def test_posters_keep_their_format_without_the_setting(runner: OverlayRunner) -> None:
    _config(runner)
    runner.run()
    assert _format(runner.poster(1)) == "JPEG" and runner.row().error is None


def test_top_level_filetype_is_honoured(runner: OverlayRunner) -> None:
    _config(runner, top="overlay_artwork_filetype: png\n")
    config = load_config(runner.folder / "config.yml")
    assert not [w for w in config.warnings if "overlay_artwork" in w.message]  # no "read but not used"
    runner.run()
    assert _format(runner.poster(1)) == "PNG" and runner.row().added > 0
    backup = runner.folder / "overlays" / "Movies Original Posters" / "1.jpg"
    assert _format(backup.read_bytes()) == "JPEG"  # the backup is the original, as Plex served it


def test_library_setting_wins_and_quality_applies(runner: OverlayRunner) -> None:
    _config(runner, top="overlay_artwork_filetype: png\n",
            library="settings:\n  overlay_artwork_filetype: webp\n  overlay_artwork_quality: 20\n")
    runner.run()
    low = runner.poster(1)
    assert _format(low) == "WEBP" and b"VP8L" not in low[:64]  # webp is lossy WebP, as in Kometa
    _config(runner, library="settings:\n  overlay_artwork_filetype: webp_lossy\n  overlay_artwork_quality: 95\n")
    runner.run()
    assert runner.poster(1) == low  # a changed setting alone re-renders nothing (Kometa: "applies to images
    # generated after"); the next render of the item uses it


@pytest.mark.parametrize(("setting", "message"), [
    ("overlay_artwork_filetype: gif", "overlay_artwork_filetype must be one of jpg, png, webp_lossy"),
    ("overlay_artwork_quality: 101", "overlay_artwork_quality must be a whole number from 1 to 100"),
    ("overlay_artwork_quality: 0", "overlay_artwork_quality must be a whole number from 1 to 100"),
])
def test_bad_values_are_located_errors(runner: OverlayRunner, setting: str, message: str) -> None:
    _config(runner, library=f"settings:\n  {setting}\n")
    with pytest.raises(ConfigError) as info:
        load_config(runner.folder / "config.yml")
    assert message in info.value.message and info.value.line == 11  # the key's own line
