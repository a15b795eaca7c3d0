"""What each mdb* source reads from an MDBList record (Kometa's scale conversions)."""

from __future__ import annotations

import pytest

from kometa.operations.mdb_values import content_rating, extractor, rating, release

RECORD = {"score": 71, "score_average": 68, "released": "2001-05-04", "released_digital": "2001-09-01",
          "certification": "PG-13", "commonsense": True, "age_rating": 7,
          "ratings": [{"source": "imdb", "value": 7.4}, {"source": "tmdb", "value": 72},
                      {"source": "trakt", "value": 75}, {"source": "letterboxd", "value": 3.6},
                      {"source": "tomatoes", "value": 0}, {"source": "popcorn", "value": 81},
                      {"source": "metacritic", "value": 64}, {"source": "metacriticuser", "value": 6.9},
                      {"source": "myanimelist", "value": None}]}


@pytest.mark.parametrize(("name", "expected"), [
    ("mdb", 7.1), ("mdb_average", 6.8), ("mdb_imdb", 7.4), ("mdb_tmdb", 7.2), ("mdb_trakt", 7.5),
    ("mdb_letterboxd", 7.2), ("mdb_tomatoes", None), ("mdb_tomatoesaudience", 8.1), ("mdb_metacritic", 6.4),
    ("mdb_metacriticuser", 6.9), ("mdb_myanimelist", None)])
def test_ratings(name, expected):
    assert extractor(name, "float")(RECORD) == expected


def test_content_ratings_and_padding():
    assert content_rating(RECORD, "mdb") == "PG-13"
    assert content_rating(RECORD, "mdb_commonsense") == "7"
    assert content_rating(RECORD, "mdb_commonsense0") == "07"
    assert content_rating(RECORD, "mdb_age_rating0") == "07"
    unreviewed = {**RECORD, "commonsense": False}
    assert content_rating(unreviewed, "mdb_commonsense") is None
    assert content_rating(unreviewed, "mdb_age_rating") == "7"
    assert content_rating({"ratings": []}, "mdb") is None


def test_dates_and_garbage():
    assert release(RECORD, "mdb") == "2001-05-04" and release(RECORD, "mdb_digital") == "2001-09-01"
    assert rating({"ratings": [{"source": "imdb", "value": "n/a"}]}, "imdb") is None
    assert rating({"score": True}, "score") is None
