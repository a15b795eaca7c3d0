"""A definition's tmdb_region overrides the tmdb: section's region for its TMDb charts and discover
(Kometa: tmdb_popular, tmdb_now_playing, tmdb_top_rated, tmdb_upcoming; discover's default region)."""

from __future__ import annotations

from urllib.parse import parse_qs

from tmdb_helpers import rows


def _regions(tmdb, path_end: str) -> set[str]:
    found = set()
    for entry in tmdb.pair.meta.request_log():
        if entry["path"].endswith(path_end):
            found.update(parse_qs(entry["query"]).get("region", ["-"]))
    return found


def test_tmdb_region_per_definition(tmdb) -> None:
    key = tmdb.pair.meta.tmdb_key
    report = tmdb.run("""
        collections:
          Popular Here:
            tmdb_popular: 5
          Popular in Britain:
            tmdb_popular: 5
            tmdb_region: gb
          French Dramas:
            tmdb_discover:
              with_genres: 18
            tmdb_region: FR
          Own Region:
            tmdb_discover:
              with_genres: 18
              region: DE
            tmdb_region: FR
    """, tmdb=f"tmdb:\n  apikey: {key}\n  language: en\n  region: US\n")
    assert all(r.error is None for r in rows(report).values()), rows(report)
    assert _regions(tmdb, "/movie/popular") == {"US", "GB"}
    assert _regions(tmdb, "/discover/movie") == {"FR", "DE"}  # a discover's own region wins
    assert not report.not_done


def test_a_bad_tmdb_region_is_located(tmdb) -> None:
    report = tmdb.run("""
        collections:
          Somewhere:
            tmdb_popular: 5
            tmdb_region: Britain
    """)
    row = rows(report)["Somewhere"]
    assert row.status == "Builder Validation Error"
    assert "Movies.yml:5: tmdb_region must be a two-letter country code" in (row.error or ""), row.error
