"""Generated files checked by the real tools of this machine: systemd-analyze, crontab, /bin/sh.

Each test skips with the reason when its tool is missing (``.ci/run`` installs systemd; Debian's
``cron`` package brings ``crontab -n``). Nothing here touches the real crontab or systemd: units are
verified as files, ``crontab -n`` only checks syntax, and commands run against a fake interpreter.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cronsim import CronSim

from kometa.platforms import cron, systemd
from kometa.platforms.host import Host
from kometa.platforms.resolve import Request, build_spec
from kometa.platforms.timespec import cron_fields

ODD = 'Kometa "Zoë" 100% $HOME & co'  # spaces, double quotes, non-ASCII, % and $ in one folder name


def odd_host(tmp_path: Path, python: Path) -> Host:
    home = tmp_path / "home"
    checkout = home / ODD
    (checkout / "config").mkdir(parents=True)
    (checkout / "config" / "config.yml").write_text("libraries: {}\n", encoding="utf-8")
    (checkout / "kometa.py").write_text("# shim\n", encoding="utf-8")
    return Host(home=home, username="root" if os.getuid() == 0 else os.environ.get("USER", "nobody"),
                group="root" if os.getgid() == 0 else "users", uid=os.getuid(), gid=os.getgid(),
                platform="linux", python=str(python), cwd=checkout,
                environ={"KOMETA_INSTALL_DIR": str(checkout)}, root=tmp_path / "root")


def odd_python(tmp_path: Path) -> Path:
    """A real interpreter reachable through a path with spaces, quotes and non-ASCII."""
    folder = tmp_path / 'my venv "Zoë"' / "bin"
    folder.mkdir(parents=True)
    link = folder / "python"
    link.symlink_to(sys.executable)
    return link


systemd_analyze = pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                                     reason="systemd-analyze not installed (apt-get install systemd)")


@systemd_analyze
@pytest.mark.parametrize(("mode", "user", "tz", "when"), [
    ("waiter", False, None, {}),
    ("waiter", True, "Europe/Berlin", {"times": "05:00|17:30"}),
    ("run", False, "America/New_York", {"every": "6h"}),
    ("run", True, None, {"cron": "*/15 9-17 * * 1-5|0 5 1,15 * 0", "times": "03:30"}),
])
def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path, mode: str, user: bool, tz: str | None,
                                                  when: dict[str, str]) -> None:
    host = odd_host(tmp_path, odd_python(tmp_path))
    spec = build_spec(Request("systemd", mode=mode, user=user, tz=tz, **when), host)
    plan = systemd.generate(spec, host)
    out = tmp_path / "units"
    out.mkdir()
    paths = []
    for file in plan.files:
        (out / file.name).write_bytes(file.content)
        paths.append(str(out / file.name))
    env = dict(os.environ, SYSTEMD_LOG_LEVEL="notice")
    args = ["systemd-analyze", "verify", "--man=no"]
    if user:
        runtime = tmp_path / "runtime"
        runtime.mkdir(mode=0o700)
        env["XDG_RUNTIME_DIR"] = str(runtime)
        args.append("--user")
    done = subprocess.run([*args, *paths], capture_output=True, text=True, env=env, timeout=60, check=False)
    ours = [line for line in done.stderr.splitlines() if str(out) in line or "kometa" in line]
    assert done.returncode == 0, done.stderr
    assert ours == [], done.stderr


def systemd_next(calendars: list[str], base: datetime, count: int) -> list[datetime]:
    moments: set[datetime] = set()
    for calendar in calendars:
        done = subprocess.run(
            ["systemd-analyze", "calendar", f"--iterations={count}", f"--base-time={base:%Y-%m-%d %H:%M:%S} UTC",
             calendar], capture_output=True, text=True, env=dict(os.environ, TZ="UTC"), timeout=60, check=True)
        for match in re.finditer(r"(?:Next elapse|Iter\. #\d+): \w+ (\S+ \S+) UTC", done.stdout):
            moments.add(datetime.fromisoformat(match.group(1)).replace(tzinfo=UTC))
    return sorted(moments)[:count]


@systemd_analyze
@pytest.mark.parametrize("expr", ["0 5 * * *", "*/15 9-17 * * 1-5", "30 4 1,15 * *", "0 5 1 * 0",
                                  "0 5 */10 * 6", "0 0 * 1-6 *", "5 * * * 0,6", "0 */6 * * *"])
def test_on_calendar_fires_when_cron_does(expr: str) -> None:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    calendars = systemd.on_calendar_from_cron(cron_fields(expr), None)
    expected = []
    for moment in CronSim(expr, base):
        expected.append(moment)
        if len(expected) == 40:
            break
    assert systemd_next(calendars, base, 40) == expected


def _crontab_has_dry_run() -> bool:
    """Debian's crontab has ``-n`` = "dry run: checks the syntax"; cronie's ``-n`` means something else."""
    if shutil.which("crontab") is None:
        return False
    done = subprocess.run(["crontab", "-h"], capture_output=True, text=True, check=False, timeout=10)
    return "dry run" in (done.stdout + done.stderr)


crontab_n = pytest.mark.skipif(not _crontab_has_dry_run(),
                               reason="no crontab with -n (dry-run syntax check) here (Debian: apt-get install cron)")


@crontab_n
@pytest.mark.parametrize(("mode", "when"), [("run", {"every": "6h"}), ("waiter", {"times": "05:00"}),
                                            ("run", {"cron": "*/15 9-17 * * 1-5", "times": "05:00|17:30"})])
def test_crontab_accepts_the_block(tmp_path: Path, mode: str, when: dict[str, str]) -> None:
    host = odd_host(tmp_path, odd_python(tmp_path))
    spec = build_spec(Request("cron", mode=mode, tz="Europe/Paris", **when), host)
    table = tmp_path / "table"
    table.write_text(cron.merge("MAILTO=me@example.org\n0 1 * * * true\n", cron.block(spec), spec.name), encoding="utf-8")
    done = subprocess.run(["crontab", "-n", str(table)], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr


def test_the_cron_command_runs_in_sh_with_exactly_our_arguments(tmp_path: Path) -> None:
    record = tmp_path / "argv.json"
    fake = tmp_path / 'fake "py" Zoë%' / "python"
    fake.parent.mkdir()
    recorder = tmp_path / "recorder.py"
    recorder.write_text("import json, os, sys\n"
                        f"with open({str(record)!r}, 'w', encoding='utf-8') as out:\n"
                        "    json.dump([os.getcwd(), os.environ.get('TZ'), *sys.argv[1:]], out)\n",
                        encoding="utf-8")
    fake.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} {shlex.quote(str(recorder))} \"$@\"\n",
                    encoding="utf-8")
    fake.chmod(0o755)
    host = odd_host(tmp_path, fake)
    spec = build_spec(Request("cron", mode="run", tz="Europe/Paris", every="6h"), host)
    line = cron.block(spec).splitlines()[1]
    command = line.split(" ", 5)[5]
    command = re.sub(r"(?<!\\)%", "\n", command).replace("\\%", "%")  # what cron does before sh
    subprocess.run(["/bin/sh", "-c", command], check=True, timeout=30, env={"PATH": "/usr/bin:/bin"})
    cwd, tz, *argv = json.loads(record.read_text(encoding="utf-8"))
    assert cwd == spec.workdir and tz == "Europe/Paris"
    assert argv == spec.kometa_args()


def test_overlapping_cron_start_exits_3_instead_of_piling_up(tmp_path: Path) -> None:
    """The generated cron line, run by sh with the real tool while another run holds the lock."""
    import kometa
    from kometa.app.lock import RunLock

    workdir = tmp_path / "Kometa Zoë"
    (workdir / "config").mkdir(parents=True)
    config = workdir / "config" / "config.yml"
    config.write_text("plex:\n  url: http://127.0.0.1:9\n  token: x\nlibraries: {}\n", encoding="utf-8")
    host = Host(home=tmp_path, username="alice", group="staff", uid=1000, gid=1000, platform="linux",
                python=sys.executable, cwd=workdir, environ={})
    spec = build_spec(Request("cron", mode="run", every="6h", config=str(config)), host)
    command = cron.block(spec).splitlines()[1].split(" ", 5)[5].replace("\\%", "%")
    src = str(Path(kometa.__file__).resolve().parents[1])
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": src, "HOME": str(tmp_path)}
    with RunLock(config.parent, now=datetime.now(UTC)):
        done = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True, env=env,
                              timeout=60, check=False)
    logged = (config.parent / "logs" / "cron.log").read_text(encoding="utf-8")
    assert done.returncode == 3, logged
    assert "another run" in logged  # cron's output goes to the config's log folder, not to lost mail


@pytest.mark.skipif(shutil.which("docker-compose") is None,
                    reason="docker-compose not installed (apt-get install docker-compose); "
                    "its `config` command validates without a Docker engine")
@pytest.mark.parametrize("mode", ["waiter", "run"])
def test_docker_compose_config_accepts_the_file(tmp_path: Path, mode: str) -> None:
    from kometa.platforms import compose

    host = odd_host(tmp_path, odd_python(tmp_path))
    spec = build_spec(Request("compose", mode=mode, tz="Europe/Berlin", times="05:00|17:30", puid=1000,
                              pgid=1000), host)
    path = tmp_path / "docker-compose.yml"
    path.write_bytes(compose.generate(spec, host).files[0].content)
    done = subprocess.run(["docker-compose", "-f", str(path), "config"], capture_output=True, text=True,
                          timeout=60, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    from ruamel.yaml import YAML

    resolved = YAML(typ="safe").load(done.stdout)["services"]["kometa"]
    assert resolved["volumes"] == [f"{Path(spec.config).parent}:/config:rw"]  # no $HOME substituted
    assert resolved["environment"]["TZ"] == "Europe/Berlin"
