"""The ``text_file`` builder: ids from local text files, one per line, in the files' order.

The value is a path or a list of paths (relative ones are looked up as ``file:`` references are:
beside config.yml, in the install folder and the current folder, ``config/X`` also as ``X`` beside
config.yml); several files are read as one list. Each non-empty line (``#`` starts a comment, at the
start of a line or after a space) is one of:

* an IMDb id (``tt0079945``) or an IMDb title URL;
* a number: a TMDb id in movie libraries, a TVDb id in show libraries;
* ``plex://movie/<24 hex>``, ``plex://show/<24 hex>`` or a bare 24-hex Plex id: the library item
  with that ``plex://`` guid;
* a typed value: ``imdb:``, ``tmdb:``, ``tvdb:``, ``plex:`` or ``url:``;
* an ``http(s)://`` address (or ``url:`` one) of a JSON list (gzip-compressed too) whose items are ids
  as above, mappings ``{"imdb_id": …}`` / ``{"tmdb_id": …}`` / ``{"tvdb_id": …}`` / ``{"plex_guid": …}``
  (also ``imdb``, ``tmdb``, ``tvdb``, ``plex``, ``plex_id``) or ``{"type": …, "id": …}``.

In show libraries with ``builder_level: season`` or ``episode``, ``tvdb_season:SHOW_SEASON`` (``12345_1``,
``12345/1``; JSON ``{"tvdb_season": "12345_1"}``, ``{"tvdb_season": {"tvdb_id", "season"}}``) is that
season (at episode level: its episodes) and ``tvdb_episode:SHOW_SEASON_EPISODE`` (``12345_1_2``,
``12345-1-2``, ``12345/1/2``; JSON also a mapping with ``episode`` or a list ``[12345, 1, 2]``) that
episode; an IMDb id of an episode is that episode; other lines name shows, which become their
seasons/episodes.

Items are matched to the library from the listing's guids; the rest are missing. A file that is not
there, a line that is none of these and a file with no ids are errors naming the file (and line).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kometa.clients.json_lists import JsonLists
from kometa.clients.policy import NotFound
from kometa.config.files import candidate_paths
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher
from kometa.sources.tmdb import TmdbBuilt

_IMDB = re.compile(r"^(tt\d+)$", re.IGNORECASE)
_IMDB_URL = re.compile(r"imdb\.com/title/(tt\d+)", re.IGNORECASE)
_PLEX_GUID = re.compile(r"^plex://[a-z_]+/([0-9a-f]{24})$", re.IGNORECASE)
_PLEX_ID = re.compile(r"^([0-9a-f]{24})$", re.IGNORECASE)
_TYPED = re.compile(r"^([a-z_]+):(.*)$", re.IGNORECASE)
_COMMENT = re.compile(r"\s+#")
_SEASON = re.compile(r"^(\d+)\s*[_/:-]\s*(\d+)$")
_EPISODE = re.compile(r"^(\d+)\s*[_/:-]\s*(\d+)\s*[_/:-]\s*(\d+)$")
TYPES = ("imdb", "tmdb", "tvdb", "plex", "url")
PARTS = ("tvdb_season", "tvdb_episode")
JSON_KEYS = {"imdb": "imdb", "imdb_id": "imdb", "tmdb": "tmdb", "tmdb_id": "tmdb", "tvdb": "tvdb", "tvdb_id": "tvdb",
             "plex": "plex", "plex_id": "plex", "plex_guid": "plex", "tvdb_season": "tvdb_season",
             "tvdb_episode": "tvdb_episode"}
HELP = ("an IMDb id or title URL, a number (TMDb id for movies, TVDb id for shows), a plex:// guid or 24-hex "
        "Plex id, imdb:/tmdb:/tvdb:/plex:/url: values, or an http(s) address of a JSON list")


@dataclass(frozen=True)
class Entry:
    kind: str  # imdb | tmdb | tvdb | plex | tvdb_season | tvdb_episode
    value: str | int  # a part: "SHOW_SEASON" or "SHOW_SEASON_EPISODE"
    where: str  # file:line, or the JSON list's address and item number


def _part(kind: str, value: Any, where: str) -> Entry:
    """A ``tvdb_season`` / ``tvdb_episode`` entry from text, a mapping or a list."""
    episode = kind == "tvdb_episode"
    parts: list[Any] | None
    if isinstance(value, Mapping):
        def first(*names: str) -> Any:
            return next((value[n] for n in names if value.get(n) is not None), None)
        parts = [first("tvdb_id", "tvdb", "show_id", "id"), first("season", "season_num", "season_number")]
        if episode:
            parts.append(first("episode", "episode_num", "episode_number"))
    elif isinstance(value, list | tuple):
        parts = list(value)
    else:
        found = (_EPISODE if episode else _SEASON).match(str(value).strip())
        parts = list(found.groups()) if found else None
    if not parts or len(parts) != (3 if episode else 2) or not all(str(p).strip().isdigit() for p in parts):
        shape = "SHOW_SEASON_EPISODE (12345_1_2)" if episode else "SHOW_SEASON (12345_1)"
        raise ConditionError(f"text_file: {where}: {value!r} is not a {kind} ({shape}, TVDb show id first)")
    return Entry(kind, "_".join(str(int(str(p))) for p in parts), where)


def _number(text: Any, kind: str, where: str) -> int:
    match = re.search(r"\d+", str(text)) if not isinstance(text, bool) else None
    if match is None:
        raise ConditionError(f"text_file: {where}: {text!r} is not a {kind} id (a number)")
    return int(match.group())


class Reader:
    """Turns lines and JSON items into entries; ``fetch(url)`` gets a JSON list."""

    def __init__(self, library_type: str, fetch: Callable[[str], Any]) -> None:
        self.movies = library_type == "movie"
        self.fetch = fetch

    def value(self, kind: str, value: Any, where: str) -> list[Entry]:
        if kind == "imdb":
            text = str(value).strip()
            url = _IMDB_URL.search(text)
            imdb = url.group(1) if url else text
            if not _IMDB.match(imdb):
                raise ConditionError(f"text_file: {where}: {value!r} is not an IMDb id (tt…)")
            return [Entry("imdb", imdb.lower(), where)]
        if kind in ("tmdb", "tvdb"):
            return [Entry(kind, _number(value, "TMDb" if kind == "tmdb" else "TVDb", where), where)]
        if kind == "plex":
            text = str(value).strip()
            found = _PLEX_GUID.match(text) or _PLEX_ID.match(text)
            if not found:
                raise ConditionError(f"text_file: {where}: {value!r} is not a Plex id (plex://movie/<24 hex digits> "
                                     f"or the 24 hex digits)")
            return [Entry("plex", found.group(1).lower(), where)]
        if kind == "url":
            return self.json_list(str(value).strip(), where)
        if kind in PARTS:
            return [_part(kind, value, where)]
        raise ConditionError(f"text_file: {where}: {kind} is not an id type text_file reads ({', '.join(TYPES)})")

    def line(self, raw: str, where: str) -> list[Entry]:
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            return []
        comment = _COMMENT.search(entry)
        if comment:
            entry = entry[:comment.start()].rstrip()
        typed = _TYPED.match(entry)
        if typed and not entry.lower().startswith(("http://", "https://", "plex://")):
            kind = typed.group(1).lower()
            if kind in TYPES or kind in PARTS:
                return self.value(kind, typed.group(2).strip(), where)
        if _IMDB.match(entry) or _IMDB_URL.search(entry):
            return self.value("imdb", entry, where)
        if _PLEX_GUID.match(entry) or _PLEX_ID.match(entry):
            return self.value("plex", entry, where)
        if entry.lower().startswith(("http://", "https://")):
            return self.json_list(entry, where)
        if entry.isdigit():
            return [Entry("tmdb" if self.movies else "tvdb", int(entry), where)]
        raise ConditionError(f"text_file: {where}: '{entry}' is not an id text_file reads ({HELP})")

    def json_item(self, item: Any, where: str) -> list[Entry]:
        if isinstance(item, bool):
            raise ConditionError(f"text_file: {where}: {item!r} is not an id")
        if isinstance(item, str | int):
            return self.line(str(item), where)
        if not isinstance(item, Mapping):
            raise ConditionError(f"text_file: {where}: {item!r} is not an id or a mapping of one")
        for name in ("type", "source"):
            if name in item and ("id" in item or "value" in item):
                return self.value(str(item[name]).lower(), item["id"] if "id" in item else item["value"], where)
        for name, kind in JSON_KEYS.items():
            if name in item:
                return self.value(kind, item[name], where)
        raise ConditionError(f"text_file: {where}: no id text_file reads in {dict(item)!r}")

    def json_list(self, url: str, where: str) -> list[Entry]:
        try:
            data = self.fetch(url)
        except NotFound:
            raise ConditionError(f"text_file: {where}: no JSON list at {url} (HTTP 404)") from None
        if not isinstance(data, list):
            raise ConditionError(f"text_file: {where}: {url} is not a JSON list")
        out: list[Entry] = []
        for n, item in enumerate(data, 1):
            out += self.json_item(item, f"{url} item {n}")
        return out


def find(location: Any, config_dir: Path) -> Path:
    if not isinstance(location, str) or not location.strip():
        raise ConditionError(f"text_file: expected the path of a text file, got {location!r}")
    candidates = candidate_paths(location.strip(), config_dir)
    for path in candidates:
        if path.is_file():
            return path
    if any(p.is_dir() for p in candidates):
        raise ConditionError(f"text_file: '{location}' is a folder, not a text file")
    raise ConditionError(f"text_file: file '{location}' not found (tried {', '.join(str(p) for p in candidates[:3])})")


class TextFileSource:
    def __init__(self, config_dir: Path, lists: Callable[[], JsonLists], snapshot: Snapshot) -> None:
        self.config_dir = config_dir
        self._lists = lists
        self.snapshot = snapshot
        self.matcher = Matcher(snapshot)

    def entries(self, value: Any) -> list[Entry]:
        files = [find(v, self.config_dir) for v in (value if isinstance(value, list) else [value])]
        if not files:
            raise ConditionError("text_file has no value (the path of a text file)")
        reader = Reader(self.snapshot.item_type, lambda url: self._lists().get(url))
        out: list[Entry] = []
        for path in files:
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConditionError(f"text_file: {path} cannot be read ({type(exc).__name__})") from None
            for number, line in enumerate(text.splitlines(), 1):
                out += reader.line(line, f"{path}:{number}")
        if not out:
            raise ConditionError(f"text_file: no ids in {', '.join(str(p) for p in files)}")
        return out

    def build(self, key: str, value: Any, level: Snapshot | None = None) -> TmdbBuilt:
        """``level``: the season/episode snapshot of a ``builder_level`` collection (its ``under`` maps a
        show to its seasons/episodes), for ``tvdb_season``/``tvdb_episode`` entries."""
        if self.snapshot.item_type not in ("movie", "show"):
            raise ConditionError(f"{key} works in movie and show libraries only")
        entries = self.entries(value)
        plex: dict[str, int] = {}
        for rk, item in self.snapshot.items.items():
            guid = _PLEX_GUID.match(str(item.get("guid") or ""))
            if guid:
                plex.setdefault(guid.group(1).lower(), rk)
        out = TmdbBuilt()
        level_matcher = Matcher(level) if level is not None else None
        seen: set[tuple[str, str | int]] = set()
        for entry in entries:
            if (entry.kind, entry.value) in seen:
                continue
            seen.add((entry.kind, entry.value))
            label = f"{entry.kind} {entry.value} [text_file {entry.where}]"
            if entry.kind in PARTS:
                self._part(out, entry, label, level)
                continue
            if entry.kind == "plex":
                held = plex.get(str(entry.value))
                if held is None:
                    out.lack(label)
                elif held not in out.keys:
                    out.keys.append(held)
                continue
            if level_matcher is not None and entry.kind == "imdb" and not self.matcher.keys((("imdb", entry.value),)):
                own = level_matcher.keys((("imdb", entry.value),))  # an episode's (season's) own IMDb id
                if own:
                    out.keys.extend(k for k in own if k not in out.keys)
                    continue
            self.matcher.place(out, ((entry.kind, entry.value),), label, **{entry.kind: entry.value})
        return out

    def _part(self, out: TmdbBuilt, entry: Entry, label: str, level: Snapshot | None) -> None:
        """A season's or an episode's rating keys at the collection's level (a season at episode
        level: its episodes)."""
        where = level.level if level is not None else None
        if where not in ("season", "episode") or (entry.kind == "tvdb_episode" and where != "episode"):
            need = "episode" if entry.kind == "tvdb_episode" else "season or episode"
            raise ConditionError(f"text_file: {entry.where}: {entry.kind} entries need builder_level: {need}")
        numbers = [int(p) for p in str(entry.value).split("_")]
        shows = self.matcher.keys((("tvdb", numbers[0]),))
        under: dict[int, list[int]] = getattr(level, "under", {})
        found = []
        for show in shows:
            for rk in under.get(show, ()):
                item = level.items[rk]  # type: ignore[union-attr]
                season = item.get("season_index") if where == "episode" else item.get("index")
                if season != numbers[1]:
                    continue
                if entry.kind == "tvdb_episode" and item.get("index") != numbers[2]:
                    continue
                found.append(rk)
        if not found:
            out.lack(label)
        out.keys.extend(k for k in found if k not in out.keys)
