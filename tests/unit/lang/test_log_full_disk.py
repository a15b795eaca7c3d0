"""Item 4: a log file that cannot be written (here /dev/full: every write is ENOSPC) gives one
warning on the console, not a traceback per line."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from kometa.core.logs import _LogFile


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_log_warns_once(capsys: pytest.CaptureFixture[str]) -> None:
    logger = logging.getLogger("kometa")
    full = _LogFile("/dev/full", encoding="utf-8")
    seen: list[str] = []

    class Console(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    console = Console()
    logger.addHandler(full)
    logger.addHandler(console)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        for number in range(500):
            logger.info("line %d", number)
    finally:
        logger.removeHandler(full)
        logger.removeHandler(console)
        logger.setLevel(old_level)
        full.close()
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Logging error" not in err
    warnings = [m for m in seen if "the log file stops here" in m]
    assert len(warnings) == 1 and "No space left on device" in warnings[0]
    assert len(seen) == 501  # every line still reaches the console
    assert os.path.exists("/dev/full")
