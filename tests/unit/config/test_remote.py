"""Where url:/git:/repo: entries point (pure)."""

from __future__ import annotations

import pytest

from kometa.config.model import FileRef
from kometa.config.remote import GIT_URL, raw_address, url_for
from kometa.core.errors import ConfigError


def test_git_paths_get_yml_under_the_community_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KOMETA_GIT_URL", raising=False)
    assert url_for(FileRef("git", "PMM/chart/imdb"), None) == f"{GIT_URL}/PMM/chart/imdb.yml"
    assert url_for(FileRef("git", "someone/Movies.yaml"), None) == f"{GIT_URL}/someone/Movies.yaml"
    monkeypatch.setenv("KOMETA_GIT_URL", "http://mirror.local/base/")
    assert url_for(FileRef("git", "/a/b"), None) == "http://mirror.local/base/a/b.yml"


def test_repo_reads_github_tree_addresses_as_raw_files() -> None:
    repo = "https://github.com/me/configs/tree/main/kometa"
    assert raw_address(repo) == "https://raw.githubusercontent.com/me/configs/main/kometa"
    assert url_for(FileRef("repo", "Movies"), repo) == "https://raw.githubusercontent.com/me/configs/main/kometa/Movies.yml"
    assert url_for(FileRef("repo", "x"), "https://example.org/files/") == "https://example.org/files/x.yml"
    with pytest.raises(ConfigError, match="needs settings: custom_repo"):
        url_for(FileRef("repo", "x", file="config.yml", line=3), "  ")
    assert url_for(FileRef("url", "https://h/x.yml"), None) == "https://h/x.yml"
