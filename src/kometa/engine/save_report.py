"""``save_report`` / ``report_path``: per library, a YAML report of what each collection added,
removed, filtered out and could not find, as Kometa writes it.

The report is made afresh each run (``save_report: true`` in the global or the library's settings;
a definition's own ``save_report`` overrides it for that collection). Its file is the library's
``report_path`` (relative paths beside config.yml; Kometa's ``config/X`` means ``X`` beside it),
by default ``<library>_report.yml`` beside config.yml. Each collection that changed or lacks
something gets an entry with Kometa's sections: ``Movies Added (TMDb IDs)`` (``Shows ... (TVDb
IDs)``) mapping ids to titles, and ``Movies Added`` listing titles without an id; likewise
``Removed``, ``Filtered`` and ``Missing``. The file is written atomically and only when its text
changes; a dry run writes none (the change log says so).

Playlists report in their first library's book (as Kometa does): the library's entries of this run
plus each playlist's, the file written again after the playlists step.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from kometa.ids.guids import item_ids

KINDS = ("Added", "Removed", "Filtered", "Missing")
log = logging.getLogger("kometa")


def report_path(raw: Any, base_dir: Path, mapping_name: str) -> Path:
    """Where the library's report goes (``report_path`` or ``<library>_report.yml`` beside config.yml)."""
    text = str(raw).strip() if raw not in (None, "") else f"{mapping_name}_report.yml"
    path = Path(text).expanduser()
    if path.is_absolute():
        return path
    parts = path.parts
    return base_dir.joinpath(*(parts[1:] if len(parts) > 1 and parts[0] == "config" else parts))


@dataclass
class ReportBook:
    """One library's report, filled during the collections step and written once at its end."""

    path: Path
    is_movie: bool
    enabled: bool = True  # the library's save_report (definitions may override it)
    data: dict[str, dict[str, Any]] = field(default_factory=dict)
    asked: bool = False  # some collection wanted its report this run
    from_playlists: bool = False  # some playlist reported here (written again after the playlists)

    def wants(self, definition_data: Mapping[str, Any]) -> bool:
        own = definition_data.get("save_report")
        wanted = own if isinstance(own, bool) else self.enabled
        self.asked = self.asked or wanted
        return wanted

    def add(self, collection: str, kind: str, entries: Iterable[tuple[str, int | None]]) -> None:
        """Titles with their TMDb (movies) / TVDb (shows) id, or None, under ``kind`` (of KINDS)."""
        other = f"{'Movies' if self.is_movie else 'Shows'} {kind}"
        section = f"{other} ({'TMDb' if self.is_movie else 'TVDb'} IDs)"
        for title, ident in entries:
            entry = self.data.setdefault(collection, {})
            if ident is not None:
                entry.setdefault(section, {})[int(ident)] = title
            else:
                entry.setdefault(other, []).append(title)

    def add_items(self, collection: str, kind: str, items: Iterable[Any]) -> None:
        """Library items (snapshot ``Item``s), by the id Kometa reports them with."""
        def ident(item: Any) -> int | None:
            ids = item_ids(item.get("guid"), item.get("guids") or ())
            return ids.tmdb if self.is_movie else ids.tvdb
        self.add(collection, kind, ((item.title, ident(item)) for item in items))

    def add_missing(self, collection: str, missing_ids: Iterable[Mapping[str, Any]], labels: Iterable[str]) -> None:
        """An online builder's missing titles (``Built.missing_ids``; ``labels`` when there are no ids)."""
        id_key = "tmdb" if self.is_movie else "tvdb"
        records = list(missing_ids)
        if records:
            self.add(collection, "Missing", ((_label(r), _int(r.get(id_key))) for r in records))
        else:
            self.add(collection, "Missing", ((str(label), None) for label in labels))

    def render(self) -> str:
        yaml = YAML()
        yaml.default_flow_style = False
        yaml.width = 4096
        out = io.StringIO()
        yaml.dump({name: self.data[name] for name in self.data} or {}, out)
        return out.getvalue()

    def write(self, dry_run: bool) -> str | None:
        """Write the report (atomically, only when its text changes); a line for the change log (which
        prefixes dry runs with "would"), or None."""
        if not self.asked:
            return None
        text = self.render()
        if dry_run:
            return f"write report {self.path} ({len(self.data)} collection(s); a dry run writes no report)"
        try:
            if self.path.read_text(encoding="utf-8") == text:
                return None
        except OSError:
            pass
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self.path)
        return f"wrote report {self.path} ({len(self.data)} collection(s))"


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _label(record: Mapping[str, Any]) -> str:
    return str(record.get("title") or "?")  # Kometa reports the title alone


def book_for(settings: Mapping[str, Any], node: Any, base_dir: Path, mapping_name: str,
             item_type: str) -> ReportBook:
    """The library's report book (with ``save_report`` false it is disabled, but a definition's own
    ``save_report: true`` still turns it on for that collection)."""
    raw = node.get("report_path") if isinstance(node, Mapping) else None
    return ReportBook(report_path(raw, base_dir, mapping_name), item_type == "movie",
                      enabled=settings.get("save_report") is True)


def write_logged(book: ReportBook, dry_run: bool, where: str, say: Any) -> None:
    """Write ``book``; the change log (``say``) gets its line, a failure to write is one error line."""
    try:
        line = book.write(dry_run)
    except OSError as exc:
        log.error("%s | save_report: cannot write %s (%s)", where, book.path, exc.strerror or exc)
        return
    if line:
        say(f"{where} | {line}")
