"""Each kind of target over real HTTP to a local receiver: plain JSON, Discord/Slack shapes,
notifiarr (KOMETA_NOTIFIARR_URL), gotify, ntfy, apprise (its json:// service), failures."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from pathlib import Path

import pytest
from notify_receiver import Receiver

from kometa.notify.config import Apprise, Gotify, Notifiarr, NotifyConfig, Ntfy, Target
from kometa.notify.heartbeat import Heartbeat
from kometa.notify.notifier import Notifier
from kometa.notify.payloads import Change, ItemRef, RunStats
from kometa.notify.send import Delivery

START = datetime(2026, 3, 1, 5, 0, 0)


def _notifier(config: NotifyConfig, **kwargs: object) -> Notifier:
    return Notifier(config, **kwargs)  # type: ignore[arg-type]


def test_plain_url_gets_kometa_json_with_mapping_name(receiver: Receiver) -> None:
    target = Target("url", f"{receiver.url}/hook")
    notifier = _notifier(NotifyConfig(events={"error": (target,)}))
    notifier.error("boom", library_name="Movies", mapping_name="Films", collection="C", server_name="S")
    (request,) = receiver.requests
    assert request.method == "POST" and request.headers["Content-Type"] == "application/json"
    assert request.json() == {"event": "error", "error": "boom", "critical": False, "server_name": "S",
                              "library_name": "Movies", "collection": "C", "library_mapping_name": "Films"}


def test_discord_and_slack_shapes_go_over_http(receiver: Receiver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Target, "format", property(lambda self: self.url.rsplit("/", 1)[-1]))
    targets = (Target("url", f"{receiver.url}/discord"), Target("url", f"{receiver.url}/slack"))
    _notifier(NotifyConfig(events={"run_start": targets})).run_start(START)
    assert receiver.to("/discord")[0].json()["embeds"][0] == {
        "title": "Run Started", "color": 0x00BC8C, "description": "2026-03-01 05:00:00"}
    assert receiver.to("/slack")[0].json()["text"] == "Run Started"


def test_notifiarr_gotify_ntfy(receiver: Receiver) -> None:
    config = NotifyConfig(
        events={"run_start": (Target("notifiarr"), Target("gotify"), Target("ntfy"))},
        notifiarr=Notifiarr("nkey-123456", f"{receiver.url}/api/v1"),
        gotify=Gotify(f"{receiver.url}/gotify", "gtoken"),
        ntfy=Ntfy(f"{receiver.url}/ntfy", "kometa", "tk_abc"))
    _notifier(config).run_start(START)
    (notifiarr,) = receiver.to("/api/v1/notification/pmm/")
    assert notifiarr.headers["X-API-Key"] == "nkey-123456"
    assert notifiarr.json() == {"event": "run_start", "start_time": "2026-03-01 05:00:00",
                                "library_mapping_name": ""}
    (gotify,) = receiver.to("/gotify/message")
    assert gotify.headers["X-Gotify-Key"] == "gtoken"
    assert gotify.json() == {"title": "Run Started", "message": "2026-03-01 05:00:00", "priority": 4}
    (ntfy,) = receiver.to("/ntfy/kometa")
    assert ntfy.headers["Title"] == "Run Started" and ntfy.headers["Priority"] == "4"
    assert ntfy.headers["Authorization"] == "Bearer tk_abc" and ntfy.text == "2026-03-01 05:00:00"


def test_notifiarr_error_answer_is_a_warning(receiver: Receiver, caplog: pytest.LogCaptureFixture) -> None:
    receiver.answer("/api/v1/notification/pmm/", 400,
                    {"result": "error", "details": {"response": "Kometa start/complete trigger is not enabled"}})
    config = NotifyConfig(events={"run_start": (Target("notifiarr"),)},
                          notifiarr=Notifiarr("nkey-123456", f"{receiver.url}/api/v1"))
    notifier = _notifier(config)
    with caplog.at_level(logging.WARNING, "kometa"):
        notifier.run_start(START)
    assert "Notification run_start to notifiarr failed: Notifiarr answered: Kometa start/complete trigger is " \
           "not enabled" in caplog.text
    assert notifier.delivery.failed == 1


def test_apprise_routes_through_its_config(receiver: Receiver, tmp_path: Path) -> None:
    host = receiver.url.removeprefix("http://")
    (tmp_path / "apprise.yml").write_text(f"urls:\n  - json://{host}/apprise\n", encoding="utf-8")
    config = NotifyConfig(events={"error": (Target("apprise"),)}, apprise=Apprise(str(tmp_path / "apprise.yml")))
    _notifier(config).error("boom", critical=True)
    (request,) = receiver.to("/apprise")
    body = request.json()
    assert body["title"] == "Critical Global Error" and body["message"] == "Error Message: boom"
    assert body["type"] == "failure"


def test_apprise_with_no_services_is_one_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "apprise.yml").write_text("urls: []\n", encoding="utf-8")
    config = NotifyConfig(events={"error": (Target("apprise"),)}, apprise=Apprise(str(tmp_path / "apprise.yml")))
    notifier = _notifier(config)
    with caplog.at_level(logging.WARNING, "kometa"):
        notifier.error("a")
        notifier.error("b")
    assert caplog.text.count("no notification service could be loaded") == 1


def test_changes_are_batched_until_run_end_and_definition_targets_win(receiver: Receiver) -> None:
    config = NotifyConfig(events={"changes": (Target("url", f"{receiver.url}/global"),),
                                  "run_end": (Target("url", f"{receiver.url}/end"),)},
                          library_changes={"Shows": (Target("url", f"{receiver.url}/shows"),)})
    notifier = _notifier(config)
    notifier.changes(Change("A", "collection", "Movies", "S", "Movies", additions=[ItemRef("x")]))
    notifier.changes(Change("B", "collection", "TV", "S", "Shows"))
    notifier.changes(Change("C", "collection", "Movies", "S", "Movies"), (Target("url", f"{receiver.url}/own"),))
    assert receiver.requests == []  # nothing until the run ends
    notifier.run_end(START, START, RunStats())
    assert [r.path for r in receiver.requests] == ["/global", "/shows", "/own", "/end"]
    assert receiver.to("/global")[0].json()["library_mapping_name"] == "Movies"


def test_dry_run_holds_changes_and_deletes(receiver: Receiver) -> None:
    hook = (Target("url", f"{receiver.url}/hook"),)
    notifier = _notifier(NotifyConfig(events={"changes": hook, "delete": hook, "run_end": hook}), dry_run=True)
    notifier.changes(Change("A", "collection", "Movies", "S", "Movies"))
    notifier.delete("gone", library_name="Movies")
    notifier.run_end(START, START, RunStats())
    assert [r.json()["event"] for r in receiver.requests] == ["run_end"]
    assert receiver.requests[0].json()["dry_run"] is True and notifier.held_back == 2


def test_a_silent_target_costs_one_timeout_then_is_skipped(receiver: Receiver,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    release = receiver.hold("/slow")
    slow, fine = Target("url", f"{receiver.url}/slow"), Target("url", f"{receiver.url}/fine")
    config = NotifyConfig(events={"error": (slow, fine)})
    notifier = Notifier(config, delivery=Delivery(config, timeout=0.3))
    began = time.monotonic()
    with caplog.at_level(logging.WARNING, "kometa"):
        for index in range(5):
            notifier.error(f"e{index}")
    elapsed = time.monotonic() - began
    release.set()
    assert elapsed < 2.0, elapsed  # one 0.3 s timeout, not five
    assert len(receiver.to("/slow")) == 1 and len(receiver.to("/fine")) == 5
    assert caplog.text.count("no answer within 0.3 s; no more notifications go there this run") == 1


def test_heartbeat_pings_and_one_warning_when_down(receiver: Receiver, caplog: pytest.LogCaptureFixture) -> None:
    beat = Heartbeat(f"{receiver.url}/ping/uuid?rid=7")
    beat.start()
    beat.finish(143, "interrupted")
    assert [r.path for r in receiver.requests] == ["/ping/uuid/start?rid=7", "/ping/uuid/143?rid=7"]
    assert receiver.requests[1].text == "interrupted"
    down = Heartbeat("http://127.0.0.1:9/ping/uuid", timeout=0.5)
    with caplog.at_level(logging.WARNING, "kometa"):
        down.start()
        down.finish(0, "ok")
    assert caplog.text.count("Heartbeat to http://127.0.0.1:9/… failed (could not connect)") == 1
    receiver.answer("/ping/x", 404)
    refused = Heartbeat(f"{receiver.url}/ping/x")
    refused.finish(0, "")
    assert refused.down and refused.pings == []


def test_a_rate_limit_is_waited_out_once_within_bounds(receiver: Receiver) -> None:
    waits: list[float] = []
    receiver.answer_once("/hook", 429, {"message": "You are being rate limited.", "retry_after": 0.75})
    receiver.answer_once("/hook", 429, headers={"Retry-After": "2"})
    receiver.answer_once("/hook", 429, headers={"Retry-After": "2"})
    receiver.answer_once("/hook", 429, headers={"Retry-After": "120"})
    config = NotifyConfig(events={"error": (Target("url", f"{receiver.url}/hook"),)})
    delivery = Delivery(config, sleep=waits.append)
    notifier = Notifier(config, delivery=delivery)
    notifier.error("first")  # 429 (Discord's retry_after 0.75 s), then 200
    notifier.error("second")  # 429, 429 again: given up after one retry
    notifier.error("third")  # asks for 120 s: more than a notification is worth
    notifier.error("fourth")
    assert waits == [0.75, 2.0]
    assert [r.json()["error"] for r in receiver.to("/hook")] == ["first", "first", "second", "second", "third",
                                                                 "fourth"]
    assert delivery.sent == 2 and delivery.failed == 2


def test_rate_limit_waits_have_a_budget_per_run(receiver: Receiver) -> None:
    waits: list[float] = []
    for _ in range(20):
        receiver.answer_once("/hook", 429, headers={"Retry-After": "9"})
        receiver.answer_once("/hook", 200)
    config = NotifyConfig(events={"error": (Target("url", f"{receiver.url}/hook"),)})
    notifier = Notifier(config, delivery=Delivery(config, sleep=waits.append))
    for index in range(8):
        notifier.error(f"e{index}")
    assert waits == [9.0] * 6  # 60 s budget: the 7th wait would pass it
