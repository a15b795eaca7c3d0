"""The notification websocket (``/:/websockets/notifications``) and ``POST /_sim/items``, read by
python-plexapi's own AlertListener (websocket-client underneath), as a real Plex would be read."""

from __future__ import annotations

import queue
import time
from typing import Any

import pytest
import requests
import websocket
from plexapi.server import PlexServer


def _listen(sim: Any) -> tuple[Any, queue.Queue[dict[str, Any]]]:
    got: queue.Queue[dict[str, Any]] = queue.Queue()
    listener = PlexServer(sim.url, sim.token).startAlertListener(callback=got.put)
    deadline = time.monotonic() + 10
    while sim.sim.notifications.listeners == 0:
        assert time.monotonic() < deadline, "AlertListener never connected"
        time.sleep(0.01)
    return listener, got


def _until(got: queue.Queue[dict[str, Any]], match: Any, timeout: float = 10) -> list[dict[str, Any]]:
    """Messages up to and including the first for which ``match`` is true."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while True:
        message = got.get(timeout=max(deadline - time.monotonic(), 0.01))
        seen.append(message)
        if match(message):
            return seen


def _timeline(message: dict[str, Any]) -> list[dict[str, Any]]:
    return message.get("TimelineEntry", []) if message["type"] == "timeline" else []


def test_added_item_reaches_plexapi_alert_listener(fresh_plexsim):
    listener, got = _listen(fresh_plexsim)
    try:
        answer = requests.post(f"{fresh_plexsim.url}/_sim/items", params={"X-Plex-Token": fresh_plexsim.token},
                               json={"title": "Arrived Today", "year": 2025, "genres": ["Comedy"],
                                     "guids": ["imdb://tt7654321", "tmdb://987654"]}, timeout=10)
        assert answer.status_code == 200
        rk = answer.json()["added"][0]["ratingKey"]
        seen = _until(got, lambda m: m["type"] == "status")
    finally:
        listener.stop()
    kinds = [m["type"] for m in seen]
    assert kinds == ["activity", "timeline", "timeline", "activity", "status"]
    created, processed = (_timeline(m)[0] for m in seen[1:3])
    assert created == {"identifier": "com.plexapp.plugins.library", "sectionID": "1", "itemID": str(rk), "type": 1,
                       "title": "Arrived Today", "state": 0, "metadataState": "created",
                       "updatedAt": created["updatedAt"]}
    assert processed["state"] == 5 and processed["itemID"] == str(rk) and "metadataState" not in processed
    started, ended = seen[0]["ActivityNotification"][0], seen[3]["ActivityNotification"][0]
    assert (started["event"], ended["event"]) == ("started", "ended") and started["uuid"] == ended["uuid"]
    assert seen[4]["StatusNotification"][0]["notificationName"] == "LIBRARY_UPDATE"
    movie = PlexServer(fresh_plexsim.url, fresh_plexsim.token).fetchItem(rk)  # it is a real library item
    assert movie.title == "Arrived Today" and [g.tag for g in movie.genres] == ["Comedy"]
    assert {g.id for g in movie.guids} == {"imdb://tt7654321", "tmdb://987654"}


def test_edit_and_delete_through_the_api_are_reported(fresh_plexsim):
    plex = PlexServer(fresh_plexsim.url, fresh_plexsim.token)
    movie = plex.library.section("Movies").search(limit=1)[0]
    listener, got = _listen(fresh_plexsim)
    try:
        movie.editTitle("Renamed")
        edited = _until(got, lambda m: any(e["itemID"] == str(movie.ratingKey) for e in _timeline(m)))[-1]
        movie.delete()
        deleted = _until(got, lambda m: any(e["state"] == 9 for e in _timeline(m)))[-1]
    finally:
        listener.stop()
    entry = _timeline(edited)[0]
    assert (entry["state"], entry["title"], entry["type"]) == (5, "Renamed", 1)
    assert _timeline(deleted)[0]["metadataState"] == "deleted"


def test_episode_added_under_a_show(fresh_plexsim):
    plex = PlexServer(fresh_plexsim.url, fresh_plexsim.token)
    show = plex.library.section("TV Shows").search(limit=1)[0]
    before = len(show.episodes())
    answer = requests.post(f"{fresh_plexsim.url}/_sim/items", params={"X-Plex-Token": fresh_plexsim.token},
                           json={"type": "episode", "show": int(show.ratingKey), "season": 1}, timeout=10)
    assert answer.status_code == 200, answer.text
    show.reload()
    assert len(show.episodes()) == before + 1


@pytest.mark.parametrize("body, reason", [
    ({"section": 2}, "not a movie library"),
    ({"title": "x", "colour": "red"}, "unknown field(s) colour"),
    ({"guids": ["tt1"]}, "guids must be a list like"),
    ({"type": "episode", "show": 1}, "an episode needs show"),
    ([], "give one item object"),
])
def test_bad_additions_get_400_with_a_reason(fresh_plexsim, body, reason):
    answer = requests.post(f"{fresh_plexsim.url}/_sim/items", params={"X-Plex-Token": fresh_plexsim.token},
                           json=body, timeout=10)
    assert answer.status_code == 400 and reason in answer.json()["error"]


def test_websocket_needs_the_token(fresh_plexsim):
    url = fresh_plexsim.url.replace("http", "ws") + "/:/websockets/notifications"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(url + "?X-Plex-Token=wrong", timeout=5)
    assert refused.value.status_code == 403
    conn = websocket.create_connection(url, header=[f"X-Plex-Token: {fresh_plexsim.token}"], timeout=5)
    conn.close()
    assert fresh_plexsim.stats()["by_endpoint"].get("GET /:/websockets/notifications", 0) >= 2
