"""Paging boundaries, tokens, malformed parameters, /_sim endpoints and faults."""

from __future__ import annotations

import re
import threading
import time

import pytest
import requests
from plexapi.exceptions import BadRequest, Unauthorized
from plexapi.server import PlexServer
from plexsim_helpers import raw_get


def children(text):
    return len(re.findall(r"<Video ", text))


def attr(text, name):
    return int(re.search(rf' {name}="(\d+)"', text).group(1))


# -- paging -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("start", "size", "count"), [
    (0, 0, 0), (0, 1, 1), (199, 1, 1), (199, 5, 1), (200, 1, 0), (250, 10, 0), (0, 200, 200), (100, 100, 100),
])
def test_paging_boundaries_headers(plexsim_server, start, size, count):
    resp = raw_get(plexsim_server, "/library/sections/1/all",
                   headers={"X-Plex-Container-Start": str(start), "X-Plex-Container-Size": str(size)})
    assert resp.status_code == 200
    assert children(resp.text) == count
    assert attr(resp.text, "size") == count and attr(resp.text, "totalSize") == 200
    assert attr(resp.text, "offset") == start


def test_query_params_win_over_headers(plexsim_server):
    resp = raw_get(plexsim_server, "/library/sections/1/all",
                   headers={"X-Plex-Container-Start": "0", "X-Plex-Container-Size": "50"},
                   **{"X-Plex-Container-Start": "10", "X-Plex-Container-Size": "3"})
    assert children(resp.text) == 3 and attr(resp.text, "offset") == 10


def test_plexapi_paging_exact_multiple_and_small_pages(plex):
    movies = plex.library.section("Movies")
    everything = [m.ratingKey for m in movies.all()]
    for size in (1, 7, 50, 100, 200, 500):  # 50/100/200 divide 200 exactly
        got = [m.ratingKey for m in movies.search(container_size=size)]
        assert got == everything, size
    assert len(movies.search(maxresults=1)) == 1
    assert [m.ratingKey for m in movies.search(container_start=195)] == everything[195:]
    show = plex.library.section("TV Shows").all()[0]
    eps = show.episodes(maxresults=2)
    assert len(eps) == 2


def test_empty_result_is_a_container(plexsim_server):
    resp = raw_get(plexsim_server, "/library/sections/1/all", title="no such title at all")
    assert resp.status_code == 200 and 'totalSize="0"' in resp.text and 'size="0"' in resp.text


# -- tokens ----------------------------------------------------------------------------------------
def test_missing_and_bad_tokens(plexsim_server):
    assert raw_get(plexsim_server, "/", token=False).status_code == 401
    assert raw_get(plexsim_server, "/", token=False, headers={"X-Plex-Token": "wrong"}).status_code == 401
    assert requests.get(plexsim_server.url + "/?X-Plex-Token=wrong", timeout=5).status_code == 401
    assert requests.get(plexsim_server.url + f"/?X-Plex-Token={plexsim_server.token}", timeout=5).status_code == 200
    with pytest.raises(Unauthorized):
        PlexServer(plexsim_server.url, "wrong")
    assert requests.get(plexsim_server.url + "/_sim/stats", timeout=5).status_code == 401


def test_anonymous_switch(plexsim_factory):
    sim = plexsim_factory(movies=3, shows=1, token=None)
    assert requests.get(sim.url + "/library/sections", timeout=5).status_code == 200


# -- malformed parameters -------------------------------------------------------------------------
@pytest.mark.parametrize(("path", "params", "needle"), [
    ("/library/sections/1/all", {"X-Plex-Container-Size": "ten"}, "X-Plex-Container-Size"),
    ("/library/sections/1/all", {"X-Plex-Container-Start": "-1"}, "X-Plex-Container-Start"),
    ("/library/sections/1/all", {"year>>": "nineteen"}, "year"),
    ("/library/sections/1/all", {"bogusField": "1"}, "bogusField"),
    ("/library/sections/1/all", {"sort": "nonsense:desc"}, "sort"),
    ("/library/sections/1/all", {"sort": "year:sideways"}, "direction"),
    ("/library/sections/1/all", {"type": "99"}, "type"),
    ("/library/sections/1/all", {"limit": "lots"}, "limit"),
    ("/library/sections/1/all", {"push": "1", "genre": "1"}, "push"),
    ("/library/sections/1/all", {"addedAt>>": "yesterday"}, "date"),
    ("/library/sections/1/all", {"unwatched": "maybe"}, "unwatched"),
    ("/library/metadata/abc", {}, "ratingKey"),
    ("/library/sections/1/genre", {"type": "x"}, "type"),
])
def test_malformed_parameters_are_clear_400s(plexsim_server, path, params, needle):
    resp = raw_get(plexsim_server, path, **params)
    assert resp.status_code == 400, resp.text
    assert needle in resp.text


def test_unknown_section_and_endpoint_are_404(plexsim_server):
    assert raw_get(plexsim_server, "/library/sections/42/all").status_code == 404
    assert raw_get(plexsim_server, "/hubs/nonsense", query="x").status_code == 404
    assert raw_get(plexsim_server, "/library/sections/1/nonsenseFilter").status_code == 404


# -- /_sim stats and faults -----------------------------------------------------------------------
def test_stats_and_reset(plexsim_factory):
    sim = plexsim_factory(movies=5, shows=1)
    plex = PlexServer(sim.url, sim.token)
    plex.library.section("Movies").all()
    hdr = {"X-Plex-Token": sim.token}
    stats = requests.get(sim.url + "/_sim/stats", headers=hdr, timeout=5).json()
    assert set(stats) == {"requests", "by_method", "by_endpoint"}
    assert set(stats["by_method"]) >= {"GET", "PUT", "POST", "DELETE"}
    assert stats["by_endpoint"]["GET /"] == 1
    assert stats["by_endpoint"]["GET /library/sections/{sid}/all"] == 1
    assert stats["requests"] == sum(stats["by_endpoint"].values()) == stats["by_method"]["GET"]
    again = requests.get(sim.url + "/_sim/stats", headers=hdr, timeout=5).json()
    assert again["requests"] == stats["requests"]  # /_sim/* does not count itself
    assert requests.post(sim.url + "/_sim/reset", headers=hdr, timeout=5).status_code == 200
    assert sim.stats()["requests"] == 0
    assert len(plex.library.section("Movies").all()) == 5  # data survives a reset
    log = requests.get(sim.url + "/_sim/log", headers=hdr, timeout=5).json()
    assert log[-1]["endpoint"] == "GET /library/sections/{sid}/all" and log[-1]["status"] == 200


def test_faults_runtime(plexsim_factory):
    sim = plexsim_factory(movies=3, shows=1)
    hdr = {"X-Plex-Token": sim.token}
    plex = PlexServer(sim.url, sim.token)
    resp = requests.post(sim.url + "/_sim/faults", headers=hdr, json={"latency_ms": 150}, timeout=5)
    assert resp.json()["latency_ms"] == 150
    t = time.monotonic()
    plex.query("/library/sections")
    assert time.monotonic() - t >= 0.15
    sim.set_faults(latency_ms=0, error_rate=1.0)
    with pytest.raises(BadRequest, match=r"\((500|503)\)"):
        plex.query("/library/sections")
    assert requests.get(sim.url + "/_sim/stats", headers=hdr, timeout=5).status_code == 200  # never faulted
    sim.set_faults(error_rate=0.0, drop_rate=1.0)
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(sim.url + "/library/sections", headers=hdr, timeout=5)
    sim.set_faults(drop_rate=0.0, slow_body_ms=200)
    t = time.monotonic()
    assert len(plex.query("/library/sections")) == 2
    assert time.monotonic() - t >= 0.2
    sim.clear_faults()
    bad = requests.post(sim.url + "/_sim/faults", headers=hdr, json={"error_rate": 3}, timeout=5)
    assert bad.status_code == 400 and "error_rate" in bad.json()["error"]
    assert requests.post(sim.url + "/_sim/faults", headers=hdr, json={"nope": 1}, timeout=5).status_code == 400


def test_partial_error_rate_is_seeded(plexsim_factory):
    sim = plexsim_factory(movies=3, shows=1, faults={"error_rate": 0.5, "seed": 7})
    hdr = {"X-Plex-Token": sim.token}
    codes = [requests.get(sim.url + "/identity", headers=hdr, timeout=5).status_code for _ in range(40)]
    assert set(codes) <= {200, 500, 503} and 5 < codes.count(200) < 35


# -- concurrency ----------------------------------------------------------------------------------
def test_concurrent_writes_from_two_clients(fresh_plexsim):
    sim = fresh_plexsim
    clients = [PlexServer(sim.url, sim.token) for _ in range(2)]
    target = clients[0].library.section("Movies").search(limit=1)[0].ratingKey
    errors = []

    def work(n, plex):
        try:
            movies = plex.library.section("Movies")
            item = plex.fetchItem(target)  # each client edits from its own (stale) view
            for i in range(15):
                movies.multiEdit([item], **{"label[0].tag.tag": f"c{n}-{i}", "label.locked": 1})
                plex.createPlaylist(f"pl-{n}-{i}", items=[item])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n, c)) for n, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    labels = {lb.tag for lb in clients[1].fetchItem(target).labels}
    assert {f"c{n}-{i}" for n in range(2) for i in range(15)} <= labels  # nothing lost
    playlists = clients[0].playlists()
    assert len(playlists) == 30 and len({p.ratingKey for p in playlists}) == 30


def test_faults_via_query_params(plexsim_factory):
    sim = plexsim_factory(movies=1, shows=0)
    hdr = {"X-Plex-Token": sim.token}
    resp = requests.post(sim.url + "/_sim/faults?error_rate=1&error_statuses=503", headers=hdr, timeout=5)
    assert resp.json()["error_statuses"] == [503]
    assert requests.get(sim.url + "/identity", headers=hdr, timeout=5).status_code == 503
    assert requests.get(sim.url + "/_sim/faults", headers=hdr, timeout=5).json()["error_rate"] == 1.0
