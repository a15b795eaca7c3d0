from __future__ import annotations

import os
from pathlib import Path

import pytest
from svc_fakes import Machine, make_machine

from kometa.core.errors import KometaError, UsageError
from kometa.platforms.install import install_files, run_steps, steps_after, write_output_dir

PLATFORM = {"systemd": "linux", "launchd": "darwin", "cron": "linux", "windows": "win32", "compose": "linux"}
MODES = [(t, m) for t in PLATFORM for m in ("waiter", "run")]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(("target", "mode"), MODES)
def test_install_twice_changes_nothing_the_second_time(tmp_path: Path, target: str, mode: str) -> None:
    m = make_machine(tmp_path, platform=PLATFORM[target])
    spec, plan = m.plan(target, mode=mode, user=True)
    first = install_files(plan, spec, m.host)
    assert {r.status for r in first} == {"created"}
    before = snapshot(tmp_path)
    crontab_writes = len(m.crontab.writes)
    spec, plan = m.plan(target, mode=mode, user=True)
    second = install_files(plan, spec, m.host)
    assert {r.status for r in second} == {"unchanged"}
    assert snapshot(tmp_path) == before
    assert len(m.crontab.writes) == crontab_writes
    assert steps_after(plan, second) == plan.enable


@pytest.mark.parametrize(("target", "mode"), MODES)
def test_user_installs_never_write_outside_the_home(tmp_path: Path, target: str, mode: str) -> None:
    m = make_machine(tmp_path, platform=PLATFORM[target])
    spec, plan = m.plan(target, mode=mode, user=True)
    install_files(plan, spec, m.host)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    outside = [p for p in written if not p.is_relative_to(m.host.home)]
    assert outside == []
    assert not m.root.exists()


@pytest.mark.parametrize("target", ["windows", "compose", "systemd"])
def test_user_install_refuses_a_destination_outside_the_home(tmp_path: Path, target: str) -> None:
    m = make_machine(tmp_path, platform=PLATFORM[target])
    elsewhere = tmp_path / "srv" / "kometa"
    elsewhere.mkdir(parents=True)
    spec, plan = m.plan(target, user=True, workdir=str(elsewhere))
    if target == "systemd":  # unit files live in the home whatever the working folder
        install_files(plan, spec, m.host)
        return
    with pytest.raises(UsageError, match="--user writes only inside your home"):
        install_files(plan, spec, m.host)
    assert list(elsewhere.iterdir()) == []


def test_system_install_writes_under_the_injected_root(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    spec, plan = m.plan("systemd", mode="run")
    results = install_files(plan, spec, m.host)
    assert [r.where for r in results] == [str(m.root / "etc/systemd/system/kometa.service"),
                                          str(m.root / "etc/systemd/system/kometa.timer")]
    assert oct(os.stat(results[0].where).st_mode & 0o777) == "0o644"


def test_changed_settings_update_the_file_and_restart(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    spec, plan = m.plan("systemd", user=True)
    install_files(plan, spec, m.host)
    spec, plan = m.plan("systemd", user=True, times="06:00")
    results = install_files(plan, spec, m.host)
    assert [r.status for r in results] == ["updated"]
    steps = steps_after(plan, results)
    assert [list(s.argv) for s in steps] == [["systemctl", "--user", "daemon-reload"],
                                             ["systemctl", "--user", "enable", "--now", "kometa.service"],
                                             ["systemctl", "--user", "restart", "kometa.service"]]
    run_steps(steps, m.host)
    assert m.runner.calls == [list(s.argv) for s in steps]


def test_crontab_install_keeps_other_lines_and_is_idempotent(machine: Machine) -> None:
    machine.crontab.text = "MAILTO=me\n0 1 * * * /usr/bin/backup\n"
    spec, plan = machine.plan("cron", mode="run", every="6h")
    assert [r.status for r in install_files(plan, spec, machine.host)] == ["created"]
    text = machine.crontab.text
    assert text.startswith("MAILTO=me\n0 1 * * * /usr/bin/backup\n# BEGIN kometa service kometa")
    assert "0 0,6,12,18 * * * cd " in text
    assert [r.status for r in install_files(plan, spec, machine.host)] == ["unchanged"]
    spec, plan = machine.plan("cron", mode="run", times="05:00")
    assert [r.status for r in install_files(plan, spec, machine.host)] == ["updated"]
    assert machine.crontab.text.count("# BEGIN kometa service") == 1
    assert "0 5 * * * cd " in machine.crontab.text and "0,6,12,18" not in machine.crontab.text


def test_failing_command_stops_unless_it_may_fail(tmp_path: Path) -> None:
    m = make_machine(tmp_path, platform="darwin")
    spec, plan = m.plan("launchd", user=True)
    bootstrap = next(s for s in plan.enable if "bootstrap" in s.argv)
    m.runner.codes[" ".join(bootstrap.argv)] = 5  # already loaded: harmless
    run_steps(plan.enable, m.host)
    kick = next(s for s in plan.enable if "kickstart" in s.argv)
    m.runner.codes[" ".join(kick.argv)] = 1
    with pytest.raises(KometaError, match="failed"):
        run_steps(plan.enable, m.host)


@pytest.mark.parametrize(("target", "platform"), [("systemd", "darwin"), ("launchd", "linux"),
                                                  ("windows", "linux"), ("cron", "win32")])
def test_install_refuses_the_wrong_platform(tmp_path: Path, target: str, platform: str) -> None:
    m = make_machine(tmp_path, platform=platform)
    spec, plan = m.plan(target)
    with pytest.raises(UsageError, match="kometa service"):
        install_files(plan, spec, m.host)


def test_output_dir_gets_every_file_with_its_real_bytes(tmp_path: Path) -> None:
    m = make_machine(tmp_path, platform="win32")
    _, plan = m.plan("windows", mode="run")
    out = tmp_path / "out"
    results = write_output_dir(plan, out)
    assert sorted(p.name for p in out.iterdir()) == ["kometa-task.xml", "runner.cmd"]
    assert (out / "kometa-task.xml").read_bytes().startswith(b"\xff\xfe")
    assert b"\r\n" in (out / "runner.cmd").read_bytes()
    assert {r.status for r in write_output_dir(plan, out)} == {"unchanged"}
    assert len(results) == 2
