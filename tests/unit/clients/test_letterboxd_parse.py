"""Letterboxd's pages and builder values, parsed (pure)."""

from __future__ import annotations

import pytest

from kometa.clients.letterboxd import Film, parse_film_page, parse_list_page
from kometa.sources.conditions import ConditionError
from kometa.sources.letterboxd import ListSpec, parse_lists

DETAIL = """<html><head><meta name="description" content="A list of 2 films. About this list: Night films."></head>
<body><section class="js-list-entries poster-list">
<article class="production-viewing film-detail"><div class="react-component" data-component-class="LazyPoster"
 data-item-slug="the-night" data-item-link="/film/the-night/" data-item-name="The Night (1999)"></div>
 <div class="body"><span class="rating rated-9"></span><div class="body-text -prose"><p>A classic.</p></div></div></article>
<article class="production-viewing film-detail"><div class="react-component" data-component-class="LazyPoster"
 data-item-slug="day" data-item-link="/film/day/" data-item-name="Day"></div><div class="body"></div></article>
</section><div class="pagination"><a class="next" href="/u/list/l/detail/page/2/">Older</a></div></body></html>"""


def test_list_page_films_ratings_notes_and_next():
    page = parse_list_page(DETAIL)
    assert page["description"] == "Night films." and page["next"] is True
    assert page["films"] == [
        {"slug": "the-night", "title": "The Night", "year": 1999, "rating": 9, "note": "A classic."},
        {"slug": "day", "title": "Day", "year": None, "rating": None, "note": None}]


def test_a_page_that_is_not_a_list_is_an_error():
    from kometa.clients.policy import ServiceError
    with pytest.raises(ServiceError, match="not a Letterboxd list"):
        parse_list_page("<html><body>Just a moment...</body></html>")


def test_film_page_ids_from_the_body_or_the_buttons():
    assert parse_film_page('<body data-tmdb-type="movie" data-tmdb-id="603"><a href="http://www.imdb.com/title/'
                           'tt0133093/maindetails">IMDb</a></body>') == \
        {"tmdb_type": "movie", "tmdb_id": 603, "imdb_id": "tt0133093"}
    assert parse_film_page('<a href="https://www.themoviedb.org/movie/77/" data-track-action="TMDB">x</a>') == \
        {"tmdb_type": "movie", "tmdb_id": 77, "imdb_id": None}
    assert parse_film_page("<body></body>")["tmdb_id"] is None


def test_values_urls_lists_commas_and_mappings():
    key = "letterboxd_list"
    assert parse_lists(key, "https://letterboxd.com/u/list/l/, letterboxd.com/v/list/m/detail/") == \
        [ListSpec("/u/list/l"), ListSpec("/v/list/m", detail_view=True)]
    assert ListSpec("/v/list/m", detail_view=True).base == "/v/list/m/detail/"
    spec = parse_lists(key, [{"url": "https://letterboxd.com/u/list/l/", "limit": 5, "year": "1990-1999",
                              "rating": 8, "note": "cult"}])[0]
    assert spec == ListSpec("/u/list/l", 5, (1990, 1999), (8, 8), "cult") and spec.detail
    assert spec.keeps(Film("a", "A", 1995, 8, "A Cult film")) and not spec.keeps(Film("b", "B", 1995, 7, "cult"))
    assert not spec.keeps(Film("c", "C", None, 8, "cult"))


def test_every_url_form_kometa_accepts():
    key = "letterboxd_list"
    forms = {
        "https://letterboxd.com/u/list/l/share/AbC12/": ListSpec("/u/list/l/share/AbC12"),
        "https://letterboxd.com/u/list/l/by/name/": ListSpec("/u/list/l", sort="name"),
        "https://letterboxd.com/u/list/l/detail/by/rating-lowest/page/3/":
            ListSpec("/u/list/l", sort="rating-lowest", detail_view=True),
        "https://www.letterboxd.com/u/watchlist/": ListSpec("/u/watchlist", kind="watchlist"),
        "https://letterboxd.com/u/watchlist/by/popular/": ListSpec("/u/watchlist", kind="watchlist", sort="popular"),
        "https://letterboxd.com/films/popular/this/week/genre/horror/":
            ListSpec("/films/popular/this/week/genre/horror", kind="films"),
        "https://letterboxd.com/u/films/by/rating/page/2/": ListSpec("/u/films/by/rating", kind="films"),
    }
    for url, spec in forms.items():
        assert parse_lists(key, url) == [spec], url
    assert ListSpec("/u/list/l", sort="name", rating=(8, 10)).base == "/u/list/l/detail/by/name/"
    assert ListSpec("/films/popular", kind="films").base == "/films/popular/"
    resolved = parse_lists(key, "https://boxd.it/2xY9", lambda code: f"https://letterboxd.com/{code}/list/x/")
    assert resolved == [ListSpec("/2xY9/list/x")]


@pytest.mark.parametrize(("value", "message"), [
    ("https://boxd.it/x", "is a short link"),
    ("https://letterboxd.com/u/", "is not a Letterboxd list URL"),
    ({"url": "https://letterboxd.com/u/watchlist/", "rating": "8-10"}, "rating and note work with list URLs only"),
    ({"url": "https://letterboxd.com/u/list/l/", "year": "1999-1990"}, "smaller first"),
    ({"url": "https://letterboxd.com/u/list/l/", "limit": "ten"}, "limit must be a whole number"),
    ({"limit": 3}, "url is missing"),
    (5, "expected a Letterboxd list URL"),
])
def test_malformed_values(value, message):
    with pytest.raises(ConditionError, match=message):
        parse_lists("letterboxd_list", value)


def test_anilist_search_variables():
    from datetime import datetime

    from kometa.sources.anilist import search_variables
    now = datetime(2026, 11, 20)
    v, limit = search_variables("anilist_search", {"season": "current", "genre.not": "Horror", "score.gte": 70,
                                                   "episodes.lt": 13, "start.after": "01/31/2000", "limit": 5,
                                                   "format": "tv, ova", "status": "airing"}, now)
    assert limit == 5
    assert v == {"season": "FALL", "seasonYear": 2026, "genre_not_in": ["Horror"], "averageScore_greater": 69,
                 "episodes_lesser": 13, "startDate_greater": 20000131, "format_in": ["TV", "OVA"],
                 "status_in": ["RELEASING"], "sort": ["SCORE_DESC"]}
    with pytest.raises(ConditionError, match="year must be a year between 1917 and 2027"):
        search_variables("anilist_search", {"year": 1900}, now)
