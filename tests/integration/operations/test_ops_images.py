"""mass_poster_update / mass_background_update against plexsim + metasim on one world over real HTTP:
assets first, then TMDb, then Plex's own image; seasons and episodes; lock/unlock; ignore_locked and
ignore_overlays; a second run uploads nothing; an overlaid item's new poster becomes its overlay
original and is not reset again."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest
import requests
from process_helpers import Runner, rows

from metasim.testing import PLEX_TOKEN, TMDB_KEY, Paired, start_pair

TMDB = f"tmdb:\n  apikey: {TMDB_KEY}\n"


@pytest.fixture
def pair(monkeypatch) -> Iterator[Paired]:
    paired = start_pair(movies=12, shows=1)
    monkeypatch.setenv("KOMETA_TMDB_URL", paired.meta.tmdb_url)
    monkeypatch.setenv("KOMETA_TMDB_IMAGE_URL", f"{paired.meta.url}/tmdb/t/p/original")
    try:
        yield paired
    finally:
        paired.plex.stop()
        paired.meta.stop()


def _selected(plex, rk: int, kind: str = "posters") -> str:
    item = plex.fetchItem(rk)
    photos = item.posters() if kind == "posters" else item.arts()
    return next(p.ratingKey for p in photos if p.selected)


def _bytes(url: str) -> bytes:
    return requests.get(url, timeout=10).content


def _upload(pair: Paired, rk: int, data: bytes, kind: str = "posters") -> None:
    requests.post(f"{pair.plex.url}/library/metadata/{rk}/{kind}", data=data, params={"X-Plex-Token": PLEX_TOKEN},
                  timeout=10).raise_for_status()


def _tmdb_id(pair: Paired, item) -> int | None:
    """The world's TMDb id of a library item (legacy-agent items too: kometa finds them through TMDb)."""
    return next((t.tmdb_id for t in pair.world.library if t.plex_guid == item.guid), None)


def test_tmdb_posters_assets_first_then_nothing(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    plex = runner.plex()
    movies = plex.library.section("Movies").all()
    with_asset = movies[0]
    folder = PurePosixPath(with_asset.media[0].parts[0].file).parent.name
    (tmp_path / "assets" / folder).mkdir(parents=True)
    (tmp_path / "assets" / folder / "poster.png").write_bytes(b"asset-poster")
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_poster_update:\n        source: tmdb\n",
                 extra_libraries=TMDB)
    report = runner.run(dry_run=True)
    assert runner.writes() == 0 and rows(report)["mass_poster_update"].added > 0
    report = runner.run()
    row = rows(report)["mass_poster_update"]
    assert row.error is None and row.status == "Changed", row
    plex = runner.plex()
    assert _selected(plex, with_asset.ratingKey) == f"upload://posters/{hashlib.sha1(b'asset-poster').hexdigest()}"
    tmdb_done = 0
    for movie in movies[1:]:
        tmdb_id = _tmdb_id(pair, movie)
        details = requests.get(f"{pair.meta.tmdb_url}/movie/{tmdb_id}", params={"api_key": TMDB_KEY},
                               timeout=10).json() if tmdb_id else {}
        if details.get("poster_path"):
            data = _bytes(f"{pair.meta.url}/tmdb/t/p/original{details['poster_path']}")
            assert _selected(plex, movie.ratingKey) == f"upload://posters/{hashlib.sha1(data).hexdigest()}"
            tmdb_done += 1
        else:  # no TMDb poster: Plex's own stays selected (nothing sent)
            assert not _selected(plex, movie.ratingKey).startswith("upload://")
    assert tmdb_done > 5
    pair.plex.reset_stats()
    pair.meta.reset_stats()
    report = runner.run()
    assert rows(report)["mass_poster_update"].status == "Unchanged", rows(report)
    assert runner.writes() == 0 and pair.meta.stats()["requests"] == 0


def test_plex_source_selects_the_agent_image_again_and_skips_what_is_asked(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    plex = runner.plex()
    movies = plex.library.section("Movies").all()
    a, b, c = movies[0], movies[1], movies[2]
    for movie in (a, b, c):
        _upload(pair, movie.ratingKey, f"user-art-{movie.ratingKey}".encode(), "arts")
    requests.put(f"{pair.plex.url}/library/sections/1/all", params={
        "type": 1, "id": str(c.ratingKey), "label[0].tag.tag": "Keep", "X-Plex-Token": PLEX_TOKEN}, timeout=10)
    runner.write("collections: {}\n", library_extra="    operations:\n      ignore_labels: Keep\n"
                 "      mass_background_update: {source: plex}\n")
    pair.plex.reset_stats()
    report = runner.run()
    row = rows(report)["mass_background_update"]
    assert row.error is None and row.added == 2, row
    plex = runner.plex()
    assert _selected(plex, a.ratingKey, "arts").startswith("metadata://")
    assert _selected(plex, b.ratingKey, "arts").startswith("metadata://")
    assert _selected(plex, c.ratingKey, "arts").startswith("upload://")  # ignore_labels
    assert not [r for r in pair.plex.request_log() if r["method"] == "POST"]  # selected, never uploaded
    pair.plex.reset_stats()
    report = runner.run()
    assert rows(report)["mass_background_update"].status == "Unchanged" and runner.writes() == 0
    # ignore_locked: an upload locks the poster field, so those items are left alone
    _upload(pair, a.ratingKey, b"user-poster")
    runner.write("collections: {}\n", library_extra="    operations:\n"
                 "      mass_poster_update: {source: plex, ignore_locked: true}\n")
    row = rows(runner.run())["mass_poster_update"]
    assert row.note and "1 left alone (field locked)" in row.note, row
    assert _selected(runner.plex(), a.ratingKey).startswith("upload://")


def test_lock_and_unlock_are_batched_and_then_nothing(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_poster_update: lock\n"
                 "      mass_background_update: {source: lock}\n")
    pair.plex.reset_stats()
    report = runner.run()
    assert rows(report)["mass_poster_update"].added == 12 and runner.writes() == 2  # one edit per field
    movies = runner.plex().library.section("Movies").all()
    assert all({"thumb", "art"} <= {f.name for f in m.fields if f.locked} for m in movies)
    pair.plex.reset_stats()
    runner.run()
    assert runner.writes() == 0
    runner.write("collections: {}\n", library_extra="    operations:\n      mass_poster_update: {source: unlock}\n")
    runner.run()
    movies = runner.plex().library.section("Movies").all()
    assert all("thumb" not in {f.name for f in m.fields if f.locked} for m in movies)


def test_show_seasons_and_episodes_from_tmdb(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    runner.write("collections: {}\n", extra_libraries="  TV Shows:\n    operations:\n      mass_poster_update:\n"
                 "        source: tmdb\n        episodes: false\n" + TMDB)
    report = runner.run()
    row = rows(report, "TV Shows")["mass_poster_update"]
    assert row.error is None, row
    plex = runner.plex()
    show = plex.library.section("TV Shows").all()[0]
    tmdb_id = _tmdb_id(pair, show)
    for season in show.seasons():
        answer = requests.get(f"{pair.meta.tmdb_url}/tv/{tmdb_id}/season/{season.index}",
                              params={"api_key": TMDB_KEY}, timeout=10).json()
        if answer.get("poster_path"):
            data = _bytes(f"{pair.meta.url}/tmdb/t/p/original{answer['poster_path']}")
            assert _selected(plex, season.ratingKey) == f"upload://posters/{hashlib.sha1(data).hexdigest()}"
    assert all(not _selected(plex, e.ratingKey).startswith("upload://") for e in show.episodes())  # episodes: false
    pair.plex.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_an_overlaid_poster_takes_the_reset_as_its_original_once(pair: Paired, tmp_path: Path):
    runner = Runner(pair.plex, tmp_path)
    (tmp_path / "overlays.yml").write_text("overlays:\n  Badge:\n    overlay:\n      name: text(NEW)\n"
                                           "      horizontal_offset: 10\n      vertical_offset: 10\n"
                                           "    plex_all: true\n", encoding="utf-8")
    overlays = "    overlay_files:\n      - file: overlays.yml\n"
    runner.write("collections: {}\n", library_extra=overlays, extra_libraries=TMDB)
    runner.run()  # overlays on Plex's posters first
    from kometa.overlays.state import OverlayState
    runner.write("collections: {}\n", library_extra=overlays + "    operations:\n"
                 "      mass_poster_update: {source: tmdb}\n", extra_libraries=TMDB)
    report = runner.run()  # TMDb's posters put on, then overlaid again on them
    assert rows(report)["mass_poster_update"].status == "Changed"
    pair.plex.reset_stats()
    runner.run()  # nothing to do now: the overlaid posters are not reset again
    assert runner.writes() == 0, [(r["method"], r["path"], r.get("query")) for r in pair.plex.request_log()
                                  if r["method"] != "GET"]
    state = OverlayState(tmp_path)
    plex = runner.plex()
    checked = 0
    for movie in plex.library.section("Movies").all():
        entry = state.get("Movies", movie.ratingKey)
        assert entry is not None
        tmdb_id = _tmdb_id(pair, movie)
        details = requests.get(f"{pair.meta.tmdb_url}/movie/{tmdb_id}", params={"api_key": TMDB_KEY},
                               timeout=10).json() if tmdb_id else {}
        if details.get("poster_path"):  # the overlay's original is TMDb's poster, not an overlaid one
            assert entry.original == hashlib.sha1(_bytes(f"{pair.meta.url}/tmdb/t/p/original"
                                                         f"{details['poster_path']}")).hexdigest()
            checked += 1
    assert checked > 5
