"""metasim endpoints the operations read, over real HTTP: IMDb datasets and parents guides, MDBList's
item record, TheTVDB pages, TMDb episode votes (shapes, not-found, determinism)."""

from __future__ import annotations

import gzip

from metasim_helpers import SESSION, tmdb

from metasim.server import MetaSim


def _rows(meta: MetaSim, name: str) -> list[list[str]]:
    answer = SESSION.get(f"{meta.url}/imdb/datasets/title.{name}.tsv.gz", timeout=30)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/x-gzip")
    return [line.split("\t") for line in gzip.decompress(answer.content).decode().splitlines()]


def test_imdb_datasets_have_imdbs_columns(metasim_server: MetaSim):
    ratings = _rows(metasim_server, "ratings")
    assert ratings[0] == ["tconst", "averageRating", "numVotes"]
    basics = _rows(metasim_server, "basics")
    assert basics[0][0] == "tconst" and basics[0][-1] == "genres" and len(basics[1]) == 9
    episodes = _rows(metasim_server, "episode")
    assert episodes[0] == ["tconst", "parentTconst", "seasonNumber", "episodeNumber"]
    titles = {row[0] for row in basics[1:] if row[1] != "tvEpisode"}
    assert all(row[1] in titles for row in episodes[1:])  # every episode belongs to a known show
    assert not titles & {row[0] for row in episodes[1:]}  # episode ids never collide with titles
    assert _rows(metasim_server, "ratings") == ratings  # deterministic
    assert SESSION.get(f"{metasim_server.url}/imdb/datasets/title.akas.tsv.gz", timeout=10).status_code == 404


def test_parents_guides_in_one_query(metasim_server: MetaSim):
    ids = [t.imdb_id for t in metasim_server.world.titles if t.imdb_id][:5] + ["tt0000001"]
    listed = ", ".join(f'"{i}"' for i in ids)
    query = f"{{ titles(ids: [{listed}]) {{ id parentsGuide {{ categories {{ category {{ text }} severity {{ text }} }} }} }} }}"
    data = SESSION.post(f"{metasim_server.url}/imdb/", json={"query": query}, timeout=10).json()["data"]
    assert [t["id"] for t in data["titles"]] == ids[:5]  # the unknown id is left out
    for title in data["titles"]:
        for entry in title["parentsGuide"]["categories"]:
            assert entry["severity"]["text"] in ("None", "Mild", "Moderate", "Severe")


def test_mdblist_record_fields(metasim_server: MetaSim):
    movie = next(t for t in metasim_server.world.titles if t.kind == "movie" and t.in_library)
    record = SESSION.get(f"{metasim_server.url}/mdblist/tmdb/movie/{movie.tmdb_id}",
                         params={"apikey": "metasim-mdblist"}, timeout=10).json()
    assert {"score", "score_average", "released", "released_digital", "certification", "commonsense",
            "age_rating", "ratings"} <= set(record)
    sources = {r["source"] for r in record["ratings"]}
    assert {"imdb", "tmdb", "trakt", "letterboxd", "tomatoes", "popcorn", "metacritic", "metacriticuser"} <= sources


def test_tvdb_pages_and_not_found(metasim_server: MetaSim):
    show = next(t for t in metasim_server.world.titles if t.kind == "tv" and t.tvdb_id)
    page = SESSION.get(f"{metasim_server.url}/tvdb/dereferrer/series/{show.tvdb_id}", timeout=10)
    assert page.status_code == 200 and page.url.endswith(f"-{show.tvdb_id}") and "<strong>Genres</strong>" in page.text
    assert SESSION.get(f"{metasim_server.url}/tvdb/dereferrer/series/1", timeout=10).status_code == 404


def test_tmdb_episodes_have_votes_once_aired(metasim_server: MetaSim):
    show = next(t for t in metasim_server.world.titles if t.kind == "tv" and t.in_library and t.seasons)
    season = tmdb(metasim_server, f"/tv/{show.tmdb_id}/season/{show.seasons[0].season_number}")
    voted = [e for e in season["episodes"] if e["vote_count"]]
    assert all(1.0 <= e["vote_average"] <= 10.0 for e in voted)
