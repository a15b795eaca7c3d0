"""The ``version`` webhook: a whole ``--run`` reads metasim's PyPI-shaped release feed and tells
the local receiver about each newer release once; a feed that is down never fails the run."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from notify_receiver import Receiver

from kometa import __version__
from kometa.app.runner import run_once
from kometa.core.logs import teardown_logging
from kometa.core.options import Options
from metasim.server import MetaSim
from plexsim.server import PlexSim

TOKEN = "plexsim-version"


@pytest.fixture
def sims(monkeypatch):
    with PlexSim(movies=10, shows=1, seed=2, token=TOKEN) as plex, MetaSim(seed=1, movies=10, shows=2) as meta:
        monkeypatch.setenv("KOMETA_RELEASES_URL", f"{meta.url}/pypi")
        yield plex, meta


def _config(folder: Path, plex: PlexSim, receiver: Receiver) -> Path:
    (folder / "Movies.yml").write_text("collections: {}\n", encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(textwrap.dedent(f"""\
        plex:
          url: {plex.url}
          token: {TOKEN}
        webhooks:
          version: {receiver.url}/hooks/version
          run_end: {receiver.url}/hooks/end
        libraries:
          Movies:
            collection_files:
              - file: Movies.yml
        """), encoding="utf-8")
    return path


def _run(path: Path, **flags: object) -> int:
    try:
        return run_once(Options(config=path, run=True, **flags))  # type: ignore[arg-type]
    finally:
        teardown_logging()


def test_no_newer_release_sends_nothing(tmp_path, receiver, sims):
    plex, meta = sims
    assert _run(_config(tmp_path, plex, receiver)) == 0
    assert receiver.to("/hooks/version") == [] and len(receiver.to("/hooks/end")) == 1
    assert meta.stats()["by_service"].get("pypi") == 1  # asked once


def test_a_newer_release_is_announced_once_then_the_next_one(tmp_path, receiver, sims):
    plex, meta = sims
    meta.meta.pypi.publish("kometa", "99.1.0", "https://example.invalid/notes/99.1.0")
    meta.meta.pypi.publish("kometa", "99.2.0rc1")  # a pre-release is not "latest" (PyPI's info.version)
    path = _config(tmp_path, plex, receiver)
    assert _run(path) == 0
    sent = [r.json() for r in receiver.to("/hooks/version")]
    assert sent == [{"event": "version", "current": __version__, "latest": "99.1.0",
                     "notes": "https://example.invalid/notes/99.1.0", "library_mapping_name": ""}]
    assert json.loads((tmp_path / "kometa-version.json").read_text()) == {"announced": "99.1.0"}
    assert _run(path) == 0
    assert len(receiver.to("/hooks/version")) == 1  # the same release: not again
    meta.meta.pypi.publish("kometa", "99.3.0")
    assert _run(path) == 0
    assert [r.json()["latest"] for r in receiver.to("/hooks/version")] == ["99.1.0", "99.3.0"]
    assert receiver.to("/hooks/version")[1].json()["notes"] == "https://pypi.org/project/kometa/99.3.0/"


def test_a_dry_run_neither_sends_nor_records(tmp_path, receiver, sims):
    plex, meta = sims
    meta.meta.pypi.publish("kometa", "99.1.0")
    assert _run(_config(tmp_path, plex, receiver), dry_run=True) == 0
    assert receiver.to("/hooks/version") == [] and not (tmp_path / "kometa-version.json").exists()


def test_a_feed_that_is_down_never_fails_the_run(tmp_path, receiver, sims, caplog):
    plex, meta = sims
    meta.meta.pypi.publish("kometa", "99.1.0")
    meta.set_faults(error_rate=1.0, error_statuses=[503])
    assert _run(_config(tmp_path, plex, receiver)) == 0
    assert receiver.to("/hooks/version") == [] and len(receiver.to("/hooks/end")) == 1
    assert any("Version check:" in r.getMessage() for r in caplog.records)


def test_without_a_version_webhook_the_feed_is_not_asked(tmp_path, receiver, sims):
    plex, meta = sims
    path = _config(tmp_path, plex, receiver)
    path.write_text(path.read_text().replace(f"  version: {receiver.url}/hooks/version\n", ""), encoding="utf-8")
    assert _run(path) == 0
    assert meta.stats()["by_service"].get("pypi") is None
