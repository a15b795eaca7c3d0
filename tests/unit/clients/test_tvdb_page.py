"""TheTVDB title and list pages parsed the way Kometa reads them (facts list, translations, ids,
links, artwork, list items), and the TVDb builders' values checked as Kometa checks them."""

from __future__ import annotations

import pytest

from kometa.clients.tvdb import page_language, parse_list, parse_page, site_path
from kometa.sources.conditions import ConditionError
from kometa.sources.tvdb import Ref, parse_refs

PAGE = """<html><body>
<div class="change_translation_text" data-language="fra" data-title="Le Titre" style="display:none"><p>Résumé</p></div>
<div class="change_translation_text" data-language="eng" data-title="The Title"><p>A summary &amp; more.</p></div>
<ul><li><strong>TheTVDB.com Series ID</strong><span>83268</span></li>
<li><strong>First Aired</strong><span>March 3, 2004</span></li>
<li><strong>Released</strong><span>June 1, 2005</span></li>
<li><strong>Status</strong><span>Ended</span></li>
<li><strong>Genres</strong><span><a href="/genres/drama">Drama</a>, <a href="/genres/sf">Science Fiction</a></span></li>
</ul>
<ul class="list-inline"><li><a href="https://www.themoviedb.org/movie/603">TheMovieDB.com</a></li>
<li><a href="https://www.imdb.com/title/tt0133093/">IMDB</a></li></ul>
<div id="artwork-posters"><div class="row"><div><a href="https://artworks.thetvdb.com/p.jpg"><img src="x"></a></div></div></div>
<div id="artwork-backgrounds"><div class="row"><div><a href="https://artworks.thetvdb.com/b.jpg"><img></a></div></div></div>
</body></html>"""


def test_series_and_movie_pages():
    show = parse_page(PAGE, is_movie=False)
    assert show == {"title": "The Title", "summary": "A summary & more.", "release": "2004-03-03",
                    "status": "Ended", "genres": ["Drama", "Science Fiction"], "tvdb_id": 83268, "tmdb_id": 603,
                    "imdb_id": "tt0133093", "poster": "https://artworks.thetvdb.com/p.jpg",
                    "background": "https://artworks.thetvdb.com/b.jpg"}
    assert parse_page(PAGE, is_movie=True)["release"] == "2005-06-01"
    assert parse_page(PAGE, is_movie=True)["tvdb_id"] is None  # a movie page says "Movie ID"
    assert parse_page(PAGE, is_movie=False, language="fra")["title"] == "Le Titre"


def test_missing_or_odd_facts():
    page = parse_page("<ul><li><strong>First Aired</strong><span>sometime</span></li></ul>", is_movie=False)
    assert page == {"title": None, "summary": None, "release": None, "status": None, "genres": [], "tvdb_id": None,
                    "tmdb_id": None, "imdb_id": None, "poster": None, "background": None}


def test_list_pages():
    page = parse_list("""<html><body>
    <div class="block"><div style="display: none"><p>Autre</p></div><div><p>The whole Arrowverse.</p></div></div>
    <div id="artwork"><div class="row"><div><a href="https://artworks.thetvdb.com/l.jpg"><img></a></div></div></div>
    <div id="general"><div><div class="row"><div><h3><a href="/series/arrow">Arrow</a></h3></div></div>
    <div class="row"><div><h3><a href="/movies/flash-movie">The Flash</a></h3><p>x</p></div></div></div>
    <div><a href="/series/not-an-item">a link outside a heading</a></div></div></body></html>""")
    assert page == {"items": [{"path": "/series/arrow", "title": "Arrow"},
                              {"path": "/movies/flash-movie", "title": "The Flash"}],
                    "description": "The whole Arrowverse.", "poster": "https://artworks.thetvdb.com/l.jpg"}
    assert parse_list("<html></html>") == {"items": [], "description": None, "poster": None}


def test_site_paths():
    assert site_path("https://www.thetvdb.com/series/arrow/") == "/series/arrow"
    assert site_path("http://thetvdb.com/lists/6957#x") == "/lists/6957"
    assert site_path("https://example.com/series/arrow") is None


def test_builder_values():
    assert parse_refs("tvdb_show", "83268, 283468") == [Ref("series", 83268), Ref("series", 283468)]
    assert parse_refs("tvdb_show_details", ["https://www.thetvdb.com/series/star-wars-rebels",
                                            "https://thetvdb.com/dereferrer/series/5", 5]) == [
        Ref("series", path="/series/star-wars-rebels"), Ref("series", 5)]
    assert parse_refs("tvdb_movie", 107) == [Ref("movie", 107)]
    assert parse_refs("tvdb_movie", 107)[0].page == "/dereferrer/movie/107"
    assert parse_refs("tvdb_movie", "https://www.thetvdb.com/movies/the-two-towers") == [
        Ref("movie", path="/movies/the-two-towers")]
    assert parse_refs("tvdb_list", "https://www.thetvdb.com/lists/arrowverse, https://thetvdb.com/lists/custom/9") == [
        Ref("list", path="/lists/arrowverse"), Ref("list", path="/lists/custom/9")]
    for key, value, said in (("tvdb_show", "arrow", "'arrow' is not a TVDb id or URL"),
                             ("tvdb_show", "https://www.thetvdb.com/movies/x", "must begin with https://www.thetvdb.com/series/"),
                             ("tvdb_movie", "https://www.thetvdb.com/series/x", "must begin with https://www.thetvdb.com/movies/"),
                             ("tvdb_list", 6957, "is not a TVDb list URL"),
                             ("tvdb_list", None, "expected TVDb list URLs"),
                             ("tvdb_movie", [], "has no value"),
                             ("tvdb_show", {"id": 1}, "expected TVDb series ids")):
        with pytest.raises(ConditionError, match=said):
            parse_refs(key, value)


def test_languages():
    assert [page_language(v) for v in (None, "", "default", "fr", "FRA", "jpn", "xx")] == [
        "eng", "eng", "eng", "fra", "fra", "jpn", "xx"]
    shown = ('<div class="change_translation_text" data-language="deu" data-title="Der Titel"><p>Text</p></div>'
             '<div class="change_translation_text" data-language="eng" style="display: none" data-title="T"><p>x</p></div>')
    assert parse_page(shown, is_movie=False, language="spa")["title"] == "Der Titel"  # none in it: the shown one
    assert parse_page(shown, is_movie=False, language="eng")["title"] == "T"


def test_tmdb_list_poster_wins_over_tvdbs_posters():
    """Kometa's pick_image order: tmdb_list_poster before tvdb_list_poster and tvdb_poster (so
    TVDb is not even asked)."""
    from kometa.sources.tvdb import definition_details

    data = {"tmdb_list_poster": 10, "tvdb_list_poster": "https://www.thetvdb.com/lists/picks", "tvdb_poster": 81189}
    assert definition_details(None, data, False) == {}
