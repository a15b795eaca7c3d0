"""playlist_files: - default: playlist — universe playlists in release order, from our TMDb ids."""

from __future__ import annotations

from typing import Any

from defaults_helpers import DefaultsRunner

from metasim.testing import PLEX_TOKEN

BOTH = {"movies": "[]\n", "shows": "[]\n"}  # both libraries, no collection files


def _playlists(runner: DefaultsRunner) -> dict[str, Any]:
    from plexapi.server import PlexServer
    return {p.title: p for p in PlexServer(runner.pair.plex.url, PLEX_TOKEN).playlists()}


def _rows(report: Any) -> dict[str, Any]:
    return {row.name: row for row in report.playlists}


def test_playlist_default_release_order(runner: DefaultsRunner) -> None:
    """Movies and episodes on one timeline: oldest release first, whatever the order the ids are given in."""
    world = runner.pair.world
    movies = sorted((t for t in world.library if t.kind == "movie"), key=lambda t: t.date_text)[:3]
    shows = [t for t in world.library if t.kind != "movie"][:2]
    movie_ids = [t.tmdb_id for t in reversed(movies)]  # given newest first
    report = runner.run(playlists="- default: playlist\n  template_variables:\n"
                                  f"    tmdb_movie_mcu: {movie_ids}\n    tmdb_show_mcu: {[t.tmdb_id for t in shows]}\n"
                                  "    use_xmen: false\n    name_starwars: Galaxy\n", **BOTH)
    made = _rows(report)
    assert made["X-Men (Release Order)"].status == "Skipped Run Definition", made
    held = _playlists(runner)
    mcu = held["Marvel Cinematic Universe (Release Order)"]
    items = mcu.items()
    films = [i for i in items if i.type == "movie"]
    episodes = [i for i in items if i.type == "episode"]
    assert [f.title for f in films] == [t.title for t in movies]  # oldest first
    assert episodes and {e.grandparentTitle for e in episodes} == {t.title for t in shows}
    dates = [i.originallyAvailableAt for i in items]
    assert all(d is not None for d in dates) and dates == sorted(dates)  # one release timeline
    if episodes[0].originallyAvailableAt < films[-1].originallyAvailableAt:  # dates cross: not movies first
        assert [i.type for i in items[: len(films)]] != ["movie"] * len(films)
    assert mcu.summary == ("Marvel Cinematic Universe, in release order: the movies and the series' episodes by "
                           "release date.")
    assert "Galaxy" in made and "Star Wars (Release Order)" not in made  # name_<key>


def test_playlist_default_collections_and_lists(runner: DefaultsRunner) -> None:
    """Star Trek's movies are TMDb collections (the seeded world fills any collection id); a
    trakt_list_<key> replaces our ids for that playlist."""
    trakt = "https://trakt.tv/users/metasim/lists/timeline-test"
    (runner.folder / "plain.yml").write_text(
        "collections:\n  Plain Trek:\n    tmdb_collection: [151, 115570, 115575]\n    collection_order: custom\n"
        f"  Plain Timeline:\n    trakt_list: {trakt}\n", encoding="utf-8")
    runner.run(movies="- file: plain.yml\n")
    from plexapi.server import PlexServer
    section = PlexServer(runner.pair.plex.url, PLEX_TOKEN).library.section("Movies")
    plain = section.collection("Plain Trek").items()
    trek = [i.title for i in sorted(plain, key=lambda i: i.originallyAvailableAt)]  # our ids: release order
    timeline = {i.title for i in section.collection("Plain Timeline").items()}
    assert trek and timeline
    runner.run(playlists=f"- default: playlist\n  template_variables:\n    trakt_list_xmen: {trakt}\n", **BOTH)
    held = _playlists(runner)
    assert [i.title for i in held["Star Trek (Release Order)"].items() if i.type == "movie"] == trek
    xmen = held["X-Men (Release Order)"].items()
    assert {i.title for i in xmen if i.type == "movie"} == timeline


def test_playlist_default_second_run_writes_nothing(runner: DefaultsRunner) -> None:
    movies = [t.tmdb_id for t in runner.pair.world.library if t.kind == "movie"][:4]
    entry = f"- default: playlist\n  template_variables:\n    tmdb_movie_xmen: {movies}\n"
    assert runner.second_run_writes(playlists=entry, **BOTH) == 0


def _arr_sections(runner: DefaultsRunner) -> str:
    from metasim.arr import KEYS
    url = runner.pair.meta.url
    return (f"radarr:\n  url: {url}/radarr\n  token: {KEYS['radarr']}\n  root_folder_path: /movies\n"
            f"  quality_profile: HD-1080p\nsonarr:\n  url: {url}/sonarr\n  token: {KEYS['sonarr']}\n"
            f"  root_folder_path: /tv\n  quality_profile: Any\n")


def test_playlist_default_sends_missing_titles_to_radarr_and_sonarr(runner: DefaultsRunner) -> None:
    """radarr_*/sonarr_* variables (Kometa's playlist default documents them): the movies the Movies
    library lacks go to Radarr, the series TV Shows lacks to Sonarr, once."""
    from metasim.arr import managed
    for playlist in _playlists(runner).values():  # made by the other tests' runs (another ledger)
        playlist.delete()
    world, meta = runner.pair.world, runner.pair.meta.meta
    have_radarr = {t.tmdb_id for t in managed(meta, "radarr")}
    have_sonarr = {t.tvdb_id for t in managed(meta, "sonarr")}
    lacking_movies = [t for t in world.titles if t.kind == "movie" and not t.in_library
                      and t.tmdb_id not in have_radarr][:2]
    lacking_shows = [t for t in world.titles if t.kind != "movie" and not t.in_library and t.tvdb_id
                     and t.tvdb_id not in have_sonarr][:2]
    held = [t for t in world.library if t.kind == "movie"][:2]
    assert len(lacking_movies) == 2 and lacking_shows
    entry = ("- default: playlist\n  template_variables:\n    use_all: false\n    use_mcu: true\n"
             f"    tmdb_movie_mcu: {[t.tmdb_id for t in held + lacking_movies]}\n"
             f"    tmdb_show_mcu: {[t.tmdb_id for t in lacking_shows]}\n"
             "    radarr_add_missing: true\n    radarr_tag: universe\n    sonarr_add_missing_mcu: true\n"
             "    sonarr_folder: /anime\n")
    before = len(meta.arr.added["radarr"]), len(meta.arr.added["sonarr"])
    report = runner.run(playlists=entry, extra=_arr_sections(runner), **BOTH)
    row = _rows(report)["Marvel Cinematic Universe (Release Order)"]
    assert row.error is None, row.error
    radarr, sonarr = meta.arr.added["radarr"][before[0]:], meta.arr.added["sonarr"][before[1]:]
    assert [b["tmdbId"] for b in radarr] == [t.tmdb_id for t in lacking_movies]
    assert [b["tvdbId"] for b in sonarr] == [t.tvdb_id for t in lacking_shows]
    assert sonarr[0]["rootFolderPath"] == "/anime" and radarr[0]["rootFolderPath"] == "/movies"
    assert "sent to Radarr" in (row.note or "") and "sent to Sonarr" in (row.note or "")
    again = runner.run(playlists=entry, extra=_arr_sections(runner), **BOTH)  # sent once
    assert len(meta.arr.added["radarr"]) == before[0] + 2 and len(meta.arr.added["sonarr"]) == before[1] + len(sonarr)
    assert _rows(again)["Marvel Cinematic Universe (Release Order)"].error is None


def test_playlist_arr_variables_need_their_app(runner: DefaultsRunner) -> None:
    for playlist in _playlists(runner).values():
        playlist.delete()
    entry = "- default: playlist\n  template_variables:\n    use_all: false\n    use_mcu: true\n" \
            "    radarr_add_missing: true\n"
    row = _rows(runner.run(playlists=entry, **BOTH))["Marvel Cinematic Universe (Release Order)"]
    assert row.status == "Builder Validation Error", row.status
    assert "shared_playlist.yml:" in (row.error or "") and "radarr_add_missing needs" in (row.error or "") \
        and "the 'radarr:' section is missing" in (row.error or ""), row.error


def test_playlist_default_on_a_movie_library_only(runner: DefaultsRunner) -> None:
    """libraries: Movies (Kometa documents the variable): the show builders find nothing there, as in
    Kometa; they are not an error."""
    for playlist in _playlists(runner).values():
        playlist.delete()
    world = runner.pair.world
    movies = [t for t in world.library if t.kind == "movie"][:3]
    shows = [t for t in world.library if t.kind != "movie"][:1]
    entry = ("- default: playlist\n  template_variables:\n    libraries: Movies\n    use_all: false\n"
             f"    use_mcu: true\n    tmdb_movie_mcu: {[t.tmdb_id for t in movies]}\n"
             f"    tmdb_show_mcu: {[t.tmdb_id for t in shows]}\n")
    row = _rows(runner.run(playlists=entry, **BOTH))["Marvel Cinematic Universe (Release Order)"]
    assert row.error is None and row.status == "Created", row
    items = _playlists(runner)["Marvel Cinematic Universe (Release Order)"].items()
    assert {i.title for i in items} == {t.title for t in movies} and {i.type for i in items} == {"movie"}
