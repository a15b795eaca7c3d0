"""``-- FLAGS`` reaches the service's command line after any options, in any order."""

from __future__ import annotations

from pathlib import Path

import pytest

from kometa.cli.main import main

ORDERS = [
    ["service", "print", "systemd", "--config", "{cfg}", "--", "--no-countdown", "--width", "120"],
    ["service", "print", "systemd", "--", "--no-countdown", "--width", "120"],
    ["service", "print", "--user", "systemd", "--mode", "run", "--times", "05:00|17:30", "--",
     "--no-countdown", "--width", "120"],
    ["service", "print", "systemd", "--user", "--mode", "run", "--every", "6h", "--config", "{cfg}", "--",
     "--no-countdown", "--width", "120"],
    ["service", "print", "cron", "--mode", "run", "--config", "{cfg}", "--", "--no-countdown", "--width", "120"],
]


@pytest.mark.parametrize("order", ORDERS, ids=[" ".join(o[2:]) for o in ORDERS])
def test_extra_flags_after_any_options(order: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "config.yml"
    cfg.write_text("libraries: {}\n", encoding="utf-8")
    code = main([a.replace("{cfg}", str(cfg)) for a in order])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "--no-countdown --width 120" in out.out


def test_a_stray_word_before_the_separator_is_still_refused(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["service", "print", "systemd", "oops", "--", "--no-countdown"]) == 2
    assert "unexpected argument 'oops'" in capsys.readouterr().err
