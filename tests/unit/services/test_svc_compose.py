from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML
from svc_fakes import Machine, make_machine


def load(text: str) -> dict:
    return YAML(typ="safe").load(text)


def test_waiter_compose_mirrors_the_guides_docker_run(machine: Machine) -> None:
    _, plan = machine.plan("compose", tz="America/New_York", times="05:00|17:30")
    data = load(plan.files[0].text)
    service = data["services"]["kometa"]
    config_dir = machine.host.home / "kometa" / "config"
    assert service["restart"] == "unless-stopped"
    assert service["environment"] == {"TZ": "America/New_York", "KOMETA_TIMES": "05:00|17:30"}
    assert service["volumes"] == [f"{config_dir}:/config:rw"]
    assert service["user"] == "1000:1000"  # PUID:PGID of the person generating it
    assert "command" not in service
    assert plan.files[0].destination == str(machine.host.home / "kometa" / "docker-compose.yml")
    assert [list(s.argv)[-2:] for s in plan.enable] == [["up", "-d"]]


def test_run_mode_is_not_restarted_and_passes_run(machine: Machine) -> None:
    _, plan = machine.plan("compose", mode="run", image="example/kometa:1", puid=0, pgid=0)
    service = load(plan.files[0].text)["services"]["kometa"]
    assert service["restart"] == "no"
    assert service["command"] == ["--run"]
    assert service["image"] == "example/kometa:1"
    assert service["user"] == "0:0"
    assert plan.enable == []


def test_other_config_name_and_odd_folder(tmp_path: Path) -> None:
    m = make_machine(tmp_path, kometa_dir="Zoë's: kometa #1 $HOME")
    cfg = m.host.home / "Zoë's: kometa #1 $HOME" / "config" / "other.yml"
    _, plan = m.plan("compose", config=str(cfg))
    service = load(plan.files[0].text)["services"]["kometa"]
    assert service["volumes"] == [f"{cfg.parent}:/config:rw".replace("$", "$$")]  # compose's literal $
    assert service["command"] == ["--config", "/config/other.yml"]
