"""Webhook payloads -> :class:`~kometa.events.scope.Change` (pure; the HTTP side is
:mod:`kometa.events.listener`).

* ``/plex``: Plex's own webhooks (Plex Pass): ``multipart/form-data`` with a JSON ``payload``
  part (and a thumbnail part for some events). ``library.new`` is taken; other events (play,
  rate, ...) are answered "ignored".
* ``/sonarr`` and ``/radarr``: their "Webhook" connection, JSON; ``eventType: Download`` (On Import,
  with ``isUpgrade`` for On Upgrade) is taken, ``Test`` is acknowledged, other events are ignored.
* ``/tautulli``: a Tautulli "Webhook" notification agent on "Recently Added", JSON data with at
  least ``rating_key`` or ``section_id``/``library_name`` (see docs/events.md for the template).
* ``/run``: generic, the same as ``kometa trigger``: an empty body (or ``{}``) runs everything;
  ``{"libraries": [...], "collections": [...], "files": [...]}`` narrows it.

A payload that cannot be read is a :class:`PayloadError` with a 4xx status and a one-line reason.
"""

from __future__ import annotations

import json
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from kometa.events.scope import Change


class PayloadError(ValueError):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Ignored(Exception):
    """A well-formed payload for an event that needs no run (answered 200 with the reason)."""


def _json(body: bytes, what: str) -> Any:
    if not body.strip():
        raise PayloadError(400, f"{what}: empty body; expected JSON")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PayloadError(400, f"{what}: body is not JSON ({exc})") from None


def _object(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise PayloadError(400, f"{what}: expected a JSON object, got {type(data).__name__}")
    return data


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise PayloadError(400, f"expected text or a number, got {value!r}"[:120])
    return str(value)


def _names(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PayloadError(400, f"'{key}' must be a list of names")
    return tuple(v.strip() for v in value)


# -- Plex ------------------------------------------------------------------------------------
def plex_payload(body: bytes, content_type: str) -> Change:
    if not content_type.lower().startswith("multipart/form-data"):
        raise PayloadError(415, "Plex webhooks are multipart/form-data with a 'payload' part")
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body)
    payload = None
    for part in message.iter_parts() if message.is_multipart() else ():
        if part.get_param("name", header="content-disposition") == "payload":
            raw = part.get_payload(decode=True)
            payload = raw if isinstance(raw, bytes) else None
    if payload is None:
        raise PayloadError(400, "multipart body has no 'payload' part")
    data = _object(_json(payload, "payload"), "payload")
    event = data.get("event")
    if event != "library.new":
        raise Ignored(f"Plex event {event!r} needs no run (only library.new is taken)")
    meta = _object(data.get("Metadata") or {}, "Metadata")
    kind = {"movie": "movie", "show": "show", "season": "show", "episode": "show", "artist": "artist",
            "album": "artist", "track": "artist"}.get(str(meta.get("type")))
    listed = meta.get("Guid") or []
    if not isinstance(listed, list):
        raise PayloadError(400, "payload: 'Metadata.Guid' must be a list")
    guids = tuple(g["id"] for g in listed if isinstance(g, dict) and isinstance(g.get("id"), str))
    key = _text(meta.get("ratingKey"))
    return Change("plex-webhook", "added", section=_text(meta.get("librarySectionID")),
                  library=_text(meta.get("librarySectionTitle")), media=kind,
                  rating_keys=(key,) if key else (), guids=guids, title=str(meta.get("title") or ""))


# -- Sonarr / Radarr ---------------------------------------------------------------------------
def arr_payload(app: str, body: bytes) -> Change:
    data = _object(_json(body, app), app)
    event = data.get("eventType")
    if not isinstance(event, str):
        raise PayloadError(400, f"{app}: no eventType; is this a {app.title()} webhook?")
    if event == "Test":
        raise Ignored(f"{app.title()} test received")
    if event != "Download":
        raise Ignored(f"{app.title()} event {event} needs no run (On Import / On Upgrade are taken)")
    key = "movie" if app == "radarr" else "series"
    subject = data.get(key)
    if not isinstance(subject, dict):
        raise PayloadError(400, f"{app}: a Download event without '{key}'")
    guids = []
    for field, scheme in (("tmdbId", "tmdb"), ("tvdbId", "tvdb"), ("imdbId", "imdb")):
        value = subject.get(field)
        if value not in (None, "", 0):
            guids.append(f"{scheme}://{value}")
    path = subject.get("folderPath") or subject.get("path")
    title = str(subject.get("title") or "")
    if app == "sonarr":
        listed = data.get("episodes") or []
        if not isinstance(listed, list):
            raise PayloadError(400, "sonarr: 'episodes' must be a list")
        episodes = [e for e in listed if isinstance(e, dict)]
        if episodes:
            first = episodes[0]
            try:
                title += f" S{int(first.get('seasonNumber') or 0):02d}E{int(first.get('episodeNumber') or 0):02d}"
            except (TypeError, ValueError):
                raise PayloadError(400, "sonarr: an episode's seasonNumber/episodeNumber is not a number") from None
    return Change(app, "updated" if data.get("isUpgrade") else "added", media="movie" if app == "radarr" else "show",
                  guids=tuple(guids), paths=(path,) if isinstance(path, str) and path else (), title=title)


# -- Tautulli --------------------------------------------------------------------------------
def tautulli_payload(body: bytes) -> Change:
    data = _object(_json(body, "tautulli"), "tautulli")
    action = str(data.get("action") or data.get("event") or "created")
    if action not in ("created", "recently_added", "added"):
        raise Ignored(f"Tautulli action {action!r} needs no run (use the Recently Added trigger)")
    key = _text(data.get("rating_key"))
    section = _text(data.get("section_id"))
    library = _text(data.get("library_name"))
    media_type = str(data.get("media_type") or "")
    media = {"movie": "movie", "show": "show", "season": "show", "episode": "show", "artist": "artist",
             "album": "artist", "track": "artist"}.get(media_type)
    if not (key or section or library):
        raise PayloadError(400, "tautulli: give rating_key, section_id or library_name (see docs/events.md)")
    return Change("tautulli", "added", section=section, library=library, media=media,
                  rating_keys=(key,) if key else (), title=str(data.get("title") or ""))


# -- generic /run ----------------------------------------------------------------------------
def run_payload(body: bytes) -> list[Change]:
    """One change per library named (a scope is a union of changes), or one for every library."""
    data = _object(_json(body, "run"), "run") if body.strip() else {}
    unknown = sorted(set(data) - {"libraries", "collections", "files"})
    if unknown:
        raise PayloadError(400, f"run: unknown key(s) {', '.join(unknown)}; known: libraries, collections, files")
    collections, files = _names(data, "collections"), _names(data, "files")
    return [Change("run", "run", library=library, collections=collections, files=files)
            for library in _names(data, "libraries") or (None,)]


def parse(path: str, body: bytes, content_type: str) -> list[Change]:
    """The changes a request to ``path`` reports. Raises PayloadError (4xx) or Ignored."""
    if path == "/plex":
        return [plex_payload(body, content_type)]
    if path in ("/sonarr", "/radarr"):
        return [arr_payload(path[1:], body)]
    if path == "/tautulli":
        return [tautulli_payload(body)]
    if path == "/run":
        return run_payload(body)
    raise PayloadError(404, f"no endpoint {path}; use /plex, /sonarr, /radarr, /tautulli or /run")
