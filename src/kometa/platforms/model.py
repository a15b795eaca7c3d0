"""The common description of a service, and what a target generator produces from it.

:class:`ServiceSpec` says *what* to run (interpreter, program, config, working folder), *when*
(mode and times) and *for whom* (user or system scope); each target module turns it into a
:class:`Plan`: files with their destinations, the commands that enable them, and notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from kometa.core.errors import UsageError
from kometa.platforms.timespec import times_text

TARGETS = ("systemd", "launchd", "cron", "windows", "compose")
TARGET_ALIASES = {
    "systemctl": "systemd",
    "macos": "launchd",
    "launchctl": "launchd",
    "crontab": "cron",
    "schtasks": "windows",
    "task-scheduler": "windows",
    "docker": "compose",
    "docker-compose": "compose",
}
MODES = ("waiter", "run")
DEFAULT_RUN_TIMES = (time(5, 0),)


@dataclass(frozen=True)
class ServiceSpec:
    """Everything a generator needs; paths are absolute strings of the machine the command runs on."""

    target: str
    mode: str  # "waiter" or "run"
    name: str
    user_scope: bool
    python: str
    program: tuple[str, ...]  # ("-m", "kometa") or ("/checkout/kometa.py",)
    workdir: str
    config: str
    times: tuple[time, ...] = ()  # as given (empty: the tool's default, 05:00)
    crons: tuple[str, ...] = ()
    tz: str | None = None
    username: str = "kometa"
    group: str = "kometa"
    home: str = "/"
    extra_args: tuple[str, ...] = ()
    image: str = "kometa:latest"
    puid: int | None = None
    pgid: int | None = None

    @property
    def waiter(self) -> bool:
        return self.mode == "waiter"

    @property
    def run_times(self) -> tuple[time, ...]:
        """When the platform's scheduler starts ``--run`` (05:00 when nothing was given)."""
        if self.times or self.crons:
            return self.times
        return DEFAULT_RUN_TIMES

    @property
    def config_dir(self) -> str:
        return str(Path(self.config).parent)

    @property
    def log_dir(self) -> str:
        return str(Path(self.config).parent / "logs")

    def schedule_args(self) -> list[str]:
        """The ``--times``/``--cron`` flags the waiter needs (none: the tool's default 05:00)."""
        args: list[str] = []
        if self.times:
            args += ["--times", times_text(self.times)]
        if self.crons:
            args += ["--cron", "|".join(self.crons)]
        return args

    def kometa_args(self) -> list[str]:
        """Arguments after the interpreter: program, config, mode flags, extras."""
        args = [*self.program, "--config", self.config]
        args += ["--run"] if self.mode == "run" else self.schedule_args()
        return args + list(self.extra_args)

    def command(self) -> list[str]:
        return [self.python, *self.kometa_args()]

    def describe_when(self) -> str:
        parts = [times_text(self.run_times)] if self.run_times else []
        parts += [f"cron '{c}'" for c in self.crons]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class GeneratedFile:
    """One file to write. ``destination`` is None for the user's crontab (installed via ``crontab``)."""

    name: str
    content: bytes
    destination: str | None
    text: str  # the content as shown by ``print`` (newlines normalised)
    executable: bool = False


@dataclass(frozen=True)
class Step:
    """One command of the enable/load sequence; ``may_fail`` when failing is expected and harmless
    (unloading something that is not loaded)."""

    argv: tuple[str, ...]
    may_fail: bool = False


def step(*argv: str, may_fail: bool = False) -> Step:
    return Step(tuple(argv), may_fail)


@dataclass
class Plan:
    """What a target generator produces: files, and the commands that put them to work.

    ``enable`` is idempotent and always right after a fresh install; when an existing file changed,
    ``before_update`` runs first and ``after_update`` last, so the running service picks it up.
    """

    files: list[GeneratedFile]
    enable: list[Step] = field(default_factory=list)
    before_update: list[Step] = field(default_factory=list)
    after_update: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    windows: bool = False  # show commands with Windows quoting
    stale: dict[str, str] = field(default_factory=dict)  # other mode's file -> how to remove it
    # ``uninstall``: stop and unregister the service (they work without its files), then, after the
    # files are gone, ``after_uninstall`` (e.g. systemctl daemon-reload).
    disable: list[Step] = field(default_factory=list)
    after_uninstall: list[Step] = field(default_factory=list)


def text_file(name: str, text: str, destination: str | None, *, crlf: bool = False,
              encoding: str = "utf-8", executable: bool = False) -> GeneratedFile:
    raw = text.replace("\n", "\r\n") if crlf else text
    return GeneratedFile(name, raw.encode(encoding), destination, text, executable)


def check_path_text(value: str, what: str) -> None:
    """Paths are written into files and command lines: control characters cannot be quoted safely."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise UsageError(f"{what} {value!r} contains a control character (newline, tab, ...); "
                         "move it to a folder whose name has none")
