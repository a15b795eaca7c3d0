"""Put a :class:`Plan` in place: write its files idempotently, then run (or list) its commands.

A file whose bytes are already there is left alone (``unchanged``), so ``install`` twice changes
nothing the second time. The crontab is read and written through the :class:`Host`, replacing only
the block between this service's markers. With ``--user`` every destination must lie inside the
home folder: nothing outside it is written, so no root is needed.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kometa.core.errors import KometaError, UsageError
from kometa.platforms import cron
from kometa.platforms.host import Host
from kometa.platforms.model import GeneratedFile, Plan, ServiceSpec, Step

PLATFORMS = {"systemd": ("linux",), "launchd": ("darwin",), "windows": ("win32", "cygwin")}
PLATFORM_NAMES = {"linux": "Linux", "darwin": "macOS", "win32": "Windows", "cygwin": "Windows"}


@dataclass(frozen=True)
class FileResult:
    file: GeneratedFile
    where: str
    status: str  # "created", "updated" or "unchanged"


def check_platform(spec: ServiceSpec, host: Host) -> None:
    wanted = PLATFORMS.get(spec.target)
    if spec.target == "cron" and host.platform.startswith("win"):
        raise UsageError("cron does not exist on Windows; use: kometa service install windows")
    if wanted and not any(host.platform.startswith(p) for p in wanted):
        where = PLATFORM_NAMES.get(wanted[0], wanted[0])
        raise UsageError(f"{spec.target} services are installed on {where}, and this machine runs "
                         f"{host.platform}; see the files with: kometa service print {spec.target}")


def _inside(path: Path, folder: Path) -> bool:
    return os.path.realpath(path) == os.path.realpath(folder) or os.path.realpath(path).startswith(
        os.path.realpath(folder).rstrip(os.sep) + os.sep)


def check_user_scope(plan: Plan, spec: ServiceSpec, host: Host) -> None:
    if not spec.user_scope:
        return
    for file in plan.files:
        if file.destination is not None and not _inside(Path(file.destination), host.home):
            raise UsageError(f"--user writes only inside your home folder ({host.home}), but {file.name} "
                             f"goes to {file.destination}; move the Kometa folder into your home, or "
                             "install without --user")


def write_bytes(path: Path, content: bytes, executable: bool = False) -> str:
    """Write ``content`` atomically unless it is already there; returns the status word."""
    try:
        old: bytes | None = path.read_bytes()
    except FileNotFoundError:
        old = None
    if old == content:
        return "unchanged"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, 0o755 if executable else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return "created" if old is None else "updated"


def install_crontab(file: GeneratedFile, spec: ServiceSpec, host: Host) -> FileResult:
    where = f"the crontab of {spec.username}"
    current = host.crontab_read()
    new = cron.merge(current, file.text, spec.name)
    if new == current:
        return FileResult(file, where, "unchanged")
    had_block = cron.BEGIN.format(name=spec.name) in current.splitlines()
    host.crontab_write(new)
    return FileResult(file, where, "updated" if had_block else "created")


def install_files(plan: Plan, spec: ServiceSpec, host: Host) -> list[FileResult]:
    check_platform(spec, host)
    check_user_scope(plan, spec, host)
    results = []
    for file in plan.files:
        if file.destination is None:
            results.append(install_crontab(file, spec, host))
        else:
            status = write_bytes(Path(file.destination), file.content, file.executable)
            results.append(FileResult(file, file.destination, status))
    return results


def write_output_dir(plan: Plan, folder: Path) -> list[FileResult]:
    """``print --output-dir``: every file under its own name in ``folder``, as it would be installed."""
    results = []
    for file in plan.files:
        path = folder / file.name
        results.append(FileResult(file, str(path), write_bytes(path, file.content, file.executable)))
    return results


def steps_after(plan: Plan, results: list[FileResult]) -> list[Step]:
    """The commands to run now: enable, wrapped in the update steps when an existing file changed."""
    updated = any(r.status == "updated" for r in results)
    if updated:
        return [*plan.before_update, *plan.enable, *plan.after_update]
    return list(plan.enable)


def run_steps(steps: list[Step], host: Host) -> None:
    for item in steps:
        code = host.run(list(item.argv))
        if code != 0 and not item.may_fail:
            raise KometaError(f"{item.argv[0]} {' '.join(item.argv[1:3])} ... failed (exit {code}); "
                              "the files are in place, fix the problem and run install again")


MARKER = "Generated by `kometa service install"


def _ours(path: Path, file: GeneratedFile) -> bool:
    """A file install wrote: the bytes it would write now, or one carrying its header comment."""
    content = path.read_bytes()
    if content == file.content:
        return True
    for encoding in ("utf-8", "utf-16"):
        try:
            if MARKER in content.decode(encoding):
                return True
        except UnicodeDecodeError:
            continue
    return False


def uninstall_files(plan: Plan, spec: ServiceSpec, host: Host) -> list[FileResult]:
    """Remove what :func:`install_files` wrote: its files (only when they are kometa's) and its
    crontab block (every other crontab line kept). Status: removed, absent or left alone."""
    check_platform(spec, host)
    results = []
    for file in plan.files:
        if file.destination is None:
            where = f"the crontab of {spec.username}"
            current = host.crontab_read()
            if cron.BEGIN.format(name=spec.name) not in current.splitlines():
                results.append(FileResult(file, where, "absent"))
                continue
            host.crontab_write(cron.merge(current, "", spec.name))
            results.append(FileResult(file, where, "removed"))
            continue
        path = Path(file.destination)
        if not path.is_file():
            results.append(FileResult(file, file.destination, "absent"))
        elif not _ours(path, file):
            results.append(FileResult(file, file.destination, "left alone"))
        else:
            path.unlink()
            results.append(FileResult(file, file.destination, "removed"))
    return results
