"""Run logging: the console and ``<config dir>/logs/meta.log``, with secrets redacted.

:func:`setup_logging` is called once at the start of each run. It rotates the previous logs
(``meta.log`` -> ``meta-1.log`` ... ``meta-9.log``; ``meta-1`` is the previous run, the oldest
falls off), then sends the ``kometa`` logger to

* the console (stdout): ``| message |`` padded to ``--width``; a traceback only with ``--debug``
  (otherwise a pointer to meta.log), debug lines only with ``--debug``;
* ``meta.log``: ``[time] [file:line] [LEVEL] | message |``, debug lines included, tracebacks kept.

Every secret value (tokens, ``KOMETA_*`` secrets, the Plex token) is replaced by ``(redacted)``
in both, also when it appears URL-encoded; so is any value after ``X-Plex-Token=`` / ``X-Plex-Token:``
(a Plex URL or header logged by accident). Values shorter than :data:`MIN_SECRET` characters are
not redacted: replacing every ``1`` or ``yes`` would garble the log and hide nothing.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

LOGGER = "kometa"
LOG_NAME = "meta"
KEEP = 9
MIN_SECRET = 4
REDACTED = "(redacted)"

# A Plex token in a URL or header is redacted even when nobody declared it a secret.
_TOKEN_PATTERN = re.compile(r"((?:X-Plex-Token)['\"]?\s*[=:]\s*['\"]?)(?!\(redacted\))[A-Za-z0-9_\-~.%]{4,}",
                            re.IGNORECASE)

# A secret inside any URL: the password of ``scheme://user:password@host``, the value of a query
# parameter named like a credential, and the token path of Discord/Slack webhook URLs.
_URL_PASSWORD = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]+:)(?!\(redacted\))[^@/\s]+(?=@)")
_URL_PARAM = re.compile(r"([?&;](?:x-plex-token|token|api[_-]?key|apikey|key|access[_-]?token|password|pass|"
                        r"secret|auth|signature|sig)=)(?!\(redacted\))[^&#\s'\"]+", re.IGNORECASE)
_WEBHOOK_PATH = re.compile(r"((?:discord(?:app)?\.com/api/webhooks/\d+|hooks\.slack\.com/services(?:/[A-Z0-9]+){2})/)"
                           r"(?!\(redacted\))[A-Za-z0-9_\-]+", re.IGNORECASE)


def redact_urls(message: str) -> str:
    """Secrets inside URLs replaced by ``(redacted)``, declared or not."""
    if "://" in message or "=" in message:
        message = _URL_PASSWORD.sub(lambda m: m.group(1) + REDACTED, message)
        message = _URL_PARAM.sub(lambda m: m.group(1) + REDACTED, message)
        message = _WEBHOOK_PATH.sub(lambda m: m.group(1) + REDACTED, message)
    return message


_installed: list[logging.Handler] = []
_settings: dict[str, Any] = {"width": 100, "divider": "="}


def rotate(folder: Path, name: str = LOG_NAME, keep: int = KEEP) -> None:
    """Shift ``name.log`` -> ``name-1.log`` -> ... -> ``name-<keep>.log``; the oldest is dropped."""
    oldest = folder / f"{name}-{keep}.log"
    if oldest.exists():
        oldest.unlink()
    for number in range(keep - 1, 0, -1):
        source = folder / f"{name}-{number}.log"
        if source.exists():
            source.replace(folder / f"{name}-{number + 1}.log")
    current = folder / f"{name}.log"
    if current.exists():
        current.replace(folder / f"{name}-1.log")


class Redactor:
    """Replaces every secret (and its URL-encoded form) with ``(redacted)``; more can be added later."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._ordered: list[str] = []
        self.add(secrets)

    def add(self, secrets: Iterable[str | None]) -> None:
        values = set(self._ordered)
        for secret in secrets:
            if secret is None or len(str(secret).strip()) < MIN_SECRET:
                continue
            values.add(str(secret))
            values.add(quote(str(secret), safe=""))
        self._ordered = sorted(values, key=len, reverse=True)

    def __call__(self, message: str) -> str:
        for value in self._ordered:
            if value in message:
                message = message.replace(value, REDACTED)
        if "plex-token" in message.lower():
            message = _TOKEN_PATTERN.sub(lambda m: m.group(1) + REDACTED, message)
        return redact_urls(message)


def redactor(secrets: Iterable[str]) -> Callable[[str], str]:
    """A function replacing every secret (and its URL-encoded form) with ``(redacted)``."""
    return Redactor(secrets)


_redactor = Redactor()


def redact(text: str) -> str:
    """``text`` with this run's secrets replaced by ``(redacted)`` (for output that bypasses logging)."""
    return _redactor(text)


def add_secrets(secrets: Iterable[str | None]) -> None:
    """Redact more values from now on (e.g. the Plex tokens read from config.yml after start-up)."""
    _redactor.add(secrets)


class _FramedFormatter(logging.Formatter):
    """``prefix| message |`` with the message padded to the log width, secrets redacted first."""

    def __init__(self, prefix: str, width: int, redact: Callable[[str], str], *, tracebacks: bool) -> None:
        super().__init__(prefix or None, datefmt="%Y-%m-%d %H:%M:%S")
        self.prefix = prefix
        self.width = width
        self.redact = redact
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        head = ""
        if self.prefix:
            record.asctime = self.formatTime(record, self.datefmt)
            head = self.formatMessage(record)
        lines = self.redact(record.message).splitlines() or [""]
        if record.exc_info and not self.tracebacks:
            lines[-1] += " (details in meta.log)"
        inner = max(self.width - 4, 10)
        framed = "\n".join(f"{head}| {line:<{inner}} |" for line in lines)
        if record.exc_info and self.tracebacks:
            framed += "\n" + self.redact(self.formatException(record.exc_info))
        return framed


class _ConsoleHandler(logging.StreamHandler):  # type: ignore[type-arg,unused-ignore]
    """Writes to whatever ``sys.stdout`` is at the moment (rich's progress display swaps it)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property  # type: ignore[override,unused-ignore]
    def stream(self) -> TextIO:
        return sys.stdout

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


class _LogFile(logging.FileHandler):
    """meta.log; when it cannot be written (a full disk, a folder turned read-only) it says so once
    on the console and stops, instead of a traceback for every later line."""

    broken = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.broken:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        if self.broken:
            return
        self.broken = True
        error = sys.exc_info()[1]
        reason = getattr(error, "strerror", None) or error
        stream, self.stream = self.stream, None  # type: ignore[assignment]
        with contextlib.suppress(Exception):  # closes the file even when its last flush fails
            if stream is not None:
                stream.close()
        logging.getLogger(LOGGER).warning("cannot write %s (%s): the log file stops here; the console shows "
                                          "the rest of the run", self.baseFilename, reason)


class ProblemCounter(logging.Handler):
    """Counts warning/error/critical messages for the end-of-run summary tables."""

    def __init__(self, redact: Callable[[str], str]) -> None:
        super().__init__(logging.WARNING)
        self.redact = redact
        self.counts: dict[str, Counter[str]] = {"WARNING": Counter(), "ERROR": Counter(), "CRITICAL": Counter()}

    def emit(self, record: logging.LogRecord) -> None:
        self.counts.setdefault(record.levelname, Counter())[self.redact(record.getMessage())] += 1


def teardown_logging() -> None:
    """Remove and close the handlers :func:`setup_logging` installed (closes meta.log)."""
    logger = logging.getLogger(LOGGER)
    while _installed:
        handler = _installed.pop()
        logger.removeHandler(handler)
        handler.close()


def setup_logging(config_dir: Path, *, secrets: Iterable[str] = (), debug: bool = False, width: int = 100,
                  divider: str = "=", name: str = LOG_NAME) -> Path:
    """Rotate old logs and log the ``kometa`` logger to the console and meta.log; returns meta.log's path.

    ``name`` picks another log family (``validate`` for validate.log, rotated the same way).
    """
    teardown_logging()
    folder = Path(config_dir) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    rotate(folder, name)
    path = folder / f"{name}.log"
    global _redactor
    _redactor = redact = Redactor(secrets)
    _settings.update(width=width, divider=(divider or "=")[0])

    file_handler = _LogFile(path, encoding="utf-8")
    file_handler.setLevel(logging.DEBUG)
    file_handler.setFormatter(_FramedFormatter("[%(asctime)s] [%(filename)s:%(lineno)d] [%(levelname)-8s] ",
                                               width, redact, tracebacks=True))

    console = _ConsoleHandler()
    console.setLevel(logging.DEBUG if debug else logging.INFO)
    console.setFormatter(_FramedFormatter("", width, redact, tracebacks=debug))

    counter = ProblemCounter(redact)
    logger = logging.getLogger(LOGGER)
    logger.setLevel(logging.DEBUG)
    for handler in (file_handler, console, counter):
        logger.addHandler(handler)
        _installed.append(handler)
    return path


def problem_counts() -> dict[str, Counter[str]]:
    """Warning/error/critical messages of this run with how often each was logged."""
    for handler in _installed:
        if isinstance(handler, ProblemCounter):
            return handler.counts
    return {}


def separator(text: str | None = None, *, logger: logging.Logger | None = None) -> None:
    """Log a divider line (``--divider`` repeated to ``--width``), with an optional centred title."""
    log = logger or logging.getLogger(LOGGER)
    width = int(_settings["width"]) - 4
    line = str(_settings["divider"]) * width
    log.info(line, stacklevel=2)
    if text:
        for part in text.splitlines():
            log.info(part.center(width).rstrip(), stacklevel=2)
        log.info(line, stacklevel=2)


def banner(version: str, argv: Iterable[str] | None = None) -> None:
    """The start-of-run header: a divider, the name and version; the command line at debug level.

    The command line goes through the same redaction as every log line, so ``--kometa-KEY VALUE``
    and ``--plex-token VALUE`` show as ``(redacted)``.
    """
    separator(f"Kometa {version}")
    if argv is not None:
        from kometa.core.secret_args import redact_argv

        logging.getLogger(LOGGER).debug("Command: kometa %s", " ".join(redact_argv(list(argv))), stacklevel=2)
