"""Asset-folder posters as overlay originals (as in Kometa): drawn on instead of Plex's poster, part
of the item's state (a changed asset renders again, an unchanged one costs nothing), restored on
removal, never used when it carries an overlay mark."""

from __future__ import annotations

import io
import json
from pathlib import Path, PurePosixPath

from overlay_helpers import BADGES, OverlayRunner
from PIL import Image

from kometa.overlays.render import MARKER, MARKER_TAG


def _folder(runner: OverlayRunner, rating_key: int) -> str:
    part = next(p for m in runner.element(rating_key) if m.tag == "Media" for p in m if p.tag == "Part")
    return PurePosixPath(part.attrib["file"]).parent.name


def _asset(runner: OverlayRunner, rating_key: int, colour: tuple[int, int, int], marked: bool = False) -> Path:
    folder = runner.folder / "assets" / _folder(runner, rating_key)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "poster.jpg"
    exif = Image.Exif()
    if marked:
        exif[MARKER_TAG] = MARKER
    Image.new("RGB", (400, 600), colour).save(path, "JPEG", quality=90, exif=exif)
    return path


def _pixel(data: bytes, xy: tuple[int, int]) -> tuple[int, ...]:
    with Image.open(io.BytesIO(data)) as img:
        return tuple(img.convert("RGB").getpixel(xy))  # type: ignore[arg-type]


def _close(found: tuple[int, ...], wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 6 for a, b in zip(found, wanted, strict=True))


def test_asset_poster_is_the_original_and_part_of_the_state(runner: OverlayRunner) -> None:
    asset = _asset(runner, 1, (0, 200, 0))
    runner.write(BADGES)
    runner.run()
    assert runner.row().error is None
    now = runner.poster(1)
    with Image.open(io.BytesIO(now)) as img:
        assert img.size == (400, 600)  # the asset's size, not Plex's 200x300 poster
    assert _close(_pixel(now, (200, 300)), (0, 200, 0))  # drawn on the asset
    backup = runner.folder / "overlays" / "Movies Original Posters" / "1.jpg"
    assert backup.read_bytes() == asset.read_bytes()
    state = json.loads((runner.folder / "overlays" / "state.json").read_text())["libraries"]["Movies"]
    assert state["1"]["source"].startswith("asset:") and not state["2"].get("source")

    runner.sim.reset_stats()
    runner.run()  # nothing changed: nothing sent, not one request per item
    assert runner.writes() == 0 and runner.per_item_requests() == []

    _asset(runner, 1, (0, 0, 200))  # a new asset file: exactly that item again
    runner.sim.reset_stats()
    runner.run()
    uploads = [e["path"] for e in runner.sim.request_log() if e["method"] == "POST"]
    assert uploads == ["/library/metadata/1/posters"]
    assert _close(_pixel(runner.poster(1), (200, 300)), (0, 0, 200))


def test_removing_overlays_puts_the_asset_back(runner: OverlayRunner) -> None:
    asset = _asset(runner, 1, (0, 200, 0))
    runner.write(BADGES)
    runner.run()
    runner.write(BADGES, library_extra="    remove_overlays: true\n")
    runner.run()
    assert runner.poster(1) == asset.read_bytes() and "Overlay" not in runner.labels(1)


def test_asset_poster_wins_over_a_poster_chosen_in_plex(runner: OverlayRunner) -> None:
    _asset(runner, 1, (0, 200, 0))
    runner.write(BADGES)
    runner.run()
    other = io.BytesIO()
    Image.new("RGB", (200, 300), (250, 250, 0)).save(other, "JPEG")
    runner.upload(1, other.getvalue())  # the user picks other art in Plex: the asset stays the base
    runner.run()
    assert _close(_pixel(runner.poster(1), (100, 150)), (0, 200, 0))


def test_an_asset_carrying_the_overlay_mark_is_refused_by_name(runner: OverlayRunner) -> None:
    asset = _asset(runner, 1, (0, 200, 0), marked=True)
    runner.write(BADGES)
    runner.run()
    row = runner.row()
    assert row.error is not None and f"asset poster {asset.resolve()}" in row.error
    assert "overlay mark" in row.error


def test_preview_draws_on_the_asset_as_the_run_does(runner: OverlayRunner, tmp_path: Path) -> None:
    _asset(runner, 1, (0, 200, 0))
    runner.write(BADGES)
    preview = runner.preview_one(1, tmp_path / "preview")
    runner.run()
    assert preview == runner.poster(1)


def test_with_assets_for_all_a_second_run_writes_nothing(runner: OverlayRunner) -> None:
    _asset(runner, 1, (0, 200, 0))
    runner.write(BADGES, library_extra="    operations:\n      assets_for_all: true\n")
    runner.run()
    assert _close(_pixel(runner.poster(1), (200, 300)), (0, 200, 0)) and "Overlay" in runner.labels(1)
    runner.sim.reset_stats()
    runner.run()  # the asset was uploaded once by assets_for_all, overlaid once: neither repeats
    assert runner.writes() == 0


def test_a_season_asset_is_the_seasons_original(runner: OverlayRunner) -> None:
    import xml.etree.ElementTree as ET

    import requests
    from overlay_helpers import TOKEN

    from kometa.metadata.assets import media_folder

    def listing(kind: int) -> list[ET.Element]:
        answer = requests.get(f"{runner.sim.url}/library/sections/2/all", params={"X-Plex-Token": TOKEN, "type": kind},
                              timeout=10)
        return list(ET.fromstring(answer.content))

    episode = listing(4)[0]
    part = next(p for m in episode if m.tag == "Media" for p in m if p.tag == "Part")
    folder = runner.folder / "assets" / str(media_folder([part.attrib["file"]]))
    folder.mkdir(parents=True)
    Image.new("RGB", (400, 600), (0, 200, 0)).save(folder / "Season01.jpg", "JPEG")
    season = next(s for s in listing(3) if s.attrib["parentRatingKey"] == episode.attrib["grandparentRatingKey"]
                  and s.attrib["index"] == "1")
    runner.library = "TV Shows"
    runner.write("""
overlays:
  Season:
    builder_level: season
    overlay:
      name: text(S)
      horizontal_offset: 10
      vertical_offset: 10
      back_color: "#CC0000"
    plex_all: true
""")
    runner.run()
    row = runner.row()
    assert row.error is None and row.added > 1
    now = runner.poster(int(season.attrib["ratingKey"]))
    with Image.open(io.BytesIO(now)) as img:
        assert img.size == (400, 600)
    assert _close(_pixel(now, (200, 300)), (0, 200, 0))  # that season on its asset; the others on Plex's


def test_an_item_kometa_overlaid_that_gets_no_overlay_now_gets_its_asset_back(runner: OverlayRunner) -> None:
    asset = _asset(runner, 9, (0, 200, 0))
    marked = io.BytesIO()
    exif = Image.Exif()
    exif[MARKER_TAG] = MARKER
    Image.new("RGB", (200, 300), (90, 90, 90)).save(marked, "JPEG", exif=exif)
    runner.kometa_overlaid(9, marked.getvalue())
    runner.write(runner.only_first())
    runner.run()
    assert runner.row().removed == 1 and runner.poster(9) == asset.read_bytes()  # as Kometa: asset first
    assert "Overlay" not in runner.labels(9)
