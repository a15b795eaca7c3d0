"""meta.log rotation, secret redaction, and no console tracebacks without --debug."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kometa.core import logs

log = logging.getLogger("kometa.test")


@pytest.fixture(autouse=True)
def _teardown() -> Iterator[None]:
    yield
    logs.teardown_logging()


def test_rotation_keeps_nine_previous_runs(tmp_path: Path) -> None:
    for run in range(1, 13):
        path = logs.setup_logging(tmp_path, width=100)
        log.info("run %d", run)
    logs.teardown_logging()
    folder = tmp_path / "logs"
    assert path == folder / "meta.log"
    assert sorted(p.name for p in folder.iterdir()) == ["meta-1.log", "meta-2.log", "meta-3.log", "meta-4.log",
                                                       "meta-5.log", "meta-6.log", "meta-7.log", "meta-8.log",
                                                       "meta-9.log", "meta.log"]
    assert "run 12" in (folder / "meta.log").read_text()
    assert "run 11" in (folder / "meta-1.log").read_text()
    assert "run 3" in (folder / "meta-9.log").read_text()


def test_rotate_with_gaps(tmp_path: Path) -> None:
    (tmp_path / "meta.log").write_text("now")
    (tmp_path / "meta-2.log").write_text("older")
    logs.rotate(tmp_path)
    assert (tmp_path / "meta-1.log").read_text() == "now" and (tmp_path / "meta-3.log").read_text() == "older"
    assert not (tmp_path / "meta.log").exists()


def test_secrets_redacted_on_console_and_in_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = logs.setup_logging(tmp_path, secrets=["plex-token-123", "p@ss word", "", "ab"], width=100)
    log.info("connecting with X-Plex-Token=%s", "plex-token-123")
    log.warning("url has p%40ss%20word and p@ss word; ab stays")
    try:
        raise RuntimeError("failed with plex-token-123")
    except RuntimeError:
        log.exception("request failed")
    logs.teardown_logging()
    out = capsys.readouterr().out
    text = path.read_text()
    for shown in (out, text):
        assert "plex-token-123" not in shown and "p@ss word" not in shown and "p%40ss%20word" not in shown
        assert "X-Plex-Token=(redacted)" in shown and "ab stays" in shown
    assert "RuntimeError: failed with (redacted)" in text
    assert logs.problem_counts() == {}


def test_console_has_no_traceback_unless_debug(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logs.setup_logging(tmp_path, width=100)
    log.debug("hidden detail")
    try:
        raise ValueError("bad")
    except ValueError:
        log.exception("it broke")
    out = capsys.readouterr().out
    assert "Traceback" not in out and "it broke (details in meta.log)" in out and "hidden detail" not in out
    assert "Traceback" in (tmp_path / "logs" / "meta.log").read_text()
    assert "hidden detail" in (tmp_path / "logs" / "meta.log").read_text()

    logs.setup_logging(tmp_path, width=100, debug=True)
    try:
        raise ValueError("bad")
    except ValueError:
        log.exception("it broke")
    log.debug("shown detail")
    out = capsys.readouterr().out
    assert "Traceback" in out and "shown detail" in out


def test_console_lines_are_framed_to_width_and_separator(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logs.setup_logging(tmp_path, width=90, divider="*-")
    log.info("hello")
    logs.separator("Title")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "| hello" + " " * 81 + " |" and len(lines[0]) == 90
    assert lines[1] == "| " + "*" * 86 + " |" and "Title" in lines[2]


def test_problem_counts(tmp_path: Path) -> None:
    logs.setup_logging(tmp_path, secrets=["hunter22"])
    log.warning("slow")
    log.warning("slow")
    log.error("bad hunter22")
    counts = logs.problem_counts()
    assert counts["WARNING"]["slow"] == 2 and counts["ERROR"]["bad (redacted)"] == 1


def test_secrets_added_after_setup_are_redacted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = logs.setup_logging(tmp_path, secrets=[])
    log.info("token tok-from-config-yml")
    logs.add_secrets(["tok-from-config-yml", None])
    log.info("token tok-from-config-yml")
    logs.teardown_logging()
    out = capsys.readouterr().out.splitlines()
    assert "tok-from-config-yml" in out[0] and "token (redacted)" in out[1]
    assert path.read_text().count("(redacted)") == 1


def test_banner_and_other_log_family(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = logs.setup_logging(tmp_path, secrets=["tok-12345"], name="validate")
    logs.banner("1.2.3", ["--run", "--plex-token", "tok-12345"])
    logs.teardown_logging()
    assert path.name == "validate.log"
    text = path.read_text()
    assert "Kometa 1.2.3" in text and "Command: kometa --run --plex-token (redacted)" in text
    assert "Command" not in capsys.readouterr().out  # debug line: file only


def test_undeclared_plex_tokens_in_urls_and_headers_are_redacted() -> None:
    redact = logs.Redactor()
    assert redact("GET http://plex:32400/library?X-Plex-Token=abcDEF123_-x&foo=1") == \
        "GET http://plex:32400/library?X-Plex-Token=(redacted)&foo=1"
    assert redact("headers {'X-Plex-Token': 'zzzz9999'}") == "headers {'X-Plex-Token': '(redacted)'}"
    assert redact("add token: YOUR_PLEX_TOKEN (or token: env)") == "add token: YOUR_PLEX_TOKEN (or token: env)"
    assert redact("token=(redacted) stays") == "token=(redacted) stays"
    assert redact("tokens are fine") == "tokens are fine"
