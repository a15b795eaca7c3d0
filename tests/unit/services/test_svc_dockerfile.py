"""The Dockerfile, read instruction by instruction (no Docker engine is needed or used)."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with line continuations joined and comments dropped."""
    result: list[tuple[str, str]] = []
    pending = ""
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        full = pending + stripped
        pending = ""
        word, _, rest = full.partition(" ")
        result.append((word.upper(), rest.strip()))
    assert not pending, "dangling line continuation"
    return result


def one(name: str) -> str:
    found = [args for word, args in instructions() if word == name]
    assert found, f"no {name} instruction"
    return found[-1]


def test_slim_python_base_with_tzdata_and_tini() -> None:
    assert instructions()[0][0] == "FROM"
    assert one("FROM").startswith("python:3.") and one("FROM").endswith("-slim")
    runs = " ".join(args for word, args in instructions() if word == "RUN")
    assert "tzdata" in runs and "tini" in runs and "rm -rf /var/lib/apt/lists" in runs


def test_installs_the_project_from_the_build_context() -> None:
    runs = [args for word, args in instructions() if word == "RUN"]
    assert any("pip install --no-cache-dir ." in r for r in runs)
    copied = [args.split()[:-1] for word, args in instructions() if word == "COPY"]
    sources = [s for group in copied for s in group]
    for needed in ("pyproject.toml", "README.md", "src"):  # pyproject's readme = README.md
        assert needed in sources
        assert (ROOT / needed).exists()


def test_dockerignore_keeps_what_copy_needs_and_drops_junk() -> None:
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines()
                if p.strip() and not p.startswith("#")]
    for needed in ("pyproject.toml", "README.md", "src/kometa/cli.py", "src/kometa/services/model.py"):
        assert not any(fnmatch.fnmatch(needed, p) or needed.startswith(p + "/") for p in patterns), needed
    for junk in (".git", "tests", "config", "**/__pycache__", ".venv"):
        assert junk in patterns


def test_runtime_contract() -> None:
    entry = json.loads(one("ENTRYPOINT"))
    assert entry[0].endswith("tini") and entry[-1] == "kometa"  # init first, so signals reach kometa
    assert json.loads(one("CMD")) == []  # `docker run IMAGE --run` -> `kometa --run`
    assert one("VOLUME") == "/config"
    env = " ".join(args for word, args in instructions() if word == "ENV")
    assert "KOMETA_DOCKER=true" in env  # config defaults to /config/config.yml
    health = one("HEALTHCHECK")
    assert health.split("CMD", 1)[1].strip() == '["kometa", "status"]'
    runs = " ".join(args for word, args in instructions() if word == "RUN")
    assert "useradd --uid 1000" in runs and "chown kometa:kometa /config" in runs  # --user 1000:1000 works
