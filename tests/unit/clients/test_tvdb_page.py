"""TheTVDB title pages parsed the way Kometa reads them (facts list, translations)."""

from __future__ import annotations

from kometa.clients.tvdb import parse_page

PAGE = """<html><body>
<div class="change_translation_text" data-language="fra" data-title="Le Titre" style="display:none"><p>Résumé</p></div>
<div class="change_translation_text" data-language="eng" data-title="The Title"><p>A summary &amp; more.</p></div>
<ul><li><strong>First Aired</strong><span>March 3, 2004</span></li>
<li><strong>Released</strong><span>June 1, 2005</span></li>
<li><strong>Status</strong><span>Ended</span></li>
<li><strong>Genres</strong><span><a href="/genres/drama">Drama</a>, <a href="/genres/sf">Science Fiction</a></span></li>
</ul></body></html>"""


def test_series_and_movie_pages():
    show = parse_page(PAGE, is_movie=False)
    assert show == {"title": "The Title", "summary": "A summary & more.", "release": "2004-03-03",
                    "status": "Ended", "genres": ["Drama", "Science Fiction"]}
    assert parse_page(PAGE, is_movie=True)["release"] == "2005-06-01"


def test_missing_or_odd_facts():
    page = parse_page("<ul><li><strong>First Aired</strong><span>sometime</span></li></ul>", is_movie=False)
    assert page == {"title": None, "summary": None, "release": None, "status": None, "genres": []}
