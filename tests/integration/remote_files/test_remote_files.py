"""url:, git: and repo: file entries over real HTTP against a local server: policy, cache, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kometa.app.validate import validate
from kometa.clients.cache import Cache
from kometa.clients.files import RemoteFiles
from kometa.config.definitions import load_definitions
from kometa.config.files import DocumentCache
from kometa.config.loader import load_config
from kometa.core.errors import ConfigError
from kometa.core.options import Options

from .conftest import FileServer

CHARTS = "collections:\n  Everything:\n    plex_all: true\n  Named:\n    template: {name: tpl}\n"
TEMPLATES = "templates:\n  tpl:\n    plex_all: true\n    summary: from the remote template\n"


def _config(tmp_path: Path, entries: str, settings: str = "") -> Path:
    path = tmp_path / "config.yml"
    path.write_text(f"libraries:\n  Movies:\n    collection_files:\n{entries}{settings}"
                    "plex:\n  url: http://localhost:1\n  token: t\n", encoding="utf-8")
    return path


def _names(path: Path, remote: RemoteFiles) -> list[str]:
    config = load_config(path)
    cache = DocumentCache(remote)
    return [d.title for d in load_definitions(config, config.libraries["Movies"], library_type="movie",
                                              load=cache.load)]


def _remote(config_path: Path, cache: Cache | None = None) -> RemoteFiles:
    remote = RemoteFiles.for_config(load_config(config_path), cache or Cache(None))
    remote.sleep = lambda seconds: None
    return remote


def test_git_reads_the_community_repository_base(tmp_path: Path, file_server: FileServer,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMETA_GIT_URL", f"{file_server.url}/community/")
    file_server.files["/community/someone/Charts.yml"] = CHARTS.replace("  Named:\n    template: {name: tpl}\n", "")
    path = _config(tmp_path, "      - git: someone/Charts\n")
    assert _names(path, _remote(path)) == ["Everything"]
    assert file_server.requests == ["/community/someone/Charts.yml"]


def test_repo_needs_custom_repo_and_reads_under_it(tmp_path: Path, file_server: FileServer) -> None:
    file_server.files["/mine/Movies.yml"] = CHARTS.replace("  Named:\n    template: {name: tpl}\n", "")
    bare = _config(tmp_path, "      - repo: Movies\n")
    with pytest.raises(ConfigError) as caught:
        _names(bare, _remote(bare))
    assert caught.value.line == 4 and "'repo: Movies' needs settings: custom_repo" in str(caught.value)
    path = _config(tmp_path, "      - repo: Movies.yml\n", f"settings:\n  custom_repo: {file_server.url}/mine/\n")
    assert _names(path, _remote(path)) == ["Everything"]


def test_external_templates_from_git(tmp_path: Path, file_server: FileServer,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMETA_GIT_URL", file_server.url)
    file_server.files["/shared/Templates.yml"] = TEMPLATES
    (tmp_path / "Movies.yml").write_text("external_templates:\n  git: shared/Templates\n" + CHARTS)
    path = _config(tmp_path, "      - file: Movies.yml\n")
    config = load_config(path)
    found = load_definitions(config, config.libraries["Movies"], library_type="movie",
                             load=DocumentCache(_remote(path)).load)
    assert found[1].data["summary"] == "from the remote template"


def test_not_found_and_retried_errors(tmp_path: Path, file_server: FileServer) -> None:
    path = _config(tmp_path, f"      - url: {file_server.url}/missing.yml\n")
    with pytest.raises(ConfigError) as caught:
        _names(path, _remote(path))
    assert caught.value.line == 4 and f"{file_server.url}/missing.yml was not found (HTTP 404)" in str(caught.value)
    file_server.files["/flaky.yml"] = CHARTS.replace("  Named:\n    template: {name: tpl}\n", "")
    file_server.fail["/flaky.yml"] = [503, 502]
    path = _config(tmp_path, f"      - url: {file_server.url}/flaky.yml\n")
    assert _names(path, _remote(path)) == ["Everything"]
    assert file_server.requests.count("/flaky.yml") == 3  # two 5xx answers retried by the policy


def test_cached_copy_when_the_server_is_down(tmp_path: Path, file_server: FileServer,
                                             caplog: pytest.LogCaptureFixture) -> None:
    file_server.files["/charts.yml"] = CHARTS.replace("  Named:\n    template: {name: tpl}\n", "")
    url = f"{file_server.url}/charts.yml"
    path = _config(tmp_path, f"      - url: {url}\n")
    cache_file = tmp_path / "kometa-cache.db"
    assert _names(path, _remote(path, Cache(cache_file))) == ["Everything"]
    file_server.files["/charts.yml"] = "collections:\n  Changed:\n    plex_all: true\n"
    assert _names(path, _remote(path, Cache(cache_file))) == ["Changed"]  # asked again each run
    file_server.stop()
    remote = _remote(path, Cache(cache_file))
    assert _names(path, remote) == ["Changed"]
    assert remote.warnings and f"{path}:4: {url} could not be fetched" in remote.warnings[0]
    assert "using the cached copy" in caplog.text
    with pytest.raises(ConfigError) as caught:  # no cached copy: a located error naming the address
        _names(path, _remote(path, Cache(None)))
    assert caught.value.line == 4 and f"could not fetch {url}" in str(caught.value)


def test_validate_reads_git_files(tmp_path: Path, file_server: FileServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMETA_GIT_URL", file_server.url)
    file_server.files["/a/Good.yml"] = CHARTS.replace("  Named:\n    template: {name: tpl}\n", "")
    file_server.files["/a/Bad.yml"] = "collections:\n  Broken:\n    plex_all: true\n    no_such_key: 1\n"
    lines: list[str] = []
    good = _config(tmp_path, "      - git: a/Good\n")
    assert validate(Options(config=good, validate=True), out=lines.append, err=lines.append) == 0, lines
    bad = _config(tmp_path, "      - git: a/Bad\n")
    lines.clear()
    assert validate(Options(config=bad, validate=True), out=lines.append, err=lines.append) == 2
    assert any(f"{file_server.url}/a/Bad.yml:4" in line and "no_such_key" in line for line in lines), lines
