"""The machine the command runs on: who, where, which interpreter, and how to touch the crontab.

Everything the generators and the installer learn about the outside world comes through a
:class:`Host`, so tests build one around ``tmp_path`` with a fake crontab and a fake command runner
and never touch the real crontab, systemd or launchd.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kometa.core.errors import UsageError


def _crontab_user() -> list[str]:
    """Under sudo, the crontab of the user who ran sudo (the service runs as that user)."""
    sudo_user = os.environ.get("SUDO_USER")
    if sudo_user and hasattr(os, "getuid") and os.getuid() == 0:
        return ["-u", sudo_user]
    return []


def _read_crontab() -> str:
    try:
        done = subprocess.run(["crontab", *_crontab_user(), "-l"], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UsageError("crontab is not installed on this machine; install cron first") from None
    if done.returncode != 0:
        if "no crontab" in done.stderr.lower():
            return ""
        raise UsageError(f"crontab -l failed: {done.stderr.strip() or done.returncode}")
    return done.stdout


def _write_crontab(text: str) -> None:
    done = subprocess.run(["crontab", *_crontab_user(), "-"], input=text, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise UsageError(f"crontab rejected the new table: {done.stderr.strip() or done.returncode}")


def _run(argv: list[str]) -> int:
    print("+ " + " ".join(argv), file=sys.stderr)
    try:
        return subprocess.run(argv, check=False).returncode
    except FileNotFoundError:
        raise UsageError(f"{argv[0]} is not available on this machine") from None


def _current_user() -> tuple[str, str, int, int]:
    """(user, group, uid, gid) of the person running the command (the sudo caller under sudo)."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    gid = os.getgid() if hasattr(os, "getgid") else 0
    sudo_user = os.environ.get("SUDO_USER")
    if uid == 0 and sudo_user and os.environ.get("SUDO_UID", "").isdigit():
        uid, gid = int(os.environ["SUDO_UID"]), int(os.environ.get("SUDO_GID", "0") or 0)
    try:
        import grp
        import pwd

        user = pwd.getpwuid(uid).pw_name
        group = grp.getgrgid(gid).gr_name
    except (ImportError, KeyError):
        import getpass

        user = getpass.getuser()
        domain = os.environ.get("USERDOMAIN")
        user = f"{domain}\\{user}" if domain and sys.platform == "win32" else user
        group = user
    return user, group, uid, gid


@dataclass
class Host:
    home: Path
    username: str
    group: str
    uid: int
    gid: int
    platform: str  # sys.platform of the machine: "linux", "darwin", "win32"
    python: str
    cwd: Path
    environ: Mapping[str, str] = field(default_factory=dict)
    root: Path = Path("/")  # prefix for system-wide folders (/etc/systemd/system, /Library/...)
    crontab_read: Callable[[], str] = _read_crontab
    crontab_write: Callable[[str], None] = _write_crontab
    run: Callable[[list[str]], int] = _run

    @classmethod
    def current(cls) -> Host:
        user, group, uid, gid = _current_user()
        home = Path.home()
        if os.environ.get("SUDO_USER") and uid != (os.getuid() if hasattr(os, "getuid") else uid):
            try:
                import pwd

                home = Path(pwd.getpwuid(uid).pw_dir)
            except (ImportError, KeyError):  # pragma: no cover
                pass
        return cls(home=home, username=user, group=group, uid=uid, gid=gid, platform=sys.platform,
                   python=os.path.abspath(sys.executable), cwd=Path.cwd(), environ=os.environ)

    def system_path(self, *parts: str) -> Path:
        """A system folder under :attr:`root` (``/etc/systemd/system`` on a real machine)."""
        return self.root.joinpath(*parts)
