"""What the user sees of a run: per-collection progress, and the summary tables at the end.

On a terminal both use rich (a transient progress bar, boxed tables); otherwise (Docker logs, cron
mail, a pipe) progress is one plain log line per collection and the tables are aligned text, so
logs stay readable and grep-able.

The engine drives progress like this::

    with Progress("Movies", total=len(definitions)) as progress:
        for definition in definitions:
            progress.start(definition.name)
            ...                          # build and apply
            progress.done(row)           # the ItemRow that goes into the report
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

from kometa.core.logs import redact
from kometa.engine.report import ItemRow, LibraryResult, RunReport

if TYPE_CHECKING:
    from rich.console import Console

log = logging.getLogger("kometa")

HEADERS = ("Title", "Status", "+", "=", "-", "Run Time")


def _console(console: Console | None) -> Console:
    if console is not None:
        return console
    from rich.console import Console

    return Console()


def seconds(value: float) -> str:
    """``0.42`` -> ``0.4 s``; ``75`` -> ``1 m 15 s``; ``3725`` -> ``1 h 2 m``."""
    if value < 60:
        return f"{value:.1f} s"
    minutes, secs = divmod(int(round(value)), 60)
    if minutes < 60:
        return f"{minutes} m {secs} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} m"


class Progress:
    """Progress through one library's collections (or the playlists).

    ``ghost=False`` (``--ignore-ghost``) or a non-terminal console gives plain lines instead of
    the transient bar.
    """

    def __init__(self, title: str, total: int, *, console: Console | None = None, ghost: bool = True) -> None:
        self.title = title
        self.total = total
        self.console = _console(console)
        self.live = ghost and self.console.is_terminal
        self.index = 0
        self.current: str | None = None
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.live:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), TextColumn("{task.fields[item]}"),
                                     console=self.console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.title, total=self.total, item="")
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def start(self, name: str) -> None:
        """A collection starts: show its name (plain: ``i/total | title | name``)."""
        self.index += 1
        self.current = name
        if self._bar is not None:
            self._bar.update(self._task, item=name)
        log.log(logging.DEBUG if self.live else logging.INFO, "%d/%d | %s | %s", self.index, self.total,
                self.title, name)

    def done(self, row: ItemRow | None = None) -> None:
        """The current collection finished; ``row`` (if given) is logged as its one-line result."""
        if row is not None:
            log.info("%d/%d | %s | %s: %s (+%d =%d -%d) in %s", self.index, self.total, self.title, row.name,
                     row.status, row.added, row.unchanged, row.removed, seconds(row.seconds))
        if self._bar is not None:
            self._bar.update(self._task, advance=1, item="")


def _row_cells(row: ItemRow) -> tuple[str, ...]:
    return (redact(row.name), redact(row.status), str(row.added), str(row.unchanged), str(row.removed), seconds(row.seconds))


def _plain_table(title: str, headers: tuple[str, ...], rows: list[tuple[str, ...]],
                 notes: Mapping[int, str] | None = None) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    numeric = {i for i, h in enumerate(headers) if h in ("+", "=", "-", "Count", "Run Time")}

    def line(cells: tuple[str, ...]) -> str:
        parts = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths,
                                                                                             strict=True))]
        return " | ".join(parts).rstrip()

    out = [title, line(headers), "-+-".join("-" * w for w in widths)]
    if not rows:
        out.append("(none)")
    for index, cells in enumerate(rows):
        out.append(line(cells))
        if notes and index in notes:
            out.append(f"    error: {notes[index]}")
    return out


def _rich_table(title: str, headers: tuple[str, ...], rows: list[tuple[str, ...]], caption: str | None = None,
                notes: Mapping[int, str] | None = None) -> Any:
    from rich.table import Table

    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for header in headers:
        right = header in ("+", "=", "-", "Count", "Run Time")
        table.add_column(header, justify="right" if right else "left", overflow="fold")
    for index, cells in enumerate(rows):
        table.add_row(*cells, style="red" if notes and index in notes else None)
    return table


def _rich_notes(rows: list[tuple[str, ...]], notes: Mapping[int, str]) -> Any:
    from rich.text import Text

    text = Text()
    for index, message in sorted(notes.items()):
        text.append(f"  x {rows[index][0]}: ", style="bold red")
        text.append(message + "\n", style="red")
    return text


def _notes(rows: list[ItemRow]) -> dict[int, str]:
    return {i: redact(row.error) for i, row in enumerate(rows) if row.error is not None}


def _library_parts(library: LibraryResult) -> tuple[str, list[tuple[str, ...]], dict[int, str], str]:
    failed = sum(1 for row in library.rows if row.error is not None)
    title = f"{library.name}: {library.result}"
    if library.result == "success" and failed:
        title = f"{library.name}: finished with errors ({failed} of {len(library.rows)} failed)"
    if library.message:
        title += f" ({redact(library.message)})"
    rows = [_row_cells(row) for row in library.rows]
    notes = _notes(library.rows)
    caption = f"library run time {seconds(library.seconds)}"
    return title, rows, notes, caption


def _problem_rows(problems: Mapping[str, Counter[str]]) -> Iterable[tuple[str, list[tuple[str, ...]]]]:
    for level in ("WARNING", "ERROR", "CRITICAL"):
        counter = problems.get(level)
        if counter:
            yield level.capitalize() + "s", [(str(n), m) for m, n in counter.most_common()]


def print_summary(report: RunReport, console: Console | None = None, *,
                  problems: Mapping[str, Counter[str]] | None = None) -> None:
    """Per library a table of its collections (status, + added, = unchanged, - removed, run time),
    then the playlists, then warnings/errors by frequency (from this run's log)."""
    console = _console(console)
    if problems is None:
        from kometa.core.logs import problem_counts

        problems = problem_counts()
    sections: list[tuple[str, list[tuple[str, ...]], dict[int, str], str | None, tuple[str, ...]]] = []
    for library in report.libraries:
        title, rows, notes, caption = _library_parts(library)
        sections.append((title, rows, notes, caption, HEADERS))
    if report.playlists:
        rows = [_row_cells(row) for row in report.playlists]
        notes = _notes(report.playlists)
        sections.append(("Playlists", rows, notes, None, HEADERS))
    if report.playlist_report:
        listed: list[tuple[str, ...]] = [(redact(t), redact(u)) for t, u in report.playlist_report]
        sections.append(("Playlist Report", listed, {}, None, ("Playlist", "Users")))
    for title, rows in _problem_rows(problems):
        sections.append((title, rows, {}, None, ("Count", "Message")))
    missing = [(redact(f"{lib.name} | {row.name}"), str(row.missing)) for lib in report.libraries for row in lib.rows
               if row.missing]
    if missing:
        sections.append(("Missing From The Library", missing, {}, None, ("Collection", "Count")))
    if report.online:
        sections.append(("Online Services", [(redact(e),) for e in report.online], {}, None, ("Message",)))
    if report.convert:
        sections.append(("Convert Summary", [(redact(e),) for e in report.convert], {}, None, ("Message",)))
    if report.not_done:
        sections.append(("Not done by this version", [(redact(e),) for e in report.not_done], {}, None,
                         ("Asked for, not done",)))
    if report.errors:
        sections.append(("Run errors", [(redact(e),) for e in report.errors], {}, None, ("Message",)))
    if console.is_terminal:
        for heading, cells, row_notes, footer, headers in sections:
            console.print(_rich_table(heading, headers, cells, footer, row_notes))
            if row_notes:
                console.print(_rich_notes(cells, row_notes), end="")
            console.print()
        return
    out: list[str] = []
    for heading, cells, row_notes, footer, headers in sections:
        out.extend(_plain_table(heading, headers, cells, row_notes))
        if footer:
            out.append(footer)
        out.append("")
    console.file.write("\n".join(out) + ("\n" if out else ""))
    console.file.flush()
