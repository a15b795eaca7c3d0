"""``kometa service`` flags + the :class:`Host` -> one :class:`ServiceSpec`.

The interpreter is the one running this command (the venv's ``python``, never resolved through its
symlink, or the venv would be lost); the program is ``<checkout>/kometa.py`` when the command runs
from a checkout (the shim sets ``KOMETA_INSTALL_DIR``), else ``-m kometa``. ``--times`` and
``--cron`` are validated by :mod:`kometa.timing.runtimes`, the same code the waiter uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import time
from pathlib import Path

from kometa.core.errors import UsageError
from kometa.platforms.host import Host
from kometa.platforms.model import MODES, TARGET_ALIASES, TARGETS, ServiceSpec, check_path_text
from kometa.platforms.timespec import every_times

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")


@dataclass(frozen=True)
class Request:
    """The flags of ``kometa service print|install`` as plain values."""

    target: str
    mode: str = "waiter"
    times: str | None = None
    cron: str | None = None
    every: str | None = None
    config: str | None = None
    name: str = "kometa"
    user: bool = False
    tz: str | None = None
    workdir: str | None = None
    image: str = "kometa:latest"
    puid: int | None = None
    pgid: int | None = None
    extra_args: tuple[str, ...] = ()


def normalise_target(text: str) -> str:
    target = TARGET_ALIASES.get(text.lower(), text.lower())
    if target not in TARGETS:
        raise UsageError(f"unknown target {text!r}; choose one of: {', '.join(TARGETS)}")
    return target


def _absolute(text: str, base: Path) -> Path:
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


def build_spec(req: Request, host: Host) -> ServiceSpec:
    from kometa.timing.runtimes import parse_cron, parse_times, resolve_zone

    target = normalise_target(req.target)
    if req.mode not in MODES:
        raise UsageError(f"--mode={req.mode!r} must be waiter or run")
    if not _NAME_RE.match(req.name):
        raise UsageError(f"--name={req.name!r} must be letters, digits, '.', '_', '-' or '@' "
                         "(up to 64, starting with a letter or digit)")
    if target == "cron" and "." in req.name:
        raise UsageError(f"--name={req.name!r}: cron names may not contain '.'")
    if req.every is not None and (req.times is not None or req.cron is not None):
        raise UsageError("--every replaces --times and --cron; give only one of them")

    if req.every is None and req.times is None and req.cron is None:
        # Like `kometa schedule next`: the environment's run times when no flag gives any.
        env_times = host.environ.get("KOMETA_TIMES") or None
        env_cron = host.environ.get("KOMETA_CRON") or None
        req = replace(req, times=env_times, cron=env_cron)
    times: list[time] = []
    if req.every is not None:
        times = every_times(req.every)
    elif req.times is not None:
        times = parse_times(req.times)
    crons = parse_cron(req.cron) if req.cron is not None else []

    install_dir = host.environ.get("KOMETA_INSTALL_DIR")
    shim = Path(install_dir) / "kometa.py" if install_dir else None
    if shim is not None and shim.is_file():
        program: tuple[str, ...] = (str(_absolute(str(shim), host.cwd)),)
        default_workdir = _absolute(str(install_dir), host.cwd)
    else:
        program = ("-m", "kometa")
        default_workdir = host.cwd
    workdir = _absolute(req.workdir, host.cwd) if req.workdir else default_workdir
    config_text = req.config or host.environ.get("KOMETA_CONFIG") or ""
    config = _absolute(config_text, host.cwd) if config_text.strip() else workdir / "config" / "config.yml"

    tz = req.tz if req.tz is not None else (host.environ.get("TZ") or None)
    if tz:
        tz = tz[1:] if tz.startswith(":") else tz
        resolve_zone(tz)

    for value, what in ((host.python, "the interpreter path"), (str(workdir), "the working folder"),
                        (str(config), "the config path"), *((p, "the program path") for p in program)):
        check_path_text(value, what)
    for arg in req.extra_args:
        check_path_text(arg, "the extra argument")
    if req.puid is not None and req.puid < 0 or req.pgid is not None and req.pgid < 0:
        raise UsageError("--puid and --pgid must be numeric ids of 0 or more")

    puid, pgid = req.puid, req.pgid
    if target == "compose" and puid is None and pgid is None and host.uid > 0:
        puid, pgid = host.uid, host.gid
    return ServiceSpec(
        target=target, mode=req.mode, name=req.name, user_scope=req.user, python=host.python,
        program=program, workdir=str(workdir), config=str(config), times=tuple(times), crons=tuple(crons),
        tz=tz or None, username=host.username, group=host.group, home=str(host.home),
        extra_args=tuple(req.extra_args), image=req.image, puid=puid, pgid=pgid,
    )
