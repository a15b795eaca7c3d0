"""metasim's TheTVDB pages the builders read, over real HTTP: movie pages' TMDb/IMDb links and
artwork, plain title slugs, list pages (deterministic, both kinds), unknown lists, images."""

from __future__ import annotations

import re

from metasim_helpers import SESSION

from metasim.server import MetaSim
from metasim.tvdb import list_titles, plain_slug


def test_movie_pages_link_tmdb_and_imdb_and_their_artwork(metasim_server: MetaSim):
    movie = next(t for t in metasim_server.world.titles if t.kind == "movie" and t.tvdb_id and t.imdb_id)
    page = SESSION.get(f"{metasim_server.url}/tvdb/dereferrer/movie/{movie.tvdb_id}", timeout=10)
    assert page.status_code == 200 and "/tvdb/movies/" in page.url
    assert f'href="https://www.themoviedb.org/movie/{movie.tmdb_id}"' in page.text
    assert f'href="https://www.imdb.com/title/{movie.imdb_id}/"' in page.text
    assert f"<strong>TheTVDB.com Movie ID</strong><span>{movie.tvdb_id}</span>" in page.text
    poster = re.search(r'id="artwork-posters".*?href="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    image = SESSION.get(poster, timeout=10)
    assert image.status_code == 200 and image.content[:2] == b"\xff\xd8"
    assert SESSION.get(f"{metasim_server.url}/tvdb/banners/other/x.jpg", timeout=10).status_code == 404


def test_plain_slugs_and_lists(metasim_server: MetaSim):
    show = next(t for t in metasim_server.world.titles if t.kind == "tv" and t.tvdb_id)
    page = SESSION.get(f"{metasim_server.url}/tvdb/series/{plain_slug(show)}", timeout=10)
    assert page.status_code == 200 and f"<span>{show.tvdb_id}</span>" in page.text
    assert SESSION.get(f"{metasim_server.url}/tvdb/series/no-such-show", timeout=10).status_code == 404
    listed = SESSION.get(f"{metasim_server.url}/tvdb/lists/arrowverse", timeout=10).text
    titles = list_titles(metasim_server.meta, "arrowverse")
    assert re.findall(r"<h3><a href=\"/(series|movies)/[^\"]+\">", listed) == [
        "movies" if t.kind == "movie" else "series" for t in titles]
    assert {t.kind for t in titles} == {"movie", "tv"}
    assert SESSION.get(f"{metasim_server.url}/tvdb/lists/arrowverse", timeout=10).text == listed  # deterministic
    assert SESSION.get(f"{metasim_server.url}/tvdb/lists/custom/6957", timeout=10).status_code == 200
    assert SESSION.get(f"{metasim_server.url}/tvdb/lists/missing-list", timeout=10).status_code == 404
