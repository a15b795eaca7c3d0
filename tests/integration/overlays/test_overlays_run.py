"""Overlay runs against plexsim: backup, one render and upload per poster, the Overlay label,
incremental runs that cost nothing, user art becoming the new original, byte-identical restore."""

from __future__ import annotations

import io
import json

from overlay_helpers import BADGES, MOVIES, OverlayRunner
from PIL import Image

from kometa.overlays.render import has_marker


def _state(runner: OverlayRunner) -> dict:
    return json.loads((runner.folder / "overlays" / "state.json").read_text())["libraries"]["Movies"]


def test_first_run_backs_up_renders_uploads_and_labels(runner: OverlayRunner) -> None:
    before = {rk: runner.poster(rk) for rk in (1, 2, 3)}
    thumbs = {rk: runner.item(rk)["thumb"] for rk in (1, 2, 3)}
    runner.run(BADGES)
    row = runner.row()
    assert row.status == "Modified" and row.added == MOVIES and row.error is None
    for rk in (1, 2, 3):
        backup = runner.folder / "overlays" / "Movies Original Posters" / f"{rk}.jpg"
        assert backup.read_bytes() == before[rk]  # the original exactly as Plex served it
        assert "Overlay" in runner.labels(rk)
        assert runner.item(rk)["thumb"] != thumbs[rk]
        now = runner.poster(rk)
        assert has_marker(now) and not has_marker(before[rk])
        with Image.open(io.BytesIO(now)) as img, Image.open(io.BytesIO(before[rk])) as original:
            assert img.size == original.size and img.format == "JPEG"  # a small original keeps its size
        assert len(now) <= 1.5 * len(before[rk])
    assert set(_state(runner)) == {str(rk) for rk in range(1, MOVIES + 1)}


def test_second_run_costs_no_render_upload_or_per_item_request(runner: OverlayRunner) -> None:
    runner.run(BADGES)
    runner.sim.reset_stats()
    runner.run()
    row = runner.row()
    assert (row.status, row.added, row.unchanged, row.removed) == ("Unchanged", 0, MOVIES, 0)
    assert runner.writes() == 0
    assert runner.per_item_requests() == []


def test_one_changed_item_is_exactly_one_render_and_upload(runner: OverlayRunner) -> None:
    runner.run(BADGES)
    runner.edit(5, audienceRating=1.2)  # the rating text of item 5 changes
    runner.sim.reset_stats()
    runner.run()
    row = runner.row()
    assert (row.added, row.unchanged) == (1, MOVIES - 1)
    uploads = [e for e in runner.sim.request_log() if e["method"] == "POST"]
    assert [e["path"] for e in uploads] == ["/library/metadata/5/posters"]
    gets = [e["path"] for e in runner.per_item_requests() if e["method"] == "GET"]
    assert gets == []  # re-rendered from the backup: no download


def test_user_art_set_after_our_overlay_becomes_the_new_original(runner: OverlayRunner) -> None:
    runner.run(BADGES)
    art = io.BytesIO()
    Image.new("RGB", (1000, 1500), (10, 200, 30)).save(art, "JPEG", quality=85)
    runner.upload(7, art.getvalue())
    runner.sim.reset_stats()
    runner.run()
    assert runner.row().added == 1
    backup = runner.folder / "overlays" / "Movies Original Posters" / "7.jpg"
    assert backup.read_bytes() == art.getvalue()
    with Image.open(io.BytesIO(runner.poster(7))) as img:
        assert img.convert("RGB").getpixel((500, 700))[1] > 150  # the user's green art under our badges


def test_restore_is_byte_identical_and_drops_the_label(runner: OverlayRunner) -> None:
    before = runner.poster(3)
    runner.run(BADGES)
    assert runner.poster(3) != before
    runner.write(BADGES, library_extra="    remove_overlays: true\n")
    runner.run()
    row = runner.row()
    assert row.removed == MOVIES and row.error is None
    assert runner.poster(3) == before
    assert "Overlay" not in runner.labels(3)
    assert not (runner.folder / "overlays" / "Movies Original Posters" / "3.jpg").exists()
    assert _state(runner) == {}


def test_item_no_longer_matching_is_restored(runner: OverlayRunner) -> None:
    only_4k = """
    overlays:
      4K:
        overlay:
          name: text(4K)
          horizontal_offset: 20
          vertical_offset: 20
        plex_search:
          all:
            resolution: 4k
    """
    runner.run(BADGES)
    four_k = {int(k) for k, _ in _state(runner).items()}
    runner.run(only_4k)
    row = runner.row()
    kept = set(map(int, _state(runner)))
    assert kept and kept < four_k and row.removed == len(four_k) - len(kept)


def test_poster_with_overlay_mark_is_never_taken_as_original(runner: OverlayRunner) -> None:
    marked = io.BytesIO()
    exif = Image.Exif()
    exif[0x04BC] = "overlay"
    Image.new("RGB", (1000, 1500), (90, 90, 90)).save(marked, "JPEG", exif=exif)
    runner.upload(9, marked.getvalue())
    title = runner.item(9)["title"]
    runner.run(BADGES)
    row = runner.row()
    assert row.error is not None and title in row.error and "overlay mark" in row.error
    assert row.added == MOVIES - 1
    assert runner.poster(9) == marked.getvalue()  # left as it is


def test_dry_run_names_every_poster_and_uploads_nothing(runner: OverlayRunner) -> None:
    runner.sim.reset_stats()
    runner.run(BADGES, dry_run=True)
    lines = [line for line in runner.printed if "poster of" in line]
    assert len(lines) == MOVIES and all(line.startswith("[dry-run] would") for line in lines)
    assert runner.writes() == 0
    assert not (runner.folder / "overlays" / "state.json").exists()


def test_overlays_only_and_collection_flags(runner: OverlayRunner) -> None:
    runner.run(BADGES, collections_only=True)
    assert runner.report is not None
    assert not any(r.kind == "overlay" for r in runner.report.library("Movies").rows)
    runner.run(overlays_only=True)
    assert runner.row().added == MOVIES


def test_bad_definition_is_a_located_row_and_the_rest_still_run(runner: OverlayRunner) -> None:
    runner.run("""
    overlays:
      Broken:
        overlay:
          name: text(x)
          horizontal_offset: 10
          vertical_offset: 10
          font_color: "#12345"
        plex_all: true
      Fine:
        overlay:
          name: text(ok)
          horizontal_offset: 10
          vertical_offset: 10
        plex_all: true
    """)
    rows = {r.name: r for r in runner.report.library("Movies").rows} if runner.report else {}
    assert rows["Broken"].status == "Validation Error"
    assert "Overlays.yml:8:" in (rows["Broken"].error or "") and "font_color" in (rows["Broken"].error or "")
    assert rows["overlays"].added == MOVIES


def test_moved_poster_address_with_our_upload_is_rechecked_once_not_rerendered(runner: OverlayRunner) -> None:
    """Real Plex changes a poster's address on metadata edits; our upload must not be mistaken for new art."""
    import requests
    from overlay_helpers import TOKEN

    runner.run(BADGES)
    ours = runner.poster(6)
    chosen = runner.element(6)
    old_thumb = chosen.attrib["thumb"]
    listing = requests.get(f"{runner.sim.url}/library/metadata/6/posters", params={"X-Plex-Token": TOKEN}, timeout=10)
    import xml.etree.ElementTree as ET

    selected = next(p.attrib["ratingKey"] for p in ET.fromstring(listing.content) if p.attrib.get("selected") == "1")
    requests.put(f"{runner.sim.url}/library/metadata/6/poster", params={"X-Plex-Token": TOKEN, "url": selected},
                 timeout=10).raise_for_status()
    assert runner.item(6)["thumb"] != old_thumb and runner.poster(6) == ours
    runner.sim.reset_stats()
    runner.run()
    row = runner.row()
    assert (row.added, row.unchanged) == (0, MOVIES) and row.error is None
    assert [e["method"] for e in runner.per_item_requests()] == ["GET"]  # one look at item 6's poster
    runner.sim.reset_stats()
    runner.run()
    assert runner.per_item_requests() == [] and runner.writes() == 0
