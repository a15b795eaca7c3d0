from __future__ import annotations

import shlex
from datetime import datetime
from pathlib import Path

import pytest
from cronsim import CronSim
from svc_fakes import Machine

from kometa.platforms import cron
from kometa.platforms.host import Host
from kometa.platforms.model import ServiceSpec

SPEC = ServiceSpec(
    target="cron", mode="run", name="kometa", user_scope=True,
    python="/home/alice/My Kometa/kometa-venv/bin/python", program=("/home/alice/My Kometa/kometa.py",),
    workdir="/home/alice/My Kometa", config="/home/alice/My Kometa/config/it's 100% Zoë.yml",
    username="alice", group="staff", home="/home/alice",
)
HOST = Host(home=Path("/home/alice"), username="alice", group="staff", uid=1000, gid=1000, platform="linux",
            python=SPEC.python, cwd=Path("/home/alice"))

GOLDEN = (
    "# BEGIN kometa service kometa (managed by `kometa service install cron`; edits inside are replaced)\n"
    "0 5 * * * cd '/home/alice/My Kometa' && mkdir -p '/home/alice/My Kometa/config/logs' && "
    "LANG=C.UTF-8 LC_ALL=C.UTF-8 "
    "'/home/alice/My Kometa/kometa-venv/bin/python' '/home/alice/My Kometa/kometa.py' "
    "--config '/home/alice/My Kometa/config/it'\"'\"'s 100\\% Zoë.yml' --run "
    ">> '/home/alice/My Kometa/config/logs/cron.log' 2>&1\n"
    "# END kometa service kometa\n"
)


def test_golden_line_quotes_spaces_quotes_percent_and_non_ascii() -> None:
    plan = cron.generate(SPEC, HOST)
    assert plan.files[0].text == GOLDEN
    assert plan.files[0].destination is None


def test_line_round_trips_through_the_shell_parser() -> None:
    line = cron.block(SPEC).splitlines()[1]
    command = line.split(" ", 5)[5].replace("\\%", "%")  # cron turns \% into %
    words = shlex.split(command)
    assert words[:3] == ["cd", "/home/alice/My Kometa", "&&"]
    assert words[3:6] == ["mkdir", "-p", SPEC.log_dir]
    assert words[9:-3] == SPEC.command()
    assert words[-3:] == [">>", SPEC.log_dir + "/cron.log", "2>&1"]


def test_schedule_fields_parse_with_cronsim(machine: Machine) -> None:
    _, plan = machine.plan("cron", mode="run", times="05:00|17:30|17:45", cron="0 */6 * * 1-5")
    lines = [x for x in plan.files[0].text.splitlines() if not x.startswith("#")]
    fields = [" ".join(x.split()[:5]) for x in lines]
    assert fields == ["0 5 * * *", "30,45 17 * * *", "0 */6 * * 1-5"]
    for expr in fields:
        CronSim(expr, datetime(2026, 1, 1))


def test_every_15m_is_one_line(machine: Machine) -> None:
    _, plan = machine.plan("cron", mode="run", every="15m")
    assert cron.schedules(machine.spec("cron", mode="run", every="15m")) == ["0,15,30,45 * * * *"]
    assert "--run" in plan.files[0].text and "--wait" not in plan.files[0].text


def test_waiter_starts_at_reboot_with_its_times(machine: Machine) -> None:
    _, plan = machine.plan("cron", times="05:00|17:30", tz="Europe/Paris")
    line = plan.files[0].text.splitlines()[1]
    assert line.startswith("@reboot cd ")
    assert "TZ=Europe/Paris" in line and "--times '05:00|17:30'" in line and "--run" not in line


OTHER = "MAILTO=me@example.org\n# my own job\n*/5 * * * * /usr/bin/backup\n"


def test_merge_appends_replaces_and_keeps_other_lines() -> None:
    first = cron.merge(OTHER, "# BEGIN kometa service kometa x\nA\n# END kometa service kometa\n", "kometa")
    block = cron.block(SPEC)
    merged = cron.merge(OTHER, block, "kometa")
    assert merged == OTHER + block
    assert cron.merge(merged, block, "kometa") == merged
    assert first  # a hand-made block with a different BEGIN text is not ours: kept
    changed = cron.merge(merged, block.replace("0 5", "0 6"), "kometa")
    assert changed == OTHER + block.replace("0 5", "0 6")
    assert cron.merge(changed, "", "kometa") == OTHER
    assert cron.merge("x\n" + block + "y\n", block, "other") == "x\n" + block + "y\n" + block


def test_merge_adds_a_missing_final_newline() -> None:
    assert cron.merge("a", "B\n", "kometa") == "a\nB\n"


@pytest.mark.parametrize("value", ["a b", "it's", "100%", "$(rm -rf ~)", "Zoë", "`x`", '"q"'])
def test_shell_quote_is_inert(value: str) -> None:
    assert shlex.split(cron.shell_quote(value).replace("\\%", "%")) == [value]
