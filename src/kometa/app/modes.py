"""Run modes: :func:`main_run` checks the config path and folder, then validates (``--validate``),
runs once now (``--run``, :func:`kometa.app.runner.run_once`) or waits (:mod:`kometa.app.waiting`)."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

from kometa.core.errors import ConfigError
from kometa.core.options import Options

log = logging.getLogger("kometa")


def main_run(options: Options, argv: list[str] | None = None) -> int:
    try:
        found = options.config.is_file()
    except OSError as exc:  # e.g. a folder this user may not enter
        raise ConfigError(f"cannot read {options.config}: {exc.strerror or exc}; make it readable for this user") \
            from None
    if not found and options.config.is_dir():
        raise ConfigError(f"--config {options.config} is a folder; give the file, e.g. --config "
                          f"{options.config / 'config.yml'}")
    if not found:
        raise ConfigError(
            f"config file not found: {options.config} (give --config PATH or set KOMETA_CONFIG; in Docker mount "
            f"your config folder at /config)")
    if options.low_priority:
        _lower_priority()
    if options.validate:
        from kometa.app.validate import validate

        return validate(options)
    _check_config_folder(options.config_dir)
    if options.immediate and os.environ.get("KOMETA_INTERNAL_EVENT_WORKER") == "1":  # the waiter's event worker
        from kometa.app.event_worker import serve

        return serve(options)
    if options.immediate:
        from kometa.app.runner import run_once

        return run_once(options)
    from kometa.app.waiting import wait

    return wait(options, argv if argv is not None else sys.argv[1:])


def _check_config_folder(folder: Path) -> None:
    """Runs and the waiter write beside config.yml (run lock, kometa.db, logs/): say so plainly when
    they cannot (a read-only mount, a folder owned by another user) instead of failing half-way."""
    from kometa.app.lock import LOCK_FILE, WAITER_LOCK_FILE
    from kometa.app.state import STATE_FILE

    target = folder
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".kometa-probe-")
        os.close(fd)
        try:
            os.unlink(probe)
        except OSError:  # written is what counts (a virus scanner may hold a new file for a moment)
            pass
        for name in (LOCK_FILE, WAITER_LOCK_FILE, STATE_FILE):
            target = folder / name
            if target.exists():
                with open(target, "ab"):  # opened for writing, nothing written
                    pass
        target = folder / "logs"
        if target.exists() and not target.is_dir():
            raise NotADirectoryError(20, "not a folder")
    except OSError as exc:
        user = f" (uid {os.getuid()})" if hasattr(os, "getuid") else ""
        where = "" if target == folder else f"{target.name}: "
        raise ConfigError(
            f"cannot write in the config folder {folder} ({where}{exc.strerror or exc}); kometa keeps its "
            f"run lock, run history (kometa.db) and logs there: make it writable for this user{user} "
            f"(in Docker: -v /path/to/config:/config:rw)") from None


def _lower_priority() -> None:
    try:
        if sys.platform == "win32":  # pragma: no cover
            import ctypes

            ctypes.windll.kernel32.SetPriorityClass(ctypes.windll.kernel32.GetCurrentProcess(), 0x4000)
        else:
            os.nice(10)
    except (OSError, AttributeError):
        log.warning("Could not lower the process priority")
