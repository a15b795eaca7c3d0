"""metasim's Trakt: shapes, paging headers, credentials, determinism and the OAuth device flow."""

from __future__ import annotations

import requests

from metasim.server import MetaSim

H = {"trakt-api-key": "metasim-trakt", "trakt-api-version": "2"}


def _get(meta: MetaSim, path: str, headers: dict[str, str] | None = None, **params: object) -> requests.Response:
    return requests.get(f"{meta.url}/trakt{path}", headers=headers or H, params=params, timeout=10)


def test_list_items_shape_and_determinism(fresh_metasim):
    r = _get(fresh_metasim, "/users/someone/lists/best-of")
    assert r.status_code == 200 and r.json()["ids"]["slug"] == "best-of"
    items = _get(fresh_metasim, "/users/someone/lists/best-of/items").json()
    assert 10 <= len(items) <= 50 and items[0]["rank"] == 1
    first = items[0][items[0]["type"]]
    assert set(first["ids"]) >= {"trakt", "slug", "imdb", "tmdb"}
    with MetaSim(seed=1, movies=40, shows=6) as again:
        assert _get(again, "/users/someone/lists/best-of/items").json() == items
    world = fresh_metasim.world
    assert all(world.title("movie" if e["type"] == "movie" else "tv", e[e["type"]]["ids"]["tmdb"]) for e in items)


def test_paging_headers_and_limits(fresh_metasim):
    r = _get(fresh_metasim, "/movies/trending", page=2, limit=7)
    assert len(r.json()) == 7
    assert r.headers["X-Pagination-Page"] == "2" and r.headers["X-Pagination-Limit"] == "7"
    total = int(r.headers["X-Pagination-Item-Count"])
    assert int(r.headers["X-Pagination-Page-Count"]) == -(-total // 7)
    assert len(_get(fresh_metasim, "/movies/popular").json()) == 10  # Trakt's default limit
    assert len(_get(fresh_metasim, "/movies/boxoffice", limit=50).json()) == 10
    assert _get(fresh_metasim, "/shows/boxoffice").status_code == 404
    assert _get(fresh_metasim, "/movies/watched/fortnightly").status_code == 404


def test_credentials(fresh_metasim):
    assert _get(fresh_metasim, "/movies/trending", headers={"trakt-api-version": "2"}).status_code == 401
    assert _get(fresh_metasim, "/users/me/watchlist/movies").status_code == 401
    token = fresh_metasim.meta.trakt.grant("t0k")
    ok = _get(fresh_metasim, "/users/me/watchlist/movies", headers={**H, "Authorization": f"Bearer {token}"})
    assert ok.status_code == 200 and all(e["type"] == "movie" for e in ok.json())
    assert _get(fresh_metasim, "/users/missing-someone/lists/x").status_code == 404
    assert _get(fresh_metasim, "/lists/995000000").status_code == 404


def test_device_flow_and_refresh(fresh_metasim):
    base = f"{fresh_metasim.url}/trakt/oauth"
    state = fresh_metasim.meta.trakt
    code = requests.post(f"{base}/device/code", json={"client_id": state.client_id}, timeout=10).json()
    body = {"code": code["device_code"], "client_id": state.client_id, "client_secret": state.client_secret}
    assert requests.post(f"{base}/device/token", json=body, timeout=10).status_code == 400  # pending
    tokens = requests.post(f"{base}/device/token", json=body, timeout=10).json()
    assert state.valid(tokens["access_token"])
    refresh = {"refresh_token": tokens["refresh_token"], "client_id": state.client_id,
               "client_secret": state.client_secret, "grant_type": "refresh_token"}
    again = requests.post(f"{base}/token", json=refresh, timeout=10)
    assert again.status_code == 200 and again.json()["access_token"] != tokens["access_token"]
    assert requests.post(f"{base}/token", json=refresh, timeout=10).status_code == 401  # spent


def test_list_writes_need_the_user_and_answer_trakts_counts(fresh_metasim):
    meta = fresh_metasim
    token = meta.meta.trakt.grant("write-token")
    auth = {**H, "Authorization": f"Bearer {token}"}
    url = f"{meta.url}/trakt/users/me/lists/picks/items"
    movie = next(t for t in meta.world.titles if t.kind == "movie")
    body = {"movies": [{"ids": {"tmdb": movie.tmdb_id}}, {"ids": {"imdb": "tt0000001"}}]}
    assert requests.post(url, json=body, headers=H, timeout=10).status_code == 401  # no Bearer token
    assert requests.post(f"{meta.url}/trakt/users/someone/lists/picks/items", json=body, headers=auth,
                         timeout=10).status_code == 403
    assert requests.post(f"{meta.url}/trakt/users/me/lists/missing-x/items", json=body, headers=auth,
                         timeout=10).status_code == 404
    before = [e["id"] for e in requests.get(url, headers=auth, timeout=10).json()]
    added = requests.post(url, json=body, headers=auth, timeout=10)
    assert added.status_code == 201
    answer = added.json()
    on_list = movie.tmdb_id in [e["movie"]["ids"]["tmdb"] for e in requests.get(url, headers=auth, timeout=10).json()
                                if e["type"] == "movie"]
    assert on_list and answer["not_found"]["movies"] == [{"ids": {"imdb": "tt0000001"}}]
    assert answer["added"]["movies"] + answer["existing"]["movies"] == 1
    assert answer["list"]["item_count"] == len(before) + answer["added"]["movies"]
    again = requests.post(url, json=body, headers=auth, timeout=10).json()
    assert again["added"]["movies"] == 0 and again["existing"]["movies"] == 1
    removed = requests.post(url + "/remove", json=body, headers=auth, timeout=10).json()
    assert removed["deleted"]["movies"] == 1 and removed["not_found"]["movies"] == [{"ids": {"imdb": "tt0000001"}}]
    ids = [e["id"] for e in requests.get(url, headers=auth, timeout=10).json()]
    reordered = requests.post(url + "/reorder", json={"rank": [*reversed(ids), 12]}, headers=auth, timeout=10).json()
    assert reordered["updated"] == len(ids) and reordered["skipped_ids"] == [12]
    assert [e["id"] for e in requests.get(url, headers=auth, timeout=10).json()] == list(reversed(ids))
