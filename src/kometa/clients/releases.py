"""The release feed the ``version`` webhook reads: PyPI's JSON API (``https://pypi.org/pypi``;
``KOMETA_RELEASES_URL`` replaces it, e.g. a private index or metasim's ``…/pypi``).

``GET {root}/{project}/json`` answers ``{"info": {"name", "version", "project_urls", ...},
"releases": {version: [files]}, ...}``; ``info.version`` is the latest non-pre-release version.
Asked at most once per run and never cached (a new release should be seen the same day); a
short timeout and one retry, so an unreachable feed costs a run seconds, not minutes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kometa.clients.policy import Policy, Service

API_ROOT = "https://pypi.org/pypi"
URL_ENV = "KOMETA_RELEASES_URL"
PROJECT = "kometa"


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


@dataclass(frozen=True)
class Release:
    version: str
    notes: str | None  # where the release notes are (a project URL), if the feed names one


def _notes(info: Mapping[str, Any], version: str) -> str | None:
    urls = info.get("project_urls") or {}
    if isinstance(urls, Mapping):
        for label in ("Release notes", "Release Notes", "Changelog", "Changes", "changelog"):
            if urls.get(label):
                return str(urls[label])
    url = info.get("release_url")
    return str(url) if url else None


def parse_release(answer: Any) -> Release:
    """The latest release from a PyPI JSON answer; ValueError when the answer is not one."""
    info = answer.get("info") if isinstance(answer, Mapping) else None
    if not isinstance(info, Mapping):
        raise ValueError("the release feed's answer has no info.version")
    version = info.get("version")
    if not isinstance(version, str) or not version.strip():
        raise ValueError("the release feed's answer has no info.version")
    return Release(version.strip(), _notes(info, version))


class ReleasesClient:
    def __init__(self, base_url: str | None = None, project: str = PROJECT) -> None:
        self.project = project
        self.service = Service(Policy("Releases", timeout=10.0, attempts=2, rate=None, concurrency=1),
                               base_url or api_root())

    @property
    def url(self) -> str:
        return f"{self.service.base_url}/{self.project}/json"

    def latest(self) -> Release:
        """Raises :class:`~kometa.clients.policy.ServiceError` or ValueError."""
        return parse_release(self.service.get(f"/{self.project}/json", cache=False))
