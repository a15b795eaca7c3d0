"""Item 13: stopped runs are not failures, timers are exact, cron output lands in the log folder,
and ``kometa service uninstall`` removes exactly what install wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from svc_fakes import Machine, make_machine

from kometa.platforms.install import install_files, uninstall_files

PLATFORM = {"systemd": "linux", "launchd": "darwin", "cron": "linux", "windows": "win32", "compose": "linux"}
MODES = [(t, m) for t in PLATFORM for m in ("waiter", "run")]


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("mode", ["waiter", "run"])
def test_systemd_stop_during_a_run_is_not_a_failure(machine: Machine, mode: str) -> None:
    _, plan = machine.plan("systemd", mode=mode)
    service = plan.files[0].text
    statuses = [line for line in service.splitlines() if line.startswith("SuccessExitStatus=")]
    assert len(statuses) == 1
    assert {"130", "143"} <= set(statuses[0].split("=", 1)[1].split())
    if mode == "run":
        assert "3" in statuses[0].split("=", 1)[1].split()
        assert "AccuracySec=1s" in plan.files[1].text.splitlines()


def test_cron_output_goes_to_the_config_log_folder(machine: Machine) -> None:
    spec, plan = machine.plan("cron", mode="run", times="05:00")
    line = next(x for x in plan.files[0].text.splitlines() if x.startswith("0 5 "))
    assert line.endswith(f">> {spec.log_dir}/cron.log 2>&1")
    assert f"mkdir -p {spec.log_dir} && " in line


@pytest.mark.parametrize(("target", "mode"), MODES)
def test_uninstall_removes_exactly_what_install_wrote(tmp_path: Path, target: str, mode: str) -> None:
    m = make_machine(tmp_path, platform=PLATFORM[target])
    m.crontab.text = "MAILTO=me\n0 1 * * * /usr/bin/backup\n"
    before_files, before_cron = files_under(tmp_path), m.crontab.text
    spec, plan = m.plan(target, mode=mode, user=True)
    install_files(plan, spec, m.host)
    results = uninstall_files(plan, spec, m.host)
    assert {r.status for r in results} == {"removed"}
    assert files_under(tmp_path) == before_files
    assert m.crontab.text == before_cron
    assert uninstall_files(plan, spec, m.host)[0].status == "absent"  # twice: nothing more to do
    if target != "cron":
        assert plan.disable, "uninstall names the commands that disable the service"


def test_uninstall_leaves_a_file_kometa_did_not_write(machine: Machine) -> None:
    spec, plan = machine.plan("systemd", user=True)
    dest = Path(plan.files[0].destination or "")
    dest.parent.mkdir(parents=True)
    dest.write_text("[Service]\nExecStart=/usr/bin/someone-elses\n", encoding="utf-8")
    results = uninstall_files(plan, spec, machine.host)
    assert results[0].status == "left alone"
    assert dest.exists()


def test_uninstall_command_prints_the_disable_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kometa.platforms.commands import run_uninstall

    m = make_machine(tmp_path)
    spec, plan = m.plan("systemd", user=True, mode="run")
    install_files(plan, spec, m.host)
    ns = _namespace(target="systemd", user=True, mode="run", now=False)
    assert run_uninstall(ns, m.host) == 0
    out = capsys.readouterr().out
    assert "removed: " in out and "systemctl --user disable --now kometa.timer" in out
    assert not Path(plan.files[0].destination or "").exists()
    assert m.runner.calls == []  # without --now nothing is run
    install_files(plan, spec, m.host)
    assert run_uninstall(_namespace(target="systemd", user=True, mode="run", now=True), m.host) == 0
    assert ["systemctl", "--user", "disable", "--now", "kometa.timer"] in m.runner.calls


def _namespace(**values: object) -> object:
    import argparse

    base = dict(target="systemd", mode="waiter", times=None, cron=None, every=None, config=None, name="kometa",
                user=False, tz=None, workdir=None, image="kometa:latest", puid=None, pgid=None, extra=[], now=False)
    base.update(values)
    return argparse.Namespace(**base)
