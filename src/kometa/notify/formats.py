"""Reshaping an event body for a service: Discord embeds, Slack blocks, and plain title + text.

Pure. :func:`text_message` gives ``(title, body, priority 1..5)`` for the services that take text
(gotify, ntfy, apprise); :func:`discord` and :func:`slack` give the JSON those webhooks accept.
A Discord embed field holds at most 1024 characters and an embed 25 fields; Slack section text at
most 3000: long item lists are cut with "… and N more".
"""

from __future__ import annotations

from typing import Any

BOT_NAME = "Kometa"
EMBED_COLOUR = 0x00BC8C
DISCORD_FIELD = 1024
SLACK_TEXT = 3000


def _subject(body: dict[str, Any]) -> str:
    """``Collection``/``Playlist``/``Library``/``Global``: what an error or change is about."""
    if "collection" in body:
        return "Collection"
    if "playlist" in body:
        return "Playlist"
    return "Library" if "library_name" in body else "Global"


def title_of(body: dict[str, Any]) -> str:
    event = body.get("event")
    if event == "run_start":
        return "Run Started"
    if event == "run_end":
        return "Run Completed" + (" (dry run)" if body.get("dry_run") else "")
    if event == "version":
        return "New Version Available"
    if event == "delete":
        return "Collection Deleted" if "library_name" in body else "Playlist Deleted"
    if event == "error":
        return f"{'Critical ' if body.get('critical') else ''}{_subject(body)} Error"
    return f"{_subject(body)} {'Created' if body.get('created') else 'Modified'}"


def _where_lines(body: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = [("Server", "server_name"), ("Library", "library_name"), ("Collection", "collection"),
             ("Playlist", "playlist")]
    return [(label, str(body[key])) for label, key in pairs if body.get(key)]


def _item_line(index: int, item: dict[str, Any], links: bool) -> str:
    title = str(item.get("title", ""))
    if links and "tmdb_id" in item:
        return f"{index}. [{title}](https://www.themoviedb.org/movie/{item['tmdb_id']})"
    if links and "tvdb_id" in item:
        return f"{index}. [{title}](https://www.thetvdb.com/dereferrer/series/{item['tvdb_id']})"
    return f"{index}. {title}"


def item_list(items: list[dict[str, Any]], limit: int, *, links: bool = False) -> str:
    """Numbered lines, cut to at most ``limit`` characters with a count of what was left out."""
    lines: list[str] = []
    used = 0
    for index, item in enumerate(items, 1):
        line = _item_line(index, item, links)
        tail = f"\n… and {len(items) - index + 1} more"
        if used + len(line) + 1 + len(tail) > limit and index < len(items):
            lines.append(tail.strip())
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines)


def _stats_rows(body: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [("Start Time", body["start_time"]), ("End Time", body["end_time"]), ("Run Time", body["run_time"]),
            ("Collections Created", str(body["collections_created"])),
            ("Collections Modified", str(body["collections_modified"])),
            ("Collections Deleted", str(body["collections_deleted"])),
            ("Items Added", str(body["items_added"])), ("Items Removed", str(body["items_removed"]))]
    if body.get("added_to_radarr"):
        rows.append(("Added To Radarr", str(body["added_to_radarr"])))
    if body.get("added_to_sonarr"):
        rows.append(("Added To Sonarr", str(body["added_to_sonarr"])))
    return rows


def text_message(body: dict[str, Any]) -> tuple[str, str, int]:
    """``(title, text, priority)`` for text services; priority 5 for errors, 4 for run start/end."""
    event = body.get("event")
    title = title_of(body)
    if event == "run_start":
        return title, str(body["start_time"]), 4
    if event == "run_end":
        return title, "\n".join(f"{k}: {v}" for k, v in _stats_rows(body)), 4
    if event == "version":
        return title, f"Current: {body.get('current')}\nLatest: {body.get('latest')}\nNotes: {body.get('notes')}", 2
    if event == "delete":
        return title, str(body.get("message", "")), 3
    lines = [f"{label}: {value}" for label, value in _where_lines(body)]
    if event == "error":
        lines.append(f"Error Message: {body.get('error')}")
        return title, "\n".join(lines), 5
    for label, key in (("Additions", "additions"), ("Removals", "removals")):
        items = body.get(key) or []
        lines.append(f"{len(items)} {label}:")
        lines.extend(str(item.get("title", "")) for item in items)
    return title, "\n".join(lines), 3


def discord(body: dict[str, Any]) -> dict[str, Any]:
    """A Discord webhook body: one embed titled by the event, details as fields."""
    event = body.get("event")
    embed: dict[str, Any] = {"title": title_of(body), "color": EMBED_COLOUR}
    fields: list[dict[str, Any]] = []
    if event == "run_start":
        embed["description"] = str(body["start_time"])
    elif event == "run_end":
        fields = [{"name": k, "value": v, "inline": True} for k, v in _stats_rows(body)]
    elif event == "version":
        fields = [{"name": "Current", "value": str(body.get("current")), "inline": True},
                  {"name": "Latest", "value": str(body.get("latest")), "inline": True},
                  {"name": "Notes", "value": str(body.get("notes") or "")[:DISCORD_FIELD]}]
    else:
        fields = [{"name": label, "value": value[:DISCORD_FIELD], "inline": True}
                  for label, value in _where_lines(body)]
        if event == "delete":
            embed["description"] = str(body.get("message", ""))
        elif event == "error":
            fields.append({"name": "Error Message", "value": str(body.get("error", ""))[:DISCORD_FIELD]})
        else:
            for label, key in (("Items Added", "additions"), ("Items Removed", "removals")):
                if body.get(key):
                    fields.append({"name": label, "value": item_list(body[key], DISCORD_FIELD, links=True)})
    if fields:
        embed["fields"] = fields[:25]
    return {"username": BOT_NAME, "embeds": [embed]}


def _slack_fields(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    blocks = []
    for start in range(0, len(pairs), 5):  # Slack takes at most 10 fields (5 pairs) per section
        fields: list[dict[str, Any]] = []
        for label, value in pairs[start:start + 5]:
            fields.append({"type": "mrkdwn", "text": f"*{label}*"})
            fields.append({"type": "plain_text", "text": value or " "})
        blocks.append({"type": "section", "fields": fields})
    return blocks


def slack(body: dict[str, Any]) -> dict[str, Any]:
    """A Slack incoming-webhook body: ``text`` (the notification line) and Block Kit blocks."""
    event = body.get("event")
    title = title_of(body)
    blocks: list[dict[str, Any]] = [{"type": "header", "text": {"type": "plain_text", "text": title}}]
    if event == "run_start":
        blocks += _slack_fields([("Start Time", str(body["start_time"]))])
    elif event == "run_end":
        blocks += _slack_fields(_stats_rows(body))
    elif event == "version":
        blocks += _slack_fields([("Current Version", str(body.get("current"))),
                                 ("Latest Version", str(body.get("latest")))])
    else:
        where = _where_lines(body)
        if where:
            blocks += _slack_fields(where)
        text = None
        if event == "delete":
            text = str(body.get("message", ""))
        elif event == "error":
            text = str(body.get("error", ""))
        if text:
            blocks.append({"type": "section", "text": {"type": "plain_text", "text": text[:SLACK_TEXT]}})
        if event == "changes":
            for label, key in (("Items Added", "additions"), ("Items Removed", "removals")):
                if body.get(key):
                    blocks.append({"type": "divider"})
                    blocks.append({"type": "section", "text": {
                        "type": "mrkdwn", "text": f"*{label}*\n" + item_list(body[key], SLACK_TEXT - 40)}})
    return {"text": title, "blocks": blocks}
