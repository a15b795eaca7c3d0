"""assets_for_all: Kometa's naming rules per library type, uploads once, never re-uploads unchanged."""

from __future__ import annotations

from pathlib import PurePosixPath

from process_helpers import rows


def _folders(section):
    """rating key -> its media folder name, as the listing shows it."""
    out = {}
    for item in section.all():
        path = item.media[0].parts[0].file
        out[item.ratingKey] = PurePosixPath(path).parent.name
    return out


def _posters(plex, rk):
    return [p.ratingKey for p in plex.fetchItem(rk).posters() if p.ratingKey.startswith("upload://")]


def test_movie_asset_folders_upload_once(runner, sim, tmp_path):
    plex = runner.plex()
    section = plex.library.section("Movies")
    folders = _folders(section)
    (first, name_a), (second, name_b) = list(folders.items())[:2]
    assets = tmp_path / "assets"
    (assets / name_a).mkdir(parents=True)
    (assets / name_a / "poster.jpg").write_bytes(b"poster-a")
    (assets / name_a / "background.png").write_bytes(b"art-a")
    (assets / "nested" / name_b).mkdir(parents=True)  # found with asset_depth: 1
    (assets / "nested" / name_b / "poster.webp").write_bytes(b"poster-b")
    runner.write("collections: {}\n", library_extra="    operations:\n      assets_for_all: true\n"
                 "    settings:\n      asset_depth: 1\n")
    sim.reset_stats()
    report = runner.run()
    row = rows(report)["assets_for_all"]
    assert row.status == "Changed" and row.added == 3, row
    assert len(_posters(plex, first)) == 1 and len(_posters(plex, second)) == 1
    assert any(a.ratingKey.startswith("upload://") for a in plex.fetchItem(first).arts())
    posts = [r for r in sim.request_log() if r["method"] == "POST"]
    assert len(posts) == 3
    sim.reset_stats()
    report = runner.run()
    assert rows(report)["assets_for_all"].status == "Unchanged"
    assert runner.writes() == 0
    (assets / name_a / "poster.jpg").write_bytes(b"poster-a2")  # a changed file is uploaded again
    sim.reset_stats()
    report = runner.run()
    assert rows(report)["assets_for_all"].added == 1 and runner.writes() == 1


def test_flat_assets_and_show_seasons_episodes(runner, sim, tmp_path):
    plex = runner.plex()
    shows = plex.library.section("TV Shows")
    show = shows.all()[0]
    episode = show.episodes()[0]
    folder = PurePosixPath(episode.media[0].parts[0].file).parent.parent.name
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / f"{folder}.jpg").write_bytes(b"show")
    (assets / f"{folder}_Season{episode.seasonNumber:02d}.jpg").write_bytes(b"season")
    (assets / f"{folder}_S{episode.seasonNumber:02d}E{episode.index:02d}.jpg").write_bytes(b"episode")
    runner.write("collections: {}\n", extra_libraries="  TV Shows:\n    operations:\n      assets_for_all: true\n"
                 "    settings:\n      asset_folders: false\n")
    report = runner.run(dry_run=True)
    assert runner.writes() == 0 and rows(report, "TV Shows")["assets_for_all"].added == 3
    report = runner.run()
    assert rows(report, "TV Shows")["assets_for_all"].added == 3
    assert len(_posters(plex, show.ratingKey)) == 1
    assert len(_posters(plex, episode.parentRatingKey)) == 1
    assert len(_posters(plex, episode.ratingKey)) == 1
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_bad_asset_setting_is_a_located_config_error(runner, sim):
    """A setting this version acts on is checked when config.yml loads (so --validate catches it)."""
    import pytest

    from kometa.core.errors import ConfigError

    runner.write("collections: {}\n", library_extra="    operations:\n      assets_for_all: true\n"
                 "    settings:\n      asset_depth: deep\n")
    with pytest.raises(ConfigError, match=r"config\.yml:\d+: library 'Movies' settings: asset_depth must be a whole number"):
        runner.run()


def test_logo_and_square_art_assets_upload_once(runner, sim, tmp_path):
    section = runner.plex().library.section("Movies")
    (rk, name), = list(_folders(section).items())[:1]
    folder = tmp_path / "assets" / name
    folder.mkdir(parents=True)
    (folder / "logo.png").write_bytes(b"logo")
    (folder / "square.jpg").write_bytes(b"square")
    (tmp_path / "assets" / f"{name}_logo.png").write_bytes(b"flat logo: only with asset_folders: false")
    runner.write("collections: {}\n", library_extra="    operations:\n      assets_for_all: true\n")
    sim.reset_stats()
    report = runner.run()
    assert rows(report)["assets_for_all"].added == 2
    posts = sorted(r["path"] for r in sim.request_log() if r["method"] == "POST")
    assert posts == [f"/library/metadata/{rk}/clearLogos", f"/library/metadata/{rk}/squareArts"]
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0


def test_music_artist_and_album_assets(tmp_path):
    from process_helpers import TOKEN, Runner

    from plexsim.server import PlexSim

    with PlexSim(token=TOKEN, library="plexapi-bootstrap") as music:
        artist_dir = tmp_path / "assets" / "Broke for free"  # the artist's folder name (its Location)
        artist_dir.mkdir(parents=True)
        (artist_dir / "poster.jpg").write_bytes(b"artist")
        (artist_dir / "Layers.png").write_bytes(b"album")
        (artist_dir / "Layers_background.png").write_bytes(b"album art")
        (tmp_path / "config.yml").write_text(f"plex:\n  url: {music.url}\n  token: {TOKEN}\nlibraries:\n  Music:\n"
                                             f"    operations:\n      assets_for_all: true\n", encoding="utf-8")
        runner = Runner(music, tmp_path)
        music.reset_stats()
        report = runner.run()
        assert rows(report, "Music")["assets_for_all"].added == 3
        artist = runner.plex().library.section("Music").all()[0]
        album = artist.albums()[0]
        posts = sorted(r["path"] for r in music.request_log() if r["method"] == "POST")
        assert posts == sorted([f"/library/metadata/{artist.ratingKey}/posters",
                                f"/library/metadata/{album.ratingKey}/posters", f"/library/metadata/{album.ratingKey}/arts"])
        music.reset_stats()
        runner.run()
        assert runner.writes() == 0


def test_missing_asset_logs_follow_the_show_missing_settings(runner, sim, tmp_path, caplog):
    import logging

    shows = runner.plex().library.section("TV Shows")
    show = shows.all()[0]
    from kometa.metadata.assets import media_folder

    folder = tmp_path / "assets" / media_folder([show.episodes()[0].media[0].parts[0].file])
    folder.mkdir(parents=True)
    (folder / "poster.jpg").write_bytes(b"show poster")
    library = "  TV Shows:\n    operations:\n      assets_for_all: true\n    settings:\n{}"
    runner.write("collections: {}\n", extra_libraries=library.format("      show_missing_assets: true\n"))
    with caplog.at_level(logging.INFO, logger="kometa"):
        runner.run()
    lines = [r.getMessage() for r in caplog.records if "assets_for_all" in r.getMessage()]
    assert any(": no asset " in line for line in lines)  # other shows have no folder
    assert not any("/Season" in line or "/S0" in line for line in lines if ": no asset " in line)
    caplog.clear()
    runner.write("collections: {}\n", extra_libraries=library.format(
        "      show_missing_season_assets: true\n      show_missing_episode_assets: true\n"
        "      show_asset_not_needed: true\n"))
    with caplog.at_level(logging.INFO, logger="kometa"):
        runner.run()
    lines = [r.getMessage() for r in caplog.records if "assets_for_all" in r.getMessage()]
    assert any("/Season01'" in line for line in lines) and any("/S01E01'" in line for line in lines)
    assert any("poster asset not needed (unchanged)" in line for line in lines)


def test_entry_image_and_assets_for_all_on_one_item_settle(runner, sim, tmp_path):
    """A metadata entry's url_poster and the item's asset-folder poster: one decision per slot (the
    entry's image wins, as in Kometa), so the second run uploads nothing; an entry that stops
    giving the poster hands the slot back to the asset."""
    plex = runner.plex()
    section = plex.library.section("Movies")
    rk, name = next(iter(_folders(section).items()))
    movie = section.fetchItem(rk)
    assets = tmp_path / "assets"
    (assets / name).mkdir(parents=True)
    (assets / name / "poster.jpg").write_bytes(b"asset-poster")
    (assets / name / "background.jpg").write_bytes(b"asset-art")
    meta = tmp_path / "Meta.yml"
    entry = f'metadata:\n  "{movie.title}":\n    match: {{year: {movie.year}}}\n    summary: Mine\n'
    meta.write_text(entry + "    url_poster: https://example.com/mine.jpg\n", encoding="utf-8")
    runner.write("collections: {}\n", library_extra="    metadata_files:\n      - file: Meta.yml\n"
                 "    operations:\n      assets_for_all: true\n"
                 "    settings:\n      asset_directory: assets\n")
    runner.run()
    selected = [p for p in plex.fetchItem(rk).posters() if p.selected]
    assert selected and "mine.jpg" in (selected[0].key or ""), selected
    for _ in range(2):
        sim.reset_stats()
        report = runner.run()
        assert runner.writes() == 0, [r for r in sim.request_log() if r["method"] != "GET"]
        assert rows(report)["assets_for_all"].status == "Unchanged"
    meta.write_text(entry, encoding="utf-8")  # the entry no longer gives a poster: the asset's comes back
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 1
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0
    meta.write_text(entry + "    url_poster: https://example.com/mine.jpg\n", encoding="utf-8")
    runner.run()
    meta.write_text("metadata: {}\n", encoding="utf-8")  # no entry for it at all: the slot is released,
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0
    sim.reset_stats()
    runner.run()  # and the next assets_for_all puts the asset back
    assert runner.writes() == 1 and rows(runner.run())["assets_for_all"].status == "Unchanged"
