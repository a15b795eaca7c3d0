"""metasim's routes behind the operation sources: Trakt ratings (titles, episodes, the user's own),
MyAnimeList detail fields, the AniDB service's anime XML, Radarr/Sonarr import and editor delete."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import requests

from metasim.anime import catalogue

H = {"trakt-api-key": "metasim-trakt", "trakt-api-version": "2"}


def test_trakt_ratings_shapes(fresh_metasim):
    meta = fresh_metasim
    movie = next(t for t in meta.world.titles if t.kind == "movie" and t.imdb_id)
    body = requests.get(f"{meta.url}/trakt/movies/{movie.imdb_id}/ratings", headers=H, timeout=10).json()
    assert set(body) == {"rating", "votes", "distribution"} and 1 <= body["rating"] <= 10
    assert set(body["distribution"]) == {str(n) for n in range(1, 11)}
    assert requests.get(f"{meta.url}/trakt/movies/tt0000000/ratings", headers=H, timeout=10).status_code == 404
    show = next(t for t in meta.world.titles if t.kind == "tv" and t.imdb_id and t.seasons)
    season = show.seasons[0]
    ok = requests.get(f"{meta.url}/trakt/shows/{show.imdb_id}/seasons/{season.season_number}/episodes/1/ratings",
                      headers=H, timeout=10)
    assert ok.status_code == 200 and ok.json()["votes"] > 0
    past = season.episode_count + 1
    assert requests.get(f"{meta.url}/trakt/shows/{show.imdb_id}/seasons/{season.season_number}/episodes/{past}"
                        f"/ratings", headers=H, timeout=10).status_code == 404
    assert requests.get(f"{meta.url}/trakt/users/me/ratings/movies", headers=H, timeout=10).status_code == 401
    token = meta.meta.trakt.grant("tok")
    rows = requests.get(f"{meta.url}/trakt/users/me/ratings/movies", headers={**H, "Authorization": f"Bearer {token}"},
                        timeout=10).json()
    assert rows and all(r["type"] == "movie" and 1 <= r["rating"] <= 10 and r["movie"]["ids"]["tmdb"] for r in rows)
    assert [r["rated_at"] for r in rows] == sorted((r["rated_at"] for r in rows), reverse=True)


def test_mal_details_and_anidb_xml(fresh_metasim):
    meta = fresh_metasim
    anime = catalogue(meta.world)[0]
    mal = requests.get(f"{meta.url}/mal/v2/anime/{anime.mal_id}", headers={"X-MAL-CLIENT-ID": "metasim-mal"},
                       params={"fields": "genres,rating,studios,alternative_titles,mean"}, timeout=10).json()
    assert mal["rating"] in ("g", "pg", "pg_13", "r", "r+") and mal["genres"] and {"en", "ja"} <= set(
        mal["alternative_titles"])
    plain = requests.get(f"{meta.url}/mal/v2/anime/{anime.mal_id}", headers={"X-MAL-CLIENT-ID": "metasim-mal"},
                         timeout=10).json()
    assert "genres" not in plain  # fields are only given when asked, as MAL does
    answer = requests.get(f"{meta.url}/anidb/anime/{anime.anidb_id}", timeout=10)
    root = ET.fromstring(answer.text)
    assert answer.headers["content-type"].startswith("application/xml") and root.tag == "anime"
    assert root.get("id") == str(anime.anidb_id) and root.find("titles/title[@type='main']") is not None
    assert root.find("ratings/permanent") is not None and root.findall("tags/tag")
    assert any(t.get("infobox") == "true" for t in root.findall("tags/tag"))
    assert requests.get(f"{meta.url}/anidb/anime/999999", timeout=10).status_code == 404


def test_arr_import_and_editor_delete(fresh_metasim):
    meta = fresh_metasim
    headers = {"X-Api-Key": "metasim-radarr"}
    titles = requests.get(f"{meta.url}/radarr/api/v3/movie", headers=headers, timeout=10).json()
    have = {t["tmdbId"] for t in titles}
    new = next(t for t in meta.world.titles if t.kind == "movie" and t.tmdb_id not in have and not t.synthetic)
    bodies = [{"tmdbId": new.tmdb_id, "title": new.title, "qualityProfileId": 4, "rootFolderPath": "/movies",
               "path": "/movies/New", "tags": []}, {"tmdbId": titles[0]["tmdbId"], "qualityProfileId": 4}]
    stored = requests.post(f"{meta.url}/radarr/api/v3/movie/import", json=bodies, headers=headers, timeout=10).json()
    assert [s["tmdbId"] for s in stored] == [new.tmdb_id] and stored[0]["path"] == "/movies/New"
    gone = requests.delete(f"{meta.url}/radarr/api/v3/movie/editor", json={"movieIds": [titles[0]["id"]],
                                                                           "deleteFiles": False},
                           headers=headers, timeout=10)
    assert gone.status_code == 200 and gone.content == b""
    after = {t["id"] for t in requests.get(f"{meta.url}/radarr/api/v3/movie", headers=headers, timeout=10).json()}
    assert titles[0]["id"] not in after and len(after) == len(titles)  # one gone, one imported
    assert requests.delete(f"{meta.url}/radarr/api/v3/movie/editor", json={}, headers=headers,
                           timeout=10).status_code == 400
