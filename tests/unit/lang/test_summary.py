"""Summary tables (plain and rich) and the progress API."""

from __future__ import annotations

import io
import logging
from collections import Counter

import pytest
from rich.console import Console

from kometa.engine.report import ItemRow, LibraryResult, RunReport
from kometa.engine.summary import Progress, print_summary, seconds


def _report() -> RunReport:
    report = RunReport()
    report.libraries.append(LibraryResult("Movies", seconds=3.25, rows=[
        ItemRow("Top Action Movies", status="Created", added=12, seconds=0.5),
        ItemRow("Best of 1999", status="Unchanged", unchanged=7, seconds=0.25),
        ItemRow("Broken", status="Builder Validation Error", error="genre 'Actoin' not in library"),
    ]))
    report.libraries.append(LibraryResult("Shows", result="failed", message="library not found on Plex"))
    report.playlists.append(ItemRow("Marathon", kind="playlist", status="Modified", added=2, removed=1))
    return report


def test_plain_summary_is_aligned_text() -> None:
    buffer = io.StringIO()
    print_summary(_report(), Console(file=buffer, force_terminal=False, width=120),
                  problems={"WARNING": Counter({"slow": 2, "odd": 1})})
    text = buffer.getvalue()
    lines = text.splitlines()
    assert lines[0] == "Movies: finished with errors (1 of 3 failed)"  # a failed row shows in its library's title
    assert lines[1].startswith("Title ") and lines[1].endswith("Run Time")
    created = next(line for line in lines if line.startswith("Top Action Movies"))
    assert " | Created " in created and created.endswith("| 12 | 0 | 0 |    0.5 s")
    assert "    error: genre 'Actoin' not in library" in lines
    assert "library run time 3.2 s" in text
    assert "Shows: failed (library not found on Plex)" in text
    assert "Marathon" in text and "Warnings" in text
    assert lines.index("Warnings") < next(i for i, line in enumerate(lines) if "slow" in line)
    assert "\x1b[" not in text


def test_rich_summary_on_a_terminal() -> None:
    buffer = io.StringIO()
    print_summary(_report(), Console(file=buffer, force_terminal=True, width=120, color_system=None),
                  problems={})
    text = buffer.getvalue()
    assert "Top Action Movies" in text and "Created" in text and "┃" in text and "Playlists" in text


def test_seconds() -> None:
    assert [seconds(v) for v in (0.42, 75, 3725)] == ["0.4 s", "1 m 15 s", "1 h 2 m"]


def test_plain_progress_logs_one_line_per_collection(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kometa")
    console = Console(file=io.StringIO(), force_terminal=False)
    with Progress("Movies", 2, console=console) as progress:
        progress.start("A")
        progress.done(ItemRow("A", status="Created", added=3))
        progress.start("B")
        progress.done()
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["1/2 | Movies | A", "1/2 | Movies | A: Created (+3 =0 -0) in 0.0 s", "2/2 | Movies | B"]


def test_live_progress_on_a_terminal_is_transient() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100)
    with Progress("Movies", 1, console=console) as progress:
        assert progress.live
        progress.start("A")
        progress.done()
    with Progress("Movies", 1, console=console, ghost=False) as progress:
        assert not progress.live


def test_summary_redacts_secrets(tmp_path: object) -> None:
    from pathlib import Path

    from kometa.core import logs

    logs.setup_logging(Path(str(tmp_path)), secrets=["s3cr3t-token"])
    try:
        report = RunReport()
        report.libraries.append(LibraryResult("Movies", result="failed", message="GET /x?X-Plex-Token=s3cr3t-token",
                                              rows=[ItemRow("A", error="url ...s3cr3t-token")]))
        report.errors.append("boom s3cr3t-token")
        buffer = io.StringIO()
        print_summary(report, Console(file=buffer, force_terminal=False), problems={})
    finally:
        logs.teardown_logging()
    assert "s3cr3t-token" not in buffer.getvalue() and buffer.getvalue().count("(redacted)") == 3
