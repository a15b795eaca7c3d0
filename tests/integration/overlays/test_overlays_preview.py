"""``kometa overlays preview``: the posters a run would upload, as local files; Plex is only read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from overlay_helpers import BADGES, MOVIES, OverlayRunner
from PIL import Image

from kometa.cli.main import main


def _preview(runner: OverlayRunner, *args: str) -> int:
    return main(["overlays", "preview", "--config", str(runner.folder / "config.yml"), "--library", "Movies", *args])


def test_preview_all_writes_files_and_a_sheet_without_writing_to_plex(runner: OverlayRunner, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    runner.write(BADGES)
    runner.sim.reset_stats()
    out = tmp_path / "out"
    sheet = tmp_path / "sheet.png"
    assert _preview(runner, "--all", "--output-dir", str(out), "--sheet", str(sheet), "--count", "3") == 0
    files = sorted(out.iterdir())
    assert len(files) == MOVIES
    with Image.open(files[0]) as img:
        assert img.size == (200, 300)  # plexsim's originals are small: they keep their size
    with Image.open(sheet) as img:
        assert img.width > 3 * 250 and img.format == "PNG"
    assert runner.writes() == 0
    assert "nothing was written to Plex" in capsys.readouterr().out


def test_preview_one_item_matches_what_the_run_uploads(runner: OverlayRunner, tmp_path: Path) -> None:
    runner.write(BADGES)
    title = runner.item(4)["title"]
    assert _preview(runner, "--item", title, "--output-dir", str(tmp_path)) == 0
    (preview,) = list(tmp_path.glob("4 *.jpg"))
    runner.run()
    assert preview.read_bytes() == runner.poster(4)  # the preview is exactly what the run uploaded
    assert _preview(runner, "--rating-key", "4", "--output-dir", str(tmp_path / "again")) == 0
    (again,) = list((tmp_path / "again").iterdir())
    assert again.read_bytes() == preview.read_bytes()  # after the run: rendered from the backup, same result
    with Image.open(io.BytesIO(again.read_bytes())) as img:
        assert img.format == "JPEG"


def test_preview_unknown_item_is_a_clear_error(runner: OverlayRunner, capsys: pytest.CaptureFixture[str]) -> None:
    runner.write(BADGES)
    assert _preview(runner, "--item", "No Such Film") == 2
    assert "no item 'No Such Film'" in capsys.readouterr().err


def test_validate_reports_a_bad_overlay_with_its_line(runner: OverlayRunner, capsys: pytest.CaptureFixture[str]) -> None:
    runner.write(BADGES.replace('back_color: "#CC0000"', 'back_color: "#CC00G0"'))
    assert main(["--validate", "--config", str(runner.folder / "config.yml")]) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()  # every problem on its line, then the count (--validate reports all at once)
    assert len(lines) == 2 and "Overlays.yml:8:" in lines[0] and "back_color" in lines[0]
    assert "not valid (1 error, 0 warnings)" in lines[1]
