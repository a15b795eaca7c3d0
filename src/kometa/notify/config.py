"""Where notifications go: ``webhooks:``, the notifier sections and ``settings: heartbeat`` -> :class:`NotifyConfig`.

Read from the raw YAML the loader keeps (``Config.raw`` and each library's ``node``), so every
mistake names ``file:line``:

* ``webhooks:`` maps an event (``error``, ``version``, ``run_start``, ``run_end``, ``changes``,
  ``delete``) to one target or a list of them; a target is an ``http(s)://`` URL or the name of a
  notifier section: ``notifiarr``, ``gotify``, ``ntfy``, ``apprise``. A blank event sends nothing.
* a library's ``webhooks: {changes: ...}`` and a definition's ``changes_webhooks`` replace the
  global ``changes`` targets for that library / collection.
* ``notifiarr: {apikey}``, ``gotify: {url, token}``, ``ntfy: {url, token, topic}``,
  ``apprise: {config}``. A section left blank (a template's placeholder) is simply not configured;
  naming it in ``webhooks`` then gives a located warning and that target is skipped, as Kometa
  skips it.

Wrong types (a mapping where a URL belongs, an unknown event, a URL without ``http://``) are
:class:`~kometa.core.errors.ConfigError` (exit 2). Nothing here sends anything.
"""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kometa.config.model import Config
from kometa.config.service_keys import OLD_CHANGES, WEBHOOK_EVENTS
from kometa.config.yaml_io import error_at, file_of, line_of
from kometa.core.errors import ConfigError

EVENTS = WEBHOOK_EVENTS
SERVICES = ("notifiarr", "gotify", "ntfy", "apprise")
NOTIFIARR_ROOT = "https://notifiarr.com/api/v1"
NOTIFIARR_ENV = "KOMETA_NOTIFIARR_URL"


@dataclass(frozen=True)
class Target:
    """One place a notification goes: a URL (``kind="url"``) or a notifier section by name."""

    kind: str  # url | notifiarr | gotify | ntfy | apprise
    url: str = ""
    where: str = "<config>"

    @property
    def format(self) -> str:
        """How a URL target's body is shaped: ``discord``, ``slack`` or Kometa's ``json``."""
        return url_format(self.url) if self.kind == "url" else self.kind


def url_format(url: str) -> str:
    low = url.lower()
    if low.startswith(("https://discord.com/api/webhooks", "https://discordapp.com/api/webhooks")):
        return "discord"
    if low.startswith("https://hooks.slack.com/services"):
        return "slack"
    return "json"


@dataclass(frozen=True)
class Notifiarr:
    apikey: str
    root: str = NOTIFIARR_ROOT


@dataclass(frozen=True)
class Gotify:
    url: str
    token: str


@dataclass(frozen=True)
class Ntfy:
    url: str
    topic: str
    token: str | None = None


@dataclass(frozen=True)
class Apprise:
    config: str  # a path (resolved against the config folder) or a URL


@dataclass
class NotifyConfig:
    events: dict[str, tuple[Target, ...]] = field(default_factory=dict)
    library_changes: dict[str, tuple[Target, ...]] = field(default_factory=dict)  # mapping name -> targets
    notifiarr: Notifiarr | None = None
    gotify: Gotify | None = None
    ntfy: Ntfy | None = None
    apprise: Apprise | None = None
    heartbeat: str | None = None
    heartbeat_where: str = "<config>"
    warnings: list[str] = field(default_factory=list)  # located lines for the run log

    def targets(self, event: str, library: str | None = None) -> tuple[Target, ...]:
        if event == "changes" and library is not None and library in self.library_changes:
            return self.library_changes[library]
        return self.events.get(event, ())

    @property
    def secrets(self) -> list[str]:
        """Values that must never reach a log line: keys, tokens and the secret paths of URLs."""
        values: list[str] = []
        if self.notifiarr:
            values.append(self.notifiarr.apikey)
        if self.gotify:
            values.append(self.gotify.token)
        if self.ntfy and self.ntfy.token:
            values.append(self.ntfy.token)
        urls = [t.url for group in (*self.events.values(), *self.library_changes.values()) for t in group]
        for url in [*urls, self.heartbeat or ""]:
            values.extend(url_secrets(url))
        return values

    @property
    def empty(self) -> bool:
        return not any(self.events.values()) and not any(self.library_changes.values()) and not self.heartbeat


def _shown(url: str) -> str:
    """A URL as an error message may echo it: its user:password and secret-looking parts redacted."""
    scheme, sep, rest = url.rpartition("://")
    authority, slash, path = rest.partition("/")
    if "@" in authority:  # user:password@host (or a token as the user)
        authority = "(redacted)@" + authority.rsplit("@", 1)[1]
    for secret in sorted(url_secrets("x://h/" + path), key=len, reverse=True):  # path and query: 6+ chars
        path = path.replace(secret, "(redacted)")
    return f"{scheme}{sep}{authority}{slash}{path}"


def url_secrets(url: str) -> list[str]:
    """The parts of a URL that identify an account: its path segments after the host and its query.

    Webhook URLs carry their secret in the path (``/api/webhooks/ID/TOKEN``, ``/services/T/B/X``,
    a healthchecks ping UUID) or the query (``?token=``), so every path segment and query value that
    looks like an id or a key (6+ characters with a digit, or 20+ characters) is redacted; plain
    words (``api``, ``webhooks``, ``true``) are not, or every log line saying them would be garbled.
    """
    rest = url.split("://", 1)[-1]
    authority, _, path = rest.partition("/")
    path, _, query = path.partition("?")
    values = [*path.split("/"), *(value for _, _, value in (pair.partition("=") for pair in query.split("&")))]
    parts = [v for v in values if len(v) >= 20 or (len(v) >= 6 and any(c.isdigit() for c in v))]
    if "@" in authority:
        parts.append(authority.rsplit("@", 1)[0])
    return parts


def describe(url: str) -> str:
    """``https://discord.com/…`` - the scheme and host only, for log lines."""
    scheme, _, rest = url.partition("://")
    authority = rest.split("/", 1)[0].split("?", 1)[0]
    host = authority.rsplit("@", 1)[-1]  # user:password@ never reaches a log
    return f"{scheme}://{host}/…" if rest[len(authority):].strip("/") else f"{scheme}://{host}"


def _where(node: Any, key: Any = None) -> str:
    file, line = file_of(node), line_of(node, key)
    if file is None:
        return "<config>"
    return f"{file}:{line}" if line is not None else file


def _suggest(word: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def parse_targets(value: Any, node: Any, key: Any, label: str) -> tuple[Target, ...]:
    """One event's targets: a URL/name or a list of them (``null``/blank: none)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ()
    entries = list(value) if isinstance(value, list) else [value]
    found: list[Target] = []
    for index, entry in enumerate(entries):
        where_node, where_key = (value, index) if isinstance(value, list) and line_of(value, index) else (node, key)
        if entry is None:
            continue
        if not isinstance(entry, str):
            raise error_at(f"{label}: a webhook is a URL or one of {', '.join(SERVICES)}, got "
                           f"{type(entry).__name__}", where_node, where_key)
        text = entry.strip()
        if not text:
            continue
        target: Target
        if text.lower() in SERVICES:
            target = Target(text.lower(), where=_where(where_node, where_key))
        elif text.lower().startswith(("http://", "https://")):
            target = Target("url", text, _where(where_node, where_key))
        else:
            raise error_at(f"{label}: '{_shown(text)}' is neither a webhook URL (http:// or https://) nor one of "
                           f"{', '.join(SERVICES)}{_suggest(text.lower(), SERVICES)}", where_node, where_key)
        if all((t.kind, t.url) != (target.kind, target.url) for t in found):  # each distinct webhook once
            found.append(target)
    return tuple(found)


def _text(node: Any, key: str) -> str | None:
    value = node.get(key)
    if value is None:
        return None
    if isinstance(value, bool | Mapping | list):
        raise error_at(f"{key} must be text, got {type(value).__name__}", node, key)
    text = str(value).strip()
    return text or None


def _section(raw: Any, name: str) -> Any:
    """The ``name:`` notifier section (its unknown keys were warned about at load: config/service_keys.py)."""
    node = raw.get(name)
    if node is None:
        return None
    if not isinstance(node, Mapping):
        raise error_at(f"{name} must be a mapping (see the {name} section of the docs)", raw, name)
    return node


def _http(node: Any, key: str, section: str) -> str | None:
    url = _text(node, key)
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise error_at(f"{section} {key} '{_shown(url)}' must start with http:// or https://", node, key)
    return url.rstrip("/") if url else None


def _services(raw: Any, result: NotifyConfig, directory: Path, only: str | None = None) -> None:
    """The notifier sections (``only``: just that one)."""
    node = _section(raw, "notifiarr") if only in (None, "notifiarr") else None
    if node is not None and _text(node, "apikey"):
        root = (os.environ.get(NOTIFIARR_ENV) or NOTIFIARR_ROOT).rstrip("/")
        result.notifiarr = Notifiarr(str(_text(node, "apikey")), root)
    node = _section(raw, "gotify") if only in (None, "gotify") else None
    if node is not None:
        url, token = _http(node, "url", "gotify"), _text(node, "token")
        if url and token:
            result.gotify = Gotify(url, token)
    node = _section(raw, "ntfy") if only in (None, "ntfy") else None
    if node is not None:
        url, topic = _http(node, "url", "ntfy"), _text(node, "topic")
        if url and topic:
            result.ntfy = Ntfy(url, topic.strip("/"), _text(node, "token"))
    node = _section(raw, "apprise") if only in (None, "apprise") else None
    if node is not None and _text(node, "config"):
        location = str(_text(node, "config"))
        if "://" not in location and not Path(location).expanduser().is_absolute():
            location = str(directory / location)
        if "://" not in location and not Path(location).expanduser().is_file():  # Kometa: no services loaded
            result.warnings.append(f"{_where(node, 'config')}: apprise config file '{_text(node, 'config')}' is "
                                   f"not there ({location}); nothing is sent to apprise until it is")
        result.apprise = Apprise(location)




def _events(parent: Any, name: str, label: str, allowed: tuple[str, ...],
            warnings: list[str] | None = None, errors: list[ConfigError] | None = None) -> dict[str, tuple[Target, ...]]:
    node = parent[name]
    if not isinstance(node, Mapping):
        raise error_at(f"{label} must be a mapping of event: webhook (events: {', '.join(allowed)})", parent, name)
    events: dict[str, tuple[Target, ...]] = {}
    for key, value in node.items():
        if str(key) in OLD_CHANGES:
            where = _where(node, key)
            if "changes" in node:
                (warnings if warnings is not None else []).append(
                    f"{where}: {label}.{key} is an old form of changes, which is set: ignored (as in Kometa)")
                continue
            (warnings if warnings is not None else []).append(
                f"{where}: {label}.{key} is the old form of changes; it is read as changes")
            found = parse_targets(value, node, key, f"{label}.{key}")
            have = events.get("changes", ())
            seen = {(t.kind, t.url) for t in have}
            events["changes"] = (*have, *(t for t in found if (t.kind, t.url) not in seen))
            continue
        if str(key) not in allowed and allowed == EVENTS:
            continue  # Kometa ignores it; the loader warned at its line (config/service_keys.py)
        try:
            if str(key) not in allowed:
                hint = " (only changes can be set per library)" if key in EVENTS else _suggest(str(key), allowed)
                raise error_at(f"unknown event '{key}' in {label}{hint}; events: {', '.join(allowed)}", node, key)
            events[str(key)] = parse_targets(value, node, key, f"{label}.{key}")
        except ConfigError as error:
            if errors is None:
                raise
            errors.append(error)  # collecting (--validate): the next event is still read
    return events


def _heartbeat(raw: Any, result: NotifyConfig) -> None:
    settings = raw.get("settings")
    if not isinstance(settings, Mapping) or settings.get("heartbeat") is None:
        return
    url = _text(settings, "heartbeat")
    if url is None:
        return
    if not url.lower().startswith(("http://", "https://")):
        raise error_at(f"settings.heartbeat '{url}' must be a URL starting with http:// or https:// "
                       f"(e.g. https://hc-ping.com/YOUR-UUID)", settings, "heartbeat")
    result.heartbeat, result.heartbeat_where = url, _where(settings, "heartbeat")


def _check_named(result: NotifyConfig) -> None:
    """A target naming a section that is not configured is skipped, with one located warning each."""
    configured = {name for name in SERVICES if getattr(result, name) is not None}
    for group in (*result.events.values(), *result.library_changes.values()):
        for target in group:
            if target.kind != "url" and target.kind not in configured:
                result.warnings.append(f"{target.where}: webhook '{target.kind}' is named but the {target.kind} "
                                       f"section is missing or blank; nothing is sent to {target.kind}")


def parse_notify(config: Config, errors: list[ConfigError] | None = None) -> NotifyConfig:
    """Every notification target of the config. Raises ConfigError for a wrong value; with a list
    ``errors`` (``--validate``) each wrong value is appended there and the rest is still read."""
    libraries = {lib.mapping_name: lib.node for lib in config.libraries.values()}
    return parse_sections(config.raw, config.directory, libraries, errors)


def parse_sections(raw: Any, directory: Path, libraries: Mapping[str, Any],
                   errors: list[ConfigError] | None = None) -> NotifyConfig:
    """:func:`parse_notify` from the raw top-level mapping and each library's raw node."""
    result = NotifyConfig()
    if not isinstance(raw, Mapping):
        return result

    def step(work: Callable[[], None]) -> None:
        try:
            work()
        except ConfigError as error:
            if errors is None:
                raise
            errors.append(error)

    def top() -> None:
        result.events = _events(raw, "webhooks", "webhooks", EVENTS, result.warnings, errors)

    if raw.get("webhooks") is not None:
        step(top)
    for mapping_name, node in libraries.items():
        if isinstance(node, Mapping) and node.get("webhooks") is not None:
            def library(mapping_name: str = mapping_name, node: Any = node) -> None:
                events = _events(node, "webhooks", f"library '{mapping_name}' webhooks", ("changes",),
                                 result.warnings, errors)
                if events.get("changes"):  # blank: the global changes webhooks, as in Kometa
                    result.library_changes[mapping_name] = events["changes"]
            step(library)
    for name in ("notifiarr", "gotify", "ntfy", "apprise"):
        step(functools.partial(_services, raw, result, directory, name))
    step(lambda: _heartbeat(raw, result))
    _check_named(result)
    return result


def check_definitions(documents: Iterable[Any]) -> None:
    """``--validate``: every literal ``changes_webhooks`` of a collection or playlist definition is
    a valid target list (one with a ``<<template variable>>`` is checked when the run expands it)."""
    for document in documents:
        data = getattr(document, "data", None)
        if not isinstance(data, Mapping):
            continue
        for section in ("collections", "playlists"):
            block = data.get(section)
            if not isinstance(block, Mapping):
                continue
            for name, definition in block.items():
                if not isinstance(definition, Mapping):
                    continue
                for key, value in definition.items():
                    if str(key).lower() == "changes_webhooks" and "<<" not in str(value):
                        parse_targets(value, definition, key, f"{name}: changes_webhooks")
