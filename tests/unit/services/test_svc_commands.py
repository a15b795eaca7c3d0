from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from svc_fakes import make_machine

from kometa.cli import main
from kometa.cli.args import new_parser
from kometa.platforms import commands


def parse(*argv: str) -> argparse.Namespace:
    parser = new_parser("kometa", "")
    commands.register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["service", *argv])


def test_print_several_files_under_headers_and_says_where(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["service", "print", "systemd", "--mode", "run", "--every", "6h", "--user"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("# file: kometa.service\n")
    assert "\n# file: kometa.timer\n" in out
    assert "OnCalendar=*-*-* 00,06,12,18:00:00" in out
    assert "kometa.timer goes to: " in err and ".config/systemd/user/kometa.timer" in err
    assert "systemctl --user enable --now kometa.timer" in err


def test_print_one_file_is_just_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["service", "print", "macos", "--mode", "run", "--times", "05:00"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("<?xml") and "# file:" not in out
    assert "goes to:" in err


@pytest.mark.parametrize(("argv", "message"), [
    (["print", "upstart"], "unknown target"),
    (["print", "systemd", "--every", "7h"], "--every"),
    (["print", "systemd", "--times", "25:00"], "--times"),
    (["print", "systemd", "--cron", "0 5 * *"], "5 fields"),
    (["print", "systemd", "--every", "6h", "--times", "05:00"], "--every replaces"),
    (["print", "systemd", "--mode", "sometimes"], "invalid choice"),
    (["print", "systemd", "--name", "my service"], "--name"),
    (["print", "systemd", "--tz", "Mars/Olympus"], "TZ="),
    (["print", "systemd", "--", "--run"], "set by kometa service"),
    (["print", "systemd", "stray"], "unexpected argument"),
])
def test_mistakes_are_one_line_with_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str],
                                           message: str) -> None:
    assert main(["service", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_extra_flags_after_double_dash_reach_the_service(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["service", "print", "systemd", "--", "--no-countdown", "--width", "120"]) == 0
    assert "--no-countdown --width 120" in capsys.readouterr().out


def test_output_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["service", "print", "windows", "--output-dir", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["kometa-task.xml", "waiter.cmd"]
    assert "created: " in capsys.readouterr().out


def test_install_prints_commands_then_nothing_changed(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    out = io.StringIO()
    assert commands.run_install(parse("install", "systemd", "--user", "--mode", "run"), m.host, out) == 0
    text = out.getvalue()
    assert "created: " in text and "systemctl --user enable --now kometa.timer" in text
    assert m.runner.calls == []
    out = io.StringIO()
    assert commands.run_install(parse("install", "systemd", "--user", "--mode", "run"), m.host, out) == 0
    assert "nothing changed" in out.getvalue()


def test_install_now_runs_the_commands(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    out = io.StringIO()
    assert commands.run_install(parse("install", "systemd", "--user", "--now"), m.host, out) == 0
    assert m.runner.calls == [["systemctl", "--user", "daemon-reload"],
                              ["systemctl", "--user", "enable", "--now", "kometa.service"]]
    assert "check: kometa status --config " in out.getvalue()


def test_install_cron_edits_the_injected_crontab(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    out = io.StringIO()
    commands.run_install(parse("install", "cron", "--mode", "run", "--cron", "0 */6 * * *"), m.host, out)
    assert "0 */6 * * * cd " in m.crontab.text
    assert "created: the crontab of alice" in out.getvalue()


def test_switching_to_waiter_points_at_the_old_timer(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    commands.run_install(parse("install", "systemd", "--user", "--mode", "run"), m.host, io.StringIO())
    out = io.StringIO()
    commands.run_install(parse("install", "systemd", "--user"), m.host, out)
    assert "kometa.timer is left from --mode run" in out.getvalue()
    assert "systemctl --user disable --now kometa.timer && rm " in out.getvalue()


def test_environment_run_times_are_the_default(tmp_path: Path) -> None:
    m = make_machine(tmp_path, environ={"KOMETA_TIMES": "04:00|16:00"})
    assert m.spec("systemd").schedule_args() == ["--times", "04:00|16:00"]
    assert m.spec("systemd", times="06:00").schedule_args() == ["--times", "06:00"]
    assert m.spec("systemd", every="12h").schedule_args() == ["--times", "00:00|12:00"]
