"""default: universe — one collection per film universe, built from our TMDb ids (movies and shows)."""

from __future__ import annotations

from pathlib import Path

from defaults_helpers import DefaultsRunner, rows

from kometa.config.yaml_io import load_yaml

DEFAULTS = Path(__file__).resolve().parents[3] / "src" / "kometa" / "defaults" / "collections"


def _ids(kind: str) -> dict[str, dict[str, list[int]]]:
    """Our file's TMDb ids per source (collections/movies/shows) and key."""
    data = load_yaml(DEFAULTS / f"universe.{kind}.yml")
    return {k: dict(v) for k, v in data["dynamic_collections"]["Universes"]["template_variables"].items()}


def _plain(runner: DefaultsRunner, tmp_path: Path, library: str, body: dict[str, str]) -> dict[str, set[str]]:
    text = "".join(f"  Plain {name}:\n    {builders}\n    sync_mode: sync\n" for name, builders in body.items())
    (tmp_path / "plain.yml").write_text(f"collections:\n{text}", encoding="utf-8")
    runner.run(**({"movies": "- file: plain.yml\n"} if library == "Movies" else {"shows": "- file: plain.yml\n"}))
    held = runner.collections(library)
    return {name: runner.members(f"Plain {name}", library) if f"Plain {name}" in held else set() for name in body}


def test_universe_movies(runner: DefaultsRunner, tmp_path: Path) -> None:
    report = runner.run(movies="- default: universe\n")
    made = rows(report)
    ids = _ids("movie")
    assert made["Universe Collections"].status in ("Created", "Unchanged")
    assert "Arrowverse" not in made  # no movies: only the show file has it
    for name in ("Star Wars Universe", "Marvel Cinematic Universe", "Wizarding World", "Alien / Predator"):
        assert name in made, (name, list(made))
    want = _plain(runner, tmp_path, "Movies", {
        "star": f"tmdb_collection: {ids['collections']['star']}\n    tmdb_movie: {ids['movies']['star']}",
        "avp": f"tmdb_collection: {ids['collections']['avp']}",
        "wizard": f"tmdb_collection: {ids['collections']['wizard']}"})
    got = runner.collections()
    for key, name in (("star", "Star Wars Universe"), ("wizard", "Wizarding World"), ("avp", "Alien / Predator")):
        if len(want[key]) >= 2:  # minimum_items: 2
            assert runner.members(name) == want[key], name
            assert got[name].titleSort == f"!040_{name}"
            assert got[name].summary == f"Movies of the {name} universe."
        else:
            assert made[name].status != "Created", (name, made[name])
    assert any(len(w) >= 2 for w in want.values()), "the seeded world should hold some universe"
    assert got["Universe Collections"].titleSort == "!040_!Universe Collections"


def test_universe_variables(runner: DefaultsRunner, tmp_path: Path) -> None:
    trakt = "https://trakt.tv/users/metasim/lists/universe-test"
    report = runner.run(movies="- default: universe\n  template_variables:\n    use_mcu: false\n"
                               f"    trakt_list_star: {trakt}\n    minimum_items: 1\n    name_wizard: Potterverse\n"
                               "    remove_data: [mummy]\n    append_data: {fellowship: Fellowship}\n"
                               "    tmdb_collection_fellowship: [119]\n    collection_order: alpha\n")
    made = rows(report)
    assert made["Marvel Cinematic Universe"].status == "Skipped Run Definition"
    assert "Mummy Universe" not in made
    want = _plain(runner, tmp_path, "Movies", {"star": f"trakt_list: {trakt}", "fellowship": "tmdb_collection: 119",
                                               "wizard": "tmdb_collection: [1241, 435259]"})
    assert want["star"] and runner.members("Star Wars Universe") == want["star"]  # the list replaces our ids
    assert want["fellowship"] and runner.members("Fellowship") == want["fellowship"]
    assert runner.collections()["Fellowship"].collectionSort == 1  # alpha
    assert want["wizard"] and runner.members("Potterverse") == want["wizard"]


def test_universe_tmdb_ids_of_the_library(runner: DefaultsRunner) -> None:
    """Our single-title ids (real TMDb movies/shows) are not in the seeded library, so the
    tmdb_movie_<key> / tmdb_show_<key> variables give each the library's own titles instead."""
    movies = [t for t in runner.pair.world.library if t.kind == "movie"][:3]
    shows = [t for t in runner.pair.world.library if t.kind != "movie"][:2]
    report = runner.run(movies="- default: universe\n  template_variables:\n"
                               f"    tmdb_movie_mcu: {[t.tmdb_id for t in movies]}\n",
                        shows="- default: universe\n  template_variables:\n"
                              f"    tmdb_show_trek: {[t.tmdb_id for t in shows]}\n    use_star: false\n")
    assert runner.members("Marvel Cinematic Universe") == {t.title for t in movies}
    made = rows(report, "TV Shows")
    assert "Alien / Predator" not in made and made["Star Wars Universe"].status == "Skipped Run Definition"
    assert runner.members("Star Trek", "TV Shows") == {t.title for t in shows}
    trek = runner.collections("TV Shows")["Star Trek"]
    assert trek.summary == "Shows of the Star Trek universe." and trek.titleSort == "!040_Star Trek"


def test_universe_second_run_writes_nothing(runner: DefaultsRunner) -> None:
    assert runner.second_run_writes(movies="- default: universe\n", shows="- default: universe\n") == 0
