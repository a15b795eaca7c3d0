"""The fixture corpus: configs in every style real users write must validate; broken ones must fail
with exactly the expected messages (all of them, in one pass, each with file:line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kometa.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "configs"
GOOD = sorted(p.name for p in (CORPUS / "good").iterdir() if p.is_dir())
BAD = sorted(p.name for p in (CORPUS / "bad").iterdir() if p.is_dir())


@pytest.fixture(autouse=True)
def _clean_env(tmp_path, monkeypatch):
    for key in list(__import__("os").environ):
        if key.startswith(("KOMETA_", "PMM_")):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("KOMETA_INSTALL_DIR", str(tmp_path / "install"))
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("name", GOOD)
def test_good_configs_validate(name, capsys):
    config = CORPUS / "good" / name / "config.yml"
    code = main(["--validate", "--config", str(config)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "0 errors" in captured.out
    assert "error:" not in captured.err
    expected = CORPUS / "good" / name / "warnings.txt"
    if expected.exists():
        wanted = expected.read_text().replace("{dir}", str(config.parent)).splitlines()
        assert captured.err.splitlines() == wanted


@pytest.mark.parametrize("name", BAD)
def test_bad_configs_fail_with_their_messages(name, capsys):
    config = CORPUS / "bad" / name / "config.yml"
    code = main(["--validate", "--config", str(config)])
    captured = capsys.readouterr()
    assert code == 2
    wanted = (CORPUS / "bad" / name / "expected.txt").read_text().replace("{dir}", str(config.parent))
    assert captured.err.splitlines() == wanted.splitlines()
