"""Exit codes and the one error type that carries a user mistake to the top.

Every user mistake (bad flag, bad time, bad YAML, unreachable Plex, ...) is raised as a
:class:`KometaError` subclass with a one-line message; ``cli.main`` prints it without a traceback
and exits with its code.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    RUN_FAILED = 1
    USAGE = 2
    LOCKED = 3
    NO_WAITER = 4
    SIGINT = 130
    SIGTERM = 143


class KometaError(Exception):
    """A problem the user can fix; printed as one line, no traceback."""

    exit_code: int = ExitCode.RUN_FAILED

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class UsageError(KometaError):
    """A bad flag, environment value or command-line argument (exit 2)."""

    exit_code = ExitCode.USAGE


class ConfigError(KometaError):
    """A problem in the config or one of its files, with a location when known (exit 2)."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = ""
        if file is not None:
            where = f"{file}:{line}: " if line is not None else f"{file}: "
        super().__init__(f"{where}{message}")
        self.bare_message = message


class PlexError(KometaError):
    """Plex is unreachable, refuses the token or answers nonsense (exit 1)."""

    exit_code = ExitCode.RUN_FAILED


class LockedError(KometaError):
    """Another run holds the config's run lock (exit 3)."""

    exit_code = ExitCode.LOCKED


class NoWaiterError(KometaError):
    """No waiter is running for that config (exit 4)."""

    exit_code = ExitCode.NO_WAITER
