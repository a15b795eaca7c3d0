"""Event bodies and their Discord/Slack/text shapes, field by field."""

from __future__ import annotations

from datetime import datetime

from kometa.notify import payloads
from kometa.notify.formats import discord, item_list, slack, text_message
from kometa.notify.heartbeat import ping_url
from kometa.notify.payloads import Change, ItemRef, RunStats

START = datetime(2026, 3, 1, 5, 0, 0)
END = datetime(2026, 3, 1, 6, 2, 3)


def _run_end() -> dict:
    stats = RunStats(created=2, modified=1, deleted=1, added=30, removed=4,
                     names=[{"name": "Drama", "library": "Movies"}, {"name": "Mix", "library": "PLAYLIST"}])
    return payloads.run_end(START, END, stats)


def test_run_start_and_end_bodies() -> None:
    assert payloads.run_start(START) == {"event": "run_start", "start_time": "2026-03-01 05:00:00"}
    assert _run_end() == {
        "event": "run_end", "start_time": "2026-03-01 05:00:00", "end_time": "2026-03-01 06:02:03",
        "run_time": "1:02:03", "collections_created": 2, "collections_modified": 1, "collections_deleted": 1,
        "items_added": 30, "items_removed": 4, "added_to_radarr": 0, "added_to_sonarr": 0,
        "names": [{"name": "Drama", "library": "Movies"}, {"name": "Mix", "library": "PLAYLIST"}]}


def test_error_and_delete_bodies_name_only_what_is_known() -> None:
    assert payloads.error("boom") == {"event": "error", "error": "boom", "critical": False}
    assert payloads.error("boom", critical=True, server_name="S", library_name="Movies", collection="C") == {
        "event": "error", "error": "boom", "critical": True, "server_name": "S", "library_name": "Movies",
        "collection": "C"}
    assert payloads.error("x", server_name="S", playlist="P") == {
        "event": "error", "error": "x", "critical": False, "server_name": "S", "playlist": "P"}
    assert payloads.delete("gone", server_name="S") == {"event": "delete", "message": "gone", "server_name": "S"}


def test_changes_body() -> None:
    change = Change("Drama", "collection", "Movies", "Server", "Movies", created=False,
                    additions=[ItemRef("A", tmdb_id=603), ItemRef("B")], removals=[ItemRef("S", tvdb_id=81189)],
                    poster_url="https://img/p.jpg")
    assert payloads.changes(change) == {
        "event": "changes", "server_name": "Server", "library_name": "Movies", "collection": "Drama",
        "created": False, "poster": None, "background": None, "poster_url": "https://img/p.jpg",
        "background_url": None, "additions": [{"title": "A", "tmdb_id": 603}, {"title": "B"}],
        "removals": [{"title": "S", "tvdb_id": 81189}], "radarr_adds": [], "sonarr_adds": []}
    playlist = payloads.changes(Change("Mix", "playlist", "", "Server", created=True))
    assert playlist["playlist"] == "Mix" and "collection" not in playlist and playlist["created"] is True


def test_text_messages() -> None:
    assert text_message(payloads.run_start(START)) == ("Run Started", "2026-03-01 05:00:00", 4)
    title, text, priority = text_message(_run_end())
    assert title == "Run Completed" and priority == 4
    assert text.splitlines()[:3] == ["Start Time: 2026-03-01 05:00:00", "End Time: 2026-03-01 06:02:03",
                                     "Run Time: 1:02:03"]
    assert "Collections Created: 2" in text and "Items Removed: 4" in text
    assert text_message(payloads.error("boom", critical=True, library_name="Movies", collection="C")) == (
        "Critical Collection Error", "Library: Movies\nCollection: C\nError Message: boom", 5)
    assert text_message(payloads.error("boom"))[0] == "Global Error"
    assert text_message(payloads.delete("gone", library_name="Movies"))[:2] == ("Collection Deleted", "gone")
    assert text_message(payloads.delete("gone"))[0] == "Playlist Deleted"
    body = payloads.changes(Change("Drama", "collection", "Movies", "S", created=True, additions=[ItemRef("A")]))
    assert text_message(body) == ("Collection Created",
                                  "Server: S\nLibrary: Movies\nCollection: Drama\n1 Additions:\nA\n0 Removals:", 3)


def test_discord_shape() -> None:
    start = discord(payloads.run_start(START))
    assert start == {"username": "Kometa", "embeds": [{"title": "Run Started", "color": 0x00BC8C,
                                                       "description": "2026-03-01 05:00:00"}]}
    end = discord(_run_end())["embeds"][0]
    assert end["title"] == "Run Completed"
    assert end["fields"][0] == {"name": "Start Time", "value": "2026-03-01 05:00:00", "inline": True}
    assert {"name": "Collections Deleted", "value": "1", "inline": True} in end["fields"]
    body = payloads.changes(Change("Drama", "collection", "Movies", "S", additions=[ItemRef("A", tmdb_id=603)],
                                   removals=[ItemRef("Show", tvdb_id=5)]))
    embed = discord(body)["embeds"][0]
    assert embed["title"] == "Collection Modified"
    assert embed["fields"][:3] == [{"name": "Server", "value": "S", "inline": True},
                                   {"name": "Library", "value": "Movies", "inline": True},
                                   {"name": "Collection", "value": "Drama", "inline": True}]
    assert embed["fields"][3] == {"name": "Items Added", "value": "1. [A](https://www.themoviedb.org/movie/603)"}
    assert embed["fields"][4]["value"] == "1. [Show](https://www.thetvdb.com/dereferrer/series/5)"
    error = discord(payloads.error("x" * 2000, critical=True))["embeds"][0]
    assert error["title"] == "Critical Global Error" and len(error["fields"][0]["value"]) == 1024


def test_slack_shape() -> None:
    start = slack(payloads.run_start(START))
    assert start["text"] == "Run Started"
    assert start["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": "Run Started"}}
    assert start["blocks"][1] == {"type": "section", "fields": [
        {"type": "mrkdwn", "text": "*Start Time*"}, {"type": "plain_text", "text": "2026-03-01 05:00:00"}]}
    end = slack(_run_end())
    assert all(len(b.get("fields", [])) <= 10 for b in end["blocks"])
    error = slack(payloads.error("boom", library_name="Movies"))
    assert error["text"] == "Library Error"
    assert error["blocks"][-1] == {"type": "section", "text": {"type": "plain_text", "text": "boom"}}
    body = slack(payloads.changes(Change("D", "collection", "Movies", "S", additions=[ItemRef("A")])))
    assert body["blocks"][-1]["text"]["text"] == "*Items Added*\n1. A"


def test_long_item_lists_are_cut_with_a_count() -> None:
    items = [{"title": f"Movie number {i}"} for i in range(500)]
    text = item_list(items, 1024)
    assert len(text) <= 1024
    assert text.splitlines()[0] == "1. Movie number 0"
    shown = len(text.splitlines()) - 1
    assert text.endswith(f"… and {500 - shown} more")
    assert item_list(items[:2], 1024) == "1. Movie number 0\n2. Movie number 1"


def test_ping_urls() -> None:
    assert ping_url("https://hc-ping.com/uuid", "start") == "https://hc-ping.com/uuid/start"
    assert ping_url("https://hc-ping.com/uuid/", "1") == "https://hc-ping.com/uuid/1"
    assert ping_url("https://hc-ping.com/uuid?rid=abc", "start") == "https://hc-ping.com/uuid/start?rid=abc"
    assert ping_url("https://hc-ping.com/uuid", "") == "https://hc-ping.com/uuid"
