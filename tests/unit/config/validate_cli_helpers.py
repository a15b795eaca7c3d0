"""Shared by the review tests of ``kometa --validate``: a clean environment and one call of the CLI
on a config.yml (and the files it names) written into the test's folder."""

from __future__ import annotations

import os

import pytest

from kometa.cli import main

PLEX = "plex:\n  url: http://localhost:32400\n  token: abc\n"
TMDB = "tmdb:\n  apikey: 0123456789abcdef0123456789abcdef\n"


@pytest.fixture(autouse=True)
def clean_env(tmp_path, monkeypatch):
    """No KOMETA_/PMM_ variable of the machine reaches the CLI; the test's folder is the cwd."""
    for key in list(os.environ):
        if key.startswith(("KOMETA_", "PMM_")):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("KOMETA_INSTALL_DIR", str(tmp_path / "install"))
    monkeypatch.chdir(tmp_path)


def validate(tmp_path, capsys, config: str, **files: str) -> tuple[int, str]:
    """``kometa --validate`` of ``config`` (with ``files`` beside it): the exit code and stderr."""
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    path = tmp_path / "config.yml"
    path.write_text(config)
    code = main(["--validate", "--config", str(path)])
    return code, capsys.readouterr().err
