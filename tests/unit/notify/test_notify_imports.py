"""The waiter's idle path and a run without apprise targets never import apprise (or requests
just to notify): notify's heavy imports happen on first use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[3] / "src")


def test_notify_modules_import_light() -> None:
    code = ("import sys; import kometa.app.waiting, kometa.app.notices, kometa.notify.send, kometa.notify.heartbeat;"
            "print(sorted(m for m in ('apprise', 'requests') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
