"""A closed stdout (``kometa --run | head``) ends output quietly, never the run.

:func:`guard_stdout` wraps ``sys.stdout``: the first write or flush that meets a closed pipe
points file descriptor 1 at the null device (so nothing buffered fails again, not even at exit)
and every later write is dropped. The run goes on and records its result; meta.log still has it all.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, TextIO

_CLOSED = (errno.EPIPE, errno.EINVAL, getattr(errno, "ESHUTDOWN", errno.EPIPE))


def _is_closed_pipe(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno in _CLOSED)


class PipeSafe:
    """A text stream that turns "the reader went away" into silence."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.closed_pipe = False

    def _silence(self) -> None:
        self.closed_pipe = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass

    def write(self, text: str) -> int:
        if self.closed_pipe:
            return len(text)
        try:
            return self._stream.write(text)
        except OSError as exc:
            if not _is_closed_pipe(exc):
                raise
            self._silence()
            return len(text)

    def flush(self) -> None:
        if self.closed_pipe:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            if not _is_closed_pipe(exc):
                raise
            self._silence()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def guard_stdout() -> None:
    """Wrap ``sys.stdout`` once (idempotent)."""
    if sys.stdout is not None and not isinstance(sys.stdout, PipeSafe):
        sys.stdout = PipeSafe(sys.stdout)  # type: ignore[assignment]
