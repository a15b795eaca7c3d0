"""Generated compose files read the same in a YAML 1.1 reader (docker-compose v1, PyYAML) as in 1.2."""

from __future__ import annotations

from typing import Any

import yaml  # PyYAML: a YAML 1.1 reader, like docker-compose v1
from svc_fakes import Machine


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


def test_times_stay_strings_for_a_yaml11_reader(machine: Machine) -> None:
    _, plan = machine.plan("compose", times="17:30", tz="Europe/Paris")
    service = yaml.safe_load(plan.files[0].text)["services"]["kometa"]
    assert service["environment"]["KOMETA_TIMES"] == "17:30"  # not 1050 (base 60)


def test_every_scalar_is_a_string_for_a_yaml11_reader(machine: Machine) -> None:
    # Values YAML 1.1 would retype: base-60 times, yes/no/on/off, numbers, null-ish, octal-ish.
    extras = ("--no-countdown", "--width", "0750", "--divider", "on")
    _, plan = machine.plan("compose", mode="run", times="05:00|17:30", image="1.5", name="no",
                           extra_args=extras)
    data = yaml.safe_load(plan.files[0].text)
    service = data["services"]["no"]
    assert all(isinstance(leaf, str) for leaf in _leaves(data)), data
    assert service["image"] == "1.5"
    assert service["container_name"] == "no"
    assert service["command"][-4:] == ["--width", "0750", "--divider", "on"]
