"""kometa --validate reports the first located mistake of an operations block (exit 2)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from kometa.app.validate import validate
from kometa.core.options import Options


def _first_error(path: Path) -> SimpleNamespace:
    """--validate reports every problem and exits 2: the first error line, as ``info.value.message``."""
    lines: list[str] = []
    assert validate(Options(config=path, validate=True), out=lines.append, err=lines.append) == 2
    message = next(line for line in lines if line.startswith("kometa: error: "))[len("kometa: error: "):]
    return SimpleNamespace(value=SimpleNamespace(message=message))


def _config(tmp_path: Path, operations: str, extra: str = "") -> Path:
    path = tmp_path / "config.yml"
    path.write_text("plex:\n  url: http://localhost:32400\n  token: abc\n"
                    f"libraries:\n  Movies:\n    operations:\n{operations}{extra}", encoding="utf-8")
    return path


def test_bad_operation_is_located(tmp_path):
    path = _config(tmp_path, "      mass_genre_update: [[Drama]]\n      mass_critic_rating_update: trakt\n")
    info = _first_error(path)
    assert info.value.message == (f"{path}:8: mass_critic_rating_update: trakt needs the trakt: section ({path}: "
                                  f"the 'trakt:' section is missing (add trakt: with client_id and client_secret))")


def test_mal_and_anidb_sources(tmp_path, capsys):
    path = _config(tmp_path, "      mass_genre_update: [mal_all, anidb_2_5]\n      mass_studio_update: [anidb, mal]\n")
    info = _first_error(path)
    assert info.value.message.startswith(f"{path}:7: mass_genre_update: mal_all needs the mal: section ({path}: "
                                         f"the 'mal:' section is missing")
    path = _config(tmp_path, "      mass_original_title_update: [anidb_official, mal_english, anidb]\n"
                   "      mass_critic_rating_update: [anidb_rating, anidb_score, mal, trakt]\n"
                   "      mass_episode_critic_rating_update: trakt\n      mass_user_rating_update: trakt_user\n"
                   "      mass_content_rating_update: mal\n      mass_originally_available_update: [anidb, mal]\n",
                   "mal:\n  client_id: a\n  client_secret: b\ntrakt:\n  client_id: c\n  client_secret: d\n"
                   "anidb:\n  language: ja\n")
    assert validate(Options(config=path, validate=True)) == 0, capsys.readouterr()
    path = _config(tmp_path, "      mass_genre_update: anidb\n", "anidb:\n  language: english\n")
    info = _first_error(path)
    assert info.value.message.startswith(f"{path}:7: mass_genre_update: anidb needs the anidb: section ({path}:9: "
                                         f"anidb: language must be a two-letter ISO 639-1 code"), info.value.message


def test_anime_sources_of_the_wrong_kind(tmp_path):
    path = _config(tmp_path, "      mass_studio_update: mal_english\n")
    assert _first_error(path).value.message == (f"{path}:7: mass_studio_update: mal_english is not a MyAnimeList "
                                                f"source of mass_studio_update")
    path = _config(tmp_path, "      mass_genre_update: plex_csm\n")
    assert _first_error(path).value.message == (f"{path}:7: mass_genre_update: 'plex_csm' is not a Plex source of "
                                                f"mass_genre_update (Plex sources here: none)")


def test_plex_csm_needs_no_section(tmp_path, capsys):
    path = _config(tmp_path, "      mass_content_rating_update: [plex_csm0, plex_csm, NR]\n")
    assert validate(Options(config=path, validate=True)) == 0, capsys.readouterr()


def test_omdb_source_without_section(tmp_path):
    path = _config(tmp_path, "      mass_genre_update: [[Drama]]\n      mass_critic_rating_update: omdb_tomatoes\n")
    info = _first_error(path)
    assert info.value.message.startswith(f"{path}:8: mass_critic_rating_update: omdb_tomatoes needs the omdb: "
                                         f"section ({path}: the 'omdb:' section is missing")


def test_omdb_sources_validate(tmp_path, capsys):
    path = _config(tmp_path, "      mass_content_rating_update: [omdb, NR]\n"
                   "      mass_critic_rating_update: [omdb_metascore, omdb_tomatoes, omdb]\n"
                   "      mass_genre_update: omdb\n      mass_originally_available_update: omdb\n"
                   "      mass_added_at_update: omdb\n", "omdb:\n  apikey: abc\n")
    assert validate(Options(config=path, validate=True)) == 0, capsys.readouterr()


def test_mdb_source_without_section(tmp_path):
    path = _config(tmp_path, "      mass_genre_update: [[Drama]]\n      mass_critic_rating_update: mdb_tomatoes\n")
    info = _first_error(path)
    assert info.value.message.startswith(f"{path}:8: mass_critic_rating_update: mdb_tomatoes needs the mdblist: "
                                         f"section ({path}: the 'mdblist:' section is missing")


def test_source_of_the_wrong_kind_is_located(tmp_path):
    path = _config(tmp_path, "      mass_content_rating_update: mdb_tomatoes\n      mass_genre_update: imdb\n",
                   "mdblist:\n  apikey: abc\n")
    info = _first_error(path)
    assert info.value.message == (f"{path}:7: mass_content_rating_update: mdb_tomatoes is not a MDBList source of "
                                  f"mass_content_rating_update")


def test_mdb_and_imdb_sources_validate(tmp_path, capsys):
    path = _config(tmp_path, "      mass_content_rating_update: [mdb_commonsense0, NR]\n"
                   "      mass_critic_rating_update: [imdb, mdb_metacritic, mdb]\n"
                   "      mass_episode_critic_rating_update: imdb\n      mass_genre_update: imdb\n"
                   "      mass_originally_available_update: mdb_digital\n", "mdblist:\n  apikey: abc\n")
    assert validate(Options(config=path, validate=True)) == 0, capsys.readouterr()


def test_tmdb_source_without_section(tmp_path):
    path = _config(tmp_path, "      mass_genre_update: tmdb\n")
    info = _first_error(path)
    assert info.value.message.startswith(f"{path}:7: mass_genre_update: tmdb needs the tmdb: section")


def test_good_operations_validate(tmp_path, capsys):
    path = _config(tmp_path, "      mass_genre_update: tmdb\n      delete_collections: {managed: true}\n",
                   "tmdb:\n  apikey: 0123456789abcdef\n")
    assert validate(Options(config=path, validate=True)) == 0
    assert "valid" in capsys.readouterr().out


def test_metadata_file_mistake_is_located(tmp_path):
    (tmp_path / "Meta.yml").write_text("metadata:\n  Alien:\n    match: {year: 1979}\n    collection_order: alpha\n",
                                       encoding="utf-8")
    path = tmp_path / "config.yml"
    path.write_text("plex:\n  url: http://localhost:32400\n  token: abc\n"
                    "libraries:\n  Movies:\n    metadata_files:\n      - file: Meta.yml\n", encoding="utf-8")
    info = _first_error(path)
    assert info.value.message == (f"{tmp_path / 'Meta.yml'}:4: metadata 'Alien': 'collection_order' is not a metadata "
                                  f"attribute: it is a collection setting (write it in a collection definition)")


def test_episode_ratings_from_a_service_without_them(tmp_path):
    path = _config(tmp_path, "      mass_episode_critic_rating_update: [mdb_metacritic, imdb]\n")
    info = _first_error(path)
    assert info.value.message == (f"{path}:7: mass_episode_critic_rating_update: mdb_metacritic gives no episode "
                                  f"ratings (episode sources: tmdb, imdb, trakt, plex_imdb, plex_tmdb, a number or "
                                  f"an action)")


def test_arr_operations_need_their_section(tmp_path, capsys):
    path = _config(tmp_path, "      radarr_add_all: true\n")
    assert _first_error(path).value.message.startswith(f"{path}:7: radarr_add_all_existing: needs the radarr: "
                                                       f"section ({path}: the 'radarr:' section is missing")
    path = _config(tmp_path, "      radarr_remove_by_tag: a, b\n      radarr_add_all_existing: false\n",
                   "radarr:\n  url: http://localhost:7878\n  token: abc\n")
    assert validate(Options(config=path, validate=True)) == 0, capsys.readouterr()


def test_metadata_tmdb_movie_mistake_is_located_by_validate(tmp_path):
    (tmp_path / "Meta.yml").write_text("metadata:\n  Alien:\n    tmdb_movie: 348\n    tmdb_show: 1\n", encoding="utf-8")
    path = tmp_path / "config.yml"
    path.write_text("plex:\n  url: http://localhost:32400\n  token: abc\n"
                    "libraries:\n  Movies:\n    metadata_files:\n      - file: Meta.yml\n", encoding="utf-8")
    info = _first_error(path)
    assert info.value.message == (f"{tmp_path / 'Meta.yml'}:2: metadata 'Alien': tmdb_movie and tmdb_show cannot be "
                                  f"used together")
