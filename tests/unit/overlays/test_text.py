"""text(...) variables and their modifiers (spec 7.3), from the listing values."""

from __future__ import annotations

from datetime import date

import pytest

from kometa.overlays.text import TextError, check, online_names, resolve

VALUES = {"title": "the dark knight", "audience_rating": 8.46, "critic_rating": 9.0, "user_rating": 7.0,
          "duration": 152.4, "content_rating": "PG-13", "edition": "Director's Cut", "release": date(2008, 7, 18),
          "bitrate": 24000, "versions": 2, "season_number": 3, "episode_number": 7}


@pytest.mark.parametrize(("text", "expected"), [
    ("<<audience_rating>>", "8.5"), ("<<audience_rating%>>%", "85%"), ("<<critic_rating#>>", "9"),
    ("<<audience_rating/>>", "4.2"), ("<<user_rating/>>", "3.5"),
    ("<<title>>", "the dark knight"), ("<<titleU>>", "THE DARK KNIGHT"), ("<<titleP>>", "The Dark Knight"),
    ("<<content_ratingL>>", "pg-13"), ("<<runtime>> min", "152 min"), ("<<runtimeH>>h <<runtimeM>>m", "2h 32m"),
    ("<<versionsW>>", "Two"), ("<<versionsWU>>", "TWO"), ("<<versionsWL>>", "two"), ("<<versions0>>", "02"),
    ("<<versions00>>", "002"), ("<<originally_available[%Y]>>", "2008"), ("<<bitrate>>", "24000"),
    ("<<edition>>", "Director's Cut"), ("S<<season_number0>>", "S03"),
])
def test_resolve(text: str, expected: str) -> None:
    assert resolve(text, VALUES) == expected


def test_missing_value_is_an_error_for_the_item() -> None:
    with pytest.raises(TextError, match="<<edition>> has no value"):
        resolve("<<edition>>", {"edition": None})


@pytest.mark.parametrize("text", ["<<omdb_ratings>>", "<<nonsense>>", "<<imdb_ratings>>", "<<anidb_rating_rating>>"])
def test_check_names_an_unknown_variable(text: str) -> None:
    with pytest.raises(TextError, match="unknown text variable"):
        check(text)


def test_imdb_trakt_mal_anidb_ratings_are_service_variables() -> None:
    text = ("<<imdb_rating#>> <<trakt_rating>> <<trakt_user_rating>> <<mal_rating>> <<anidb_rating>> "
            "<<anidb_average_rating>> <<anidb_score_rating%>>")
    check(text)
    assert online_names(text) == {"imdb_rating", "trakt_rating", "trakt_user_rating", "mal_rating", "anidb_rating",
                                  "anidb_average_rating", "anidb_score_rating"}
    assert resolve("<<imdb_rating#>> <<anidb_score_rating%>>", {"imdb_rating": 8.0, "anidb_score_rating": 7.43}) \
        == "8 74"


def test_service_and_plex_source_variables_are_known() -> None:
    check("<<audience_rating#>> <<title>> <<tmdb_rating%>> <<mdb_tomatoes_rating>> <<plex_imdb_rating>>")
    check("<<omdb_rating>> <<omdb_imdb_rating>> <<omdb_metascore_rating#>> <<omdb_tomatoes_rating%>>")
    assert online_names("<<tmdb_rating>> <<mdb_rating#>> <<title>> <<plex_tmdb_rating>>") == {"tmdb_rating",
                                                                                              "mdb_rating"}


def test_plex_per_source_ratings_come_from_the_listing() -> None:
    values = {"plex_ratings": {"imdb://image.rating": 8.1, "rottentomatoes://image.rating.rotten": 4.2,
                               "rottentomatoes://image.rating.upright": 7.0}}
    assert resolve("<<plex_imdb_rating>> <<plex_tomatoes_rating%>> <<plex_tomatoesaudience_rating#>>",
                   values) == "8.1 42 7"
    with pytest.raises(TextError, match="<<plex_tmdb_rating>> has no value"):
        resolve("<<plex_tmdb_rating>>", values)


def test_service_values_are_formatted_as_ratings() -> None:
    assert resolve("<<tmdb_rating>> <<mdb_rating/>>", {"tmdb_rating": 7.25, "mdb_rating": 8.0}) == "7.2 4.0"


def test_bitrate_is_the_first_version_and_h_l_the_highest_and_lowest() -> None:
    from xml.etree import ElementTree as ET

    from kometa.plex.snapshot import parse_item

    elem = ET.fromstring('<Video ratingKey="5" type="movie" title="Two cuts"><Media bitrate="9000"/>'
                         '<Media bitrate="42000"/><Media bitrate="1800"/></Video>')
    values = parse_item(elem).values
    assert values["bitrate"] == 42000  # filters and sorts keep the highest
    assert resolve("<<bitrate>> <<bitrateH>> <<bitrateL>>", values) == "9000 42000 1800"
    assert resolve("<<bitrateH>>/<<bitrateL>>", {"bitrate": 24000}) == "24000/24000"
