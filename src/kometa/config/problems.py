"""What checking a config found: located errors and warnings, collected or raised.

A strict :class:`Problems` (the run) raises the first error; a collecting one (``--validate``)
records every error and goes on, so one pass reports them all. Warnings are always collected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kometa.config.yaml_io import file_of, line_of
from kometa.core.errors import ConfigError


@dataclass(frozen=True)
class Notice:
    """A located warning: the run goes on."""

    message: str
    file: str | None = None
    line: int | None = None

    @property
    def text(self) -> str:
        if self.file is None:
            return self.message
        return f"{self.file}:{self.line}: {self.message}" if self.line is not None else f"{self.file}: {self.message}"


@dataclass
class Problems:
    collect: bool = False
    errors: list[ConfigError] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    not_done: list[str] = field(default_factory=list)  # located lines of parts not done (config.unbuilt.NotDone)

    def error(self, error: ConfigError) -> None:
        if getattr(error, "not_done", False):  # not a mistake: listed as not done (a run exits 1)
            if error.message not in self.not_done:
                self.not_done.append(error.message)
            return
        if not self.collect:
            raise error
        for known in self.errors:  # one problem found by two checks is reported once
            if known.message == error.message or (
                    (known.file, known.line) == (error.file, error.line) and error.line is not None
                    and (known.bare_message.endswith(error.bare_message)
                         or error.bare_message.endswith(known.bare_message))):
                return
        self.errors.append(error)

    def error_at(self, message: str, node: Any, key: Any = None) -> None:
        self.error(ConfigError(message, file=file_of(node), line=line_of(node, key)))

    def warn_at(self, message: str, node: Any, key: Any = None) -> None:
        notice = Notice(message, file_of(node), line_of(node, key))
        if notice not in self.warnings:
            self.warnings.append(notice)
