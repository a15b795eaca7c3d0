"""``--listen``: the webhook endpoint over real HTTP — token, limits, payload errors, accepted changes."""

from __future__ import annotations

import base64
import json
import socket
from collections.abc import Iterator

import pytest
import requests

from kometa.core.errors import UsageError
from kometa.events.listener import MAX_BODY, EventServer
from kometa.events.scope import Change

TOKEN = "a-long-random-token"


@pytest.fixture
def server() -> Iterator[tuple[EventServer, list[Change]]]:
    got: list[Change] = []
    srv = EventServer(("127.0.0.1", 0), TOKEN, got.extend).start()
    yield srv, got
    srv.stop()


def url(srv: EventServer, path: str) -> str:
    return f"http://127.0.0.1:{srv.port}{path}"


def test_token_is_required_in_every_accepted_form(server):
    srv, got = server
    assert requests.post(url(srv, "/run"), timeout=5).status_code == 401
    wrong = requests.post(url(srv, "/run"), params={"token": "nope"}, timeout=5)
    assert wrong.status_code == 403 and wrong.json() == {"error": "wrong token"}
    basic = "Basic " + base64.b64encode(f"sonarr:{TOKEN}".encode()).decode()
    for kwargs in ({"params": {"token": TOKEN}}, {"headers": {"X-Kometa-Token": TOKEN}},
                   {"headers": {"Authorization": f"Bearer {TOKEN}"}}, {"headers": {"Authorization": basic}}):
        answer = requests.post(url(srv, "/run"), timeout=5, **kwargs)
        assert answer.status_code == 202 and answer.json() == {"accepted": 1}
    assert len(got) == 4 and all(c == Change("run", "run") for c in got)
    assert requests.get(url(srv, "/health"), params={"token": TOKEN}, timeout=5).json() == {"ok": True}
    assert requests.get(url(srv, "/health"), timeout=5).status_code == 401


def test_bad_requests_get_4xx_with_one_line_and_run_nothing(server):
    srv, got = server
    auth = {"token": TOKEN}
    cases = [
        (requests.post, "/sonarr", {"data": b"not json"}, 400),
        (requests.post, "/radarr", {"json": {"eventType": "Download"}}, 400),
        (requests.post, "/plex", {"json": {"event": "library.new"}}, 415),
        (requests.post, "/run", {"json": {"config": "/etc/other.yml"}}, 400),
        (requests.post, "/shell", {"json": {}}, 404),
        (requests.get, "/run", {}, 405),
        (requests.put, "/run", {}, 405),
        (requests.post, "/run", {"data": b"x" * (MAX_BODY + 1)}, 413),
    ]
    for method, path, kwargs, status in cases:
        answer = method(url(srv, path), params=auth, timeout=5, **kwargs)
        assert answer.status_code == status, (path, answer.text)
        assert "\n" not in answer.json()["error"].strip()
    assert got == []


def test_no_content_length_is_411(server):
    srv, got = server
    with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as conn:
        conn.sendall(f"POST /run?token={TOKEN} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".encode())
        assert conn.recv(200).startswith(b"HTTP/1.1 411")
    assert got == []


def test_sonarr_radarr_tautulli_plex_are_accepted(server):
    srv, got = server
    auth = {"token": TOKEN}
    assert requests.post(url(srv, "/sonarr"), params=auth, timeout=5, json={"eventType": "Test"}).json() == \
        {"ignored": "Sonarr test received"}
    requests.post(url(srv, "/sonarr"), params=auth, timeout=5, json={
        "eventType": "Download", "series": {"title": "Show", "tvdbId": 1}, "episodes": []}).raise_for_status()
    requests.post(url(srv, "/radarr"), params=auth, timeout=5, json={
        "eventType": "Download", "movie": {"title": "Film", "tmdbId": 2}}).raise_for_status()
    requests.post(url(srv, "/tautulli"), params=auth, timeout=5, json={
        "action": "created", "rating_key": "5", "section_id": "1"}).raise_for_status()
    payload = json.dumps({"event": "library.new", "Metadata": {"librarySectionID": "1", "ratingKey": "9",
                                                               "type": "movie", "title": "New"}})
    answer = requests.post(url(srv, "/plex"), params=auth, timeout=5, files={"payload": (None, payload)})
    assert answer.status_code == 202, answer.text
    assert [(c.source, c.media, c.section) for c in got] == [
        ("sonarr", "show", None), ("radarr", "movie", None), ("tautulli", None, "1"), ("plex-webhook", "movie", "1")]


def test_no_token_no_listener():
    with pytest.raises(UsageError, match="KOMETA_LISTEN_TOKEN"):
        EventServer(("127.0.0.1", 0), "", lambda changes: None)
