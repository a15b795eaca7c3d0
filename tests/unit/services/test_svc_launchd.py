from __future__ import annotations

import plistlib
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from cronsim import CronSim
from svc_fakes import Machine, make_machine

from kometa.core.errors import UsageError
from kometa.platforms import launchd
from kometa.platforms.timespec import cron_fields


def load(machine: Machine, **kwargs: object) -> dict:
    _, plan = machine.plan("launchd", **kwargs)
    assert len(plan.files) == 1
    data = plistlib.loads(plan.files[0].content)
    assert plan.files[0].content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist')
    return data


def test_waiter_keeps_alive_and_runs_at_load(machine: Machine) -> None:
    data = load(machine, user=True)
    assert data["Label"] == "com.alice.kometa"
    assert data["KeepAlive"] is True and data["RunAtLoad"] is True
    assert "StartCalendarInterval" not in data
    checkout = machine.host.home / "kometa"
    assert data["ProgramArguments"] == [machine.host.python, str(checkout / "kometa.py"), "--config",
                                        str(checkout / "config" / "config.yml")]
    assert data["WorkingDirectory"] == str(checkout)
    assert data["StandardOutPath"].startswith(str(checkout / "config" / "logs") + "/")
    assert data["StandardErrorPath"].startswith(str(checkout / "config" / "logs") + "/")
    assert "UserName" not in data  # a LaunchAgent runs as you


def test_run_mode_every_6h_uses_hours_0_to_23_never_24(machine: Machine) -> None:
    data = load(machine, mode="run", every="6h")
    assert data["ProgramArguments"][-1] == "--run"
    assert data["RunAtLoad"] is False and "KeepAlive" not in data
    assert data["StartCalendarInterval"] == [{"Hour": h, "Minute": 0} for h in (0, 6, 12, 18)]
    for entry in data["StartCalendarInterval"]:
        assert 0 <= entry["Hour"] <= 23


def test_system_daemon_runs_as_the_user_and_goes_to_library(machine: Machine) -> None:
    _, plan = machine.plan("launchd", tz="America/New_York")
    data = plistlib.loads(plan.files[0].content)
    assert data["UserName"] == "alice"
    assert data["EnvironmentVariables"]["TZ"] == "America/New_York"
    assert plan.files[0].destination == str(machine.root / "Library/LaunchDaemons/com.alice.kometa.plist")
    assert [s.argv[:3] for s in plan.enable][1] == ("launchctl", "bootstrap", "system")


def test_paths_with_quotes_and_non_ascii_survive_as_argv(tmp_path) -> None:
    m = make_machine(tmp_path, kometa_dir='My "Kometa" & <Zoë>')
    data = plistlib.loads(m.plan("launchd", user=True)[1].files[0].content)
    assert data["WorkingDirectory"].endswith('My "Kometa" & <Zoë>')
    assert data["ProgramArguments"][1].endswith('My "Kometa" & <Zoë>/kometa.py')


def launchd_fires(entries: list[dict[str, int]]) -> Callable[[datetime], bool]:
    """launchd's rule: an entry fires when every key it has matches (missing keys are wildcards)."""
    groups: dict[tuple[str, ...], set[tuple[int, ...]]] = {}
    for entry in entries:
        groups.setdefault(tuple(entry), set()).add(tuple(entry.values()))

    def fires(moment: datetime) -> bool:
        values = {"Minute": moment.minute, "Hour": moment.hour, "Day": moment.day, "Month": moment.month,
                  "Weekday": (moment.weekday() + 1) % 7}
        return any(tuple(values[k] for k in keys) in wanted for keys, wanted in groups.items())

    return fires


@pytest.mark.parametrize("expr", ["*/15 9-17 * * 1-5", "0 5 1,15 * *", "0 5 1 * 0", "30 4 * 2 *",
                                  "0 */6 * * *", "0 5 * * 7"])
def test_cron_intervals_fire_exactly_when_cron_does(expr: str) -> None:
    entries = launchd.intervals_from_cron(cron_fields(expr))
    start = datetime(2026, 1, 20)
    expected = set()
    for moment in CronSim(expr, start - timedelta(minutes=1)):
        if moment >= start + timedelta(days=32):
            break
        expected.add(moment)
    got = set()
    fires = launchd_fires(entries)
    moment = start
    while moment < start + timedelta(days=32):
        if fires(moment):
            got.add(moment)
        moment += timedelta(minutes=1)
    assert got == expected


def test_cron_that_launchd_cannot_express_is_refused(machine: Machine) -> None:
    with pytest.raises(UsageError, match="launchd"):
        machine.plan("launchd", mode="run", cron="0 5 */2 * 1")
    with pytest.raises(UsageError, match="calendar entries"):
        machine.plan("launchd", mode="run", cron="* 0-12 * * *")
    with pytest.raises(UsageError, match="seconds"):
        machine.plan("launchd", mode="run", times="05:00:30")
