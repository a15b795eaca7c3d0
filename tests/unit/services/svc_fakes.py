"""A fake machine for the service generators: home, folders, crontab and command runner in tmp_path."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from kometa.platforms.host import Host
from kometa.platforms.model import Plan, ServiceSpec
from kometa.platforms.resolve import Request, build_spec


@dataclass
class FakeCrontab:
    text: str = ""
    writes: list[str] = field(default_factory=list)

    def read(self) -> str:
        return self.text

    def write(self, text: str) -> None:
        self.text = text
        self.writes.append(text)


@dataclass
class FakeRunner:
    calls: list[list[str]] = field(default_factory=list)
    codes: dict[str, int] = field(default_factory=dict)

    def __call__(self, argv: list[str]) -> int:
        self.calls.append(argv)
        return self.codes.get(" ".join(argv), 0)


@dataclass
class Machine:
    host: Host
    crontab: FakeCrontab
    runner: FakeRunner
    root: Path

    def spec(self, target: str, **kwargs: object) -> ServiceSpec:
        return build_spec(Request(target, **kwargs), self.host)  # type: ignore[arg-type]

    def plan(self, target: str, **kwargs: object) -> tuple[ServiceSpec, Plan]:
        from kometa.platforms.commands import generator

        spec = self.spec(target, **kwargs)
        return spec, generator(spec.target)(spec, self.host)


def make_machine(tmp_path: Path, *, platform: str = "linux", python: str | None = None,
                 kometa_dir: str = "kometa", environ: dict[str, str] | None = None) -> Machine:
    root = tmp_path / "root"
    home = tmp_path / "home" / "alice"
    checkout = home / kometa_dir
    (checkout / "config").mkdir(parents=True)
    (checkout / "config" / "config.yml").write_text("libraries: {}\n", encoding="utf-8")
    crontab = FakeCrontab()
    runner = FakeRunner()
    env = {"KOMETA_INSTALL_DIR": str(checkout)}
    (checkout / "kometa.py").write_text("# shim\n", encoding="utf-8")
    env.update(environ or {})
    host = Host(home=home, username="alice", group="staff", uid=1000, gid=1000, platform=platform,
                python=python or sys.executable, cwd=checkout, environ=env, root=root,
                crontab_read=crontab.read, crontab_write=crontab.write, run=runner)
    return Machine(host, crontab, runner, root)
