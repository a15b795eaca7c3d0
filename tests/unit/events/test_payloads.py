"""Webhook payloads, Plex websocket messages and scopes -> changes (pure)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kometa.app.waiting import _without_event_flags
from kometa.core.errors import UsageError
from kometa.events.listener import parse_listen
from kometa.events.plex_alerts import changes_from_message, websocket_url
from kometa.events.scope import Change, Scope
from kometa.events.webhooks import Ignored, PayloadError, parse

BOUNDARY = "----plexwebhook"


def plex_multipart(payload: dict, thumb: bool = True) -> tuple[bytes, str]:
    parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="payload"\r\n'
             f'Content-Type: application/json\r\n\r\n{json.dumps(payload)}\r\n'.encode()]
    if thumb:
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="thumb"; filename="poster.jpg"\r\n'
                     f'Content-Type: image/jpeg\r\n\r\n'.encode() + b"\xff\xd8\xff\x00binary\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode(), f"multipart/form-data; boundary={BOUNDARY}"


def test_plex_webhook_library_new():
    body, ctype = plex_multipart({"event": "library.new", "Metadata": {
        "librarySectionID": 3, "librarySectionTitle": "Films", "ratingKey": "777", "type": "movie",
        "title": "Arrival", "Guid": [{"id": "imdb://tt2543164"}, {"id": "tmdb://329865"}]}})
    (change,) = parse("/plex", body, ctype)
    assert change == Change("plex-webhook", "added", section="3", library="Films", media="movie",
                            rating_keys=("777",), guids=("imdb://tt2543164", "tmdb://329865"), title="Arrival")


def test_plex_webhook_other_events_are_ignored_and_bad_ones_are_400():
    body, ctype = plex_multipart({"event": "media.play", "Metadata": {"ratingKey": "1"}}, thumb=False)
    with pytest.raises(Ignored, match="media.play"):
        parse("/plex", body, ctype)
    with pytest.raises(PayloadError) as no_payload:
        parse("/plex", f"--{BOUNDARY}--\r\n".encode(), ctype)
    assert no_payload.value.status == 400 and "no 'payload' part" in no_payload.value.reason
    with pytest.raises(PayloadError) as not_multipart:
        parse("/plex", b"{}", "application/json")
    assert not_multipart.value.status == 415


SONARR = {"eventType": "Download", "isUpgrade": False, "series": {"id": 1, "title": "Severance", "path": "/tv/Severance",
          "tvdbId": 371980, "imdbId": "tt11280740", "tmdbId": 95396},
          "episodes": [{"seasonNumber": 2, "episodeNumber": 3, "title": "Who Is Alive?"}]}
RADARR = {"eventType": "Download", "isUpgrade": True, "movie": {"id": 9, "title": "Dune", "year": 2021,
          "folderPath": "/movies/Dune (2021)", "tmdbId": 438631, "imdbId": "tt1160419"}}


def test_sonarr_and_radarr_imports():
    (show,) = parse("/sonarr", json.dumps(SONARR).encode(), "application/json")
    assert (show.source, show.kind, show.media, show.title) == ("sonarr", "added", "show", "Severance S02E03")
    assert show.guids == ("tmdb://95396", "tvdb://371980", "imdb://tt11280740") and show.paths == ("/tv/Severance",)
    (movie,) = parse("/radarr", json.dumps(RADARR).encode(), "application/json")
    assert (movie.kind, movie.media, movie.paths) == ("updated", "movie", ("/movies/Dune (2021)",))  # On Upgrade


@pytest.mark.parametrize("body, outcome", [
    ({"eventType": "Test"}, "test received"),
    ({"eventType": "Grab", "series": {}}, "Grab needs no run"),
    ({"eventType": "Download"}, 400),
    ({"series": {}}, 400),
    ([1, 2], 400),
])
def test_arr_other_payloads(body, outcome):
    if isinstance(outcome, str):
        with pytest.raises(Ignored, match=outcome):
            parse("/sonarr", json.dumps(body).encode(), "application/json")
    else:
        with pytest.raises(PayloadError) as bad:
            parse("/sonarr", json.dumps(body).encode(), "application/json")
        assert bad.value.status == outcome and "\n" not in bad.value.reason


def test_tautulli_and_generic_run():
    (change,) = parse("/tautulli", b'{"action": "created", "rating_key": "55", "section_id": "2", '
                      b'"media_type": "episode", "title": "Pilot"}', "application/json")
    assert change == Change("tautulli", "added", section="2", media="show", rating_keys=("55",), title="Pilot")
    with pytest.raises(PayloadError, match="give rating_key"):
        parse("/tautulli", b'{"action": "created"}', "application/json")
    assert parse("/run", b"", "") == [Change("run", "run")]
    assert parse("/run", b"", "")[0].whole_config
    both = parse("/run", b'{"libraries": ["Movies", "TV Shows"], "collections": ["Top"]}', "application/json")
    assert [(c.library, c.collections) for c in both] == [("Movies", ("Top",)), ("TV Shows", ("Top",))]
    for bad in (b'{"command": "rm -rf /"}', b'{"libraries": "Movies;x", "config": "/etc/passwd"}',
                b'{"collections": [1]}', b"nope"):
        with pytest.raises(PayloadError) as refused:
            parse("/run", bad, "application/json")
        assert refused.value.status == 400
    with pytest.raises(PayloadError) as unknown:
        parse("/exec", b"{}", "application/json")
    assert unknown.value.status == 404


def _timeline(*entries):
    return json.dumps({"NotificationContainer": {"type": "timeline", "size": len(entries), "TimelineEntry": list(entries)}})


def test_plex_timeline_messages():
    entry = {"identifier": "com.plexapp.plugins.library", "sectionID": "1", "itemID": "12", "type": 1,
             "title": "A", "state": 0, "metadataState": "created", "updatedAt": 1}
    assert changes_from_message(_timeline(entry)) == [Change("plex", "added", section="1", rating_keys=("12",),
                                                             title="A")]
    assert changes_from_message(_timeline({**entry, "state": 5, "metadataState": None}))[0].kind == "updated"
    assert changes_from_message(_timeline({**entry, "state": 9, "metadataState": "deleted"}))[0].kind == "deleted"
    assert changes_from_message(_timeline({**entry, "state": 3, "metadataState": "loading"})) == []  # in progress
    assert changes_from_message(_timeline({**entry, "type": 18})) == []  # a collection (ours, likely)
    assert changes_from_message(_timeline({**entry, "identifier": "com.plexapp.system"})) == []
    activity = {"NotificationContainer": {"type": "activity", "size": 1, "ActivityNotification": [{}]}}
    assert changes_from_message(json.dumps(activity)) == []


@given(st.text() | st.binary())
def test_unreadable_messages_never_raise(text):
    assert isinstance(changes_from_message(text), list)


def test_scope_round_trip_and_merging():
    changes = [Change("plex", "added", section="1", rating_keys=("1",)),
               Change("plex", "added", section="1", rating_keys=("1",)),  # repeated: once
               Change("run", "run", library="Movies", collections=("A", "B"))]
    scope = Scope.of(changes)
    assert len(scope.changes) == 2 and Scope.from_json(scope.to_json()) == scope
    assert scope.sections() == {"1"} and scope.library_names() == {"Movies"}
    assert scope.collections() == set()  # one change is not limited to collections: no limit
    assert Scope.of([changes[2]]).collections() == {"A", "B"}
    with pytest.raises(ValueError):
        Scope.from_json('[{"source": "run", "kind": "run", "command": "x"}]')
    with pytest.raises(ValueError):
        Scope.from_json('[{"source": "run", "kind": "shell"}]')


def test_listen_addresses_and_websocket_urls():
    assert parse_listen("8765") == ("127.0.0.1", 8765)
    assert parse_listen("0.0.0.0:9000") == ("0.0.0.0", 9000)
    assert parse_listen("[::1]:9000") == ("::1", 9000)
    for bad in ("", "host:", "host:99999", "x:y"):
        with pytest.raises(UsageError, match="--listen"):
            parse_listen(bad)
    assert websocket_url("https://plex.example:32400/") == "wss://plex.example:32400/:/websockets/notifications"
    assert websocket_url("http://10.0.0.2:32400") == "ws://10.0.0.2:32400/:/websockets/notifications"


def test_child_runs_get_no_event_flags():
    argv = ["--config", "c.yml", "--listen", "8765", "--listen-token=s3cret", "--plex-events", "--settle", "5s",
            "--times", "05:00"]
    assert _without_event_flags(argv) == ["--config", "c.yml", "--times", "05:00"]


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=3), max_leaves=8)
FIELDS = {"/plex": {"event": st.just("library.new"),
                    "Metadata": st.fixed_dictionaries({}, optional={"Guid": json_values, "type": json_values,
                                                                    "ratingKey": json_values, "title": json_values,
                                                                    "librarySectionID": json_values})},
          "/sonarr": {"eventType": st.just("Download"), "series": st.dictionaries(st.sampled_from(
              ["tmdbId", "tvdbId", "imdbId", "path", "title"]), json_values), "episodes": json_values},
          "/radarr": {"eventType": st.just("Download"), "movie": json_values, "isUpgrade": json_values},
          "/tautulli": {"action": json_values, "rating_key": json_values, "section_id": json_values,
                        "library_name": json_values, "media_type": json_values},
          "/run": {"libraries": json_values, "collections": json_values, "files": json_values}}


@given(st.sampled_from(sorted(FIELDS)).flatmap(
    lambda path: st.tuples(st.just(path), st.fixed_dictionaries({}, optional=FIELDS[path]) | json_values)))
def test_any_json_payload_gives_changes_a_4xx_or_ignored_never_a_crash(case):
    path, payload = case
    if path == "/plex":
        body, content_type = plex_multipart(payload if isinstance(payload, dict) else {"event": payload}, thumb=False)
    else:
        body, content_type = json.dumps(payload).encode(), "application/json"
    try:
        changes = parse(path, body, content_type)
    except PayloadError as exc:
        assert 400 <= exc.status < 500
    except Ignored:
        pass
    else:
        assert all(isinstance(c, Change) for c in changes)
