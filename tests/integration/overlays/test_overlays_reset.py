"""reset_overlays: plex on plexsim: the agent's poster becomes the base of overlaid items (ours and
Kometa's), a new base is rendered once, an unchanged one costs no download, render or upload."""

from __future__ import annotations

import io

import pytest
import requests
from overlay_helpers import BADGES, MOVIES, TOKEN, OverlayRunner
from PIL import Image

from kometa.overlays.render import has_marker


def _agent_poster(runner: OverlayRunner, rating_key: int) -> bytes:
    import xml.etree.ElementTree as ET

    listing = requests.get(f"{runner.sim.url}/library/metadata/{rating_key}/posters",
                           params={"X-Plex-Token": TOKEN}, timeout=10)
    first = next(p.attrib for p in ET.fromstring(listing.content) if not p.attrib["ratingKey"].startswith("upload"))
    response = requests.get(f"{runner.sim.url}{first['key']}", params={"X-Plex-Token": TOKEN}, timeout=10)
    return response.content


def _jpeg(colour: tuple[int, int, int], marked: bool = False) -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    if marked:
        exif[0x04BC] = "overlay"
    Image.new("RGB", (1000, 1500), colour).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_user_art_is_replaced_by_plex_agent_poster_as_base(runner: OverlayRunner) -> None:
    runner.run(BADGES)
    runner.upload(7, _jpeg((10, 200, 30)))  # the user's green art after our overlay
    runner.write(BADGES, library_extra="    reset_overlays: plex\n")
    runner.run()
    row = runner.row()
    assert row.error is None and row.added == MOVIES  # every base is new (first reset)
    backup = runner.folder / "overlays" / "Movies Original Posters" / "7.jpg"
    assert backup.read_bytes() == _agent_poster(runner, 7)
    with Image.open(io.BytesIO(runner.poster(7))) as img:
        assert img.convert("RGB").getpixel((img.width // 2, img.height * 7 // 15))[1] < 150  # not the green art


def test_unchanged_base_costs_one_posters_listing_and_no_write(runner: OverlayRunner) -> None:
    runner.write(BADGES, library_extra="    reset_overlays: plex\n")
    runner.run()
    runner.sim.reset_stats()
    runner.run()
    row = runner.row()
    assert (row.added, row.unchanged, row.error) == (0, MOVIES, None)
    assert runner.writes() == 0
    paths = sorted({e["path"] for e in runner.per_item_requests()})
    assert paths == sorted(f"/library/metadata/{rk}/posters" for rk in range(1, MOVIES + 1))


def test_kometa_overlaid_item_is_rendered_from_the_plex_base(runner: OverlayRunner) -> None:
    runner.upload(9, _jpeg((90, 90, 90), marked=True))  # Kometa's overlaid poster, no backup of ours
    requests.put(f"{runner.sim.url}/library/sections/1/all", timeout=10, params={
        "X-Plex-Token": TOKEN, "type": 1, "id": 9, "label[0].tag.tag": "Overlay"}).raise_for_status()
    runner.run(BADGES)
    assert "overlay mark" in (runner.row().error or "")  # without reset: refused, named
    runner.write(BADGES, library_extra="    reset_overlays: plex\n")
    runner.run()
    row = runner.row()
    assert row.error is None and row.added == MOVIES  # the other 11 move onto their Plex base too
    assert has_marker(runner.poster(9))
    assert (runner.folder / "overlays" / "Movies Original Posters" / "9.jpg").read_bytes() == _agent_poster(runner, 9)


def test_bad_reset_value_is_a_located_error(runner: OverlayRunner) -> None:
    runner.write(BADGES, library_extra="    reset_overlays: asset\n")
    runner.run()
    assert runner.report is not None
    rows = {r.name: r for r in runner.report.library("Movies").rows}
    assert "config.yml:8:" in (rows["reset_overlays"].error or "")  # the reset_overlays line
    assert "plex, tmdb" in (rows["reset_overlays"].error or "")


def test_validate_reports_a_bad_reset_value_with_its_line(runner: OverlayRunner,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from kometa.cli.main import main

    runner.write(BADGES, library_extra="    reset_overlays: [plex, posters]\n")
    assert main(["--validate", "--config", str(runner.folder / "config.yml")]) == 2
    err = capsys.readouterr().err
    assert "config.yml:8:" in err and "got 'posters'" in err


def test_kometa_overlaid_item_without_overlays_now_gets_its_plex_base_back(runner: OverlayRunner) -> None:
    runner.kometa_overlaid(9, _jpeg((90, 90, 90), marked=True))
    runner.write(runner.only_first(), library_extra="    reset_overlays: plex\n")
    runner.run(dry_run=True)
    assert any("reset to its plex poster" in line and runner.item(9)["title"] in line for line in runner.printed)
    runner.run()
    row = runner.row()
    assert row.error is None and row.removed == 1
    assert runner.poster(9) == _agent_poster(runner, 9)
    assert "Overlay" not in runner.labels(9)


def test_preview_takes_the_reset_base_as_the_run_does(runner: OverlayRunner, tmp_path) -> None:
    runner.run(BADGES)
    runner.upload(7, _jpeg((10, 200, 30)))  # the user's art: the run takes Plex's agent poster instead
    runner.write(BADGES, library_extra="    reset_overlays: plex\n")
    preview = runner.preview_one(7, tmp_path / "preview")
    runner.run()
    assert preview == runner.poster(7)
