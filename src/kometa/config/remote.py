"""Where ``url:``, ``git:`` and ``repo:`` file entries live, and the plain way to fetch them.

* ``url: URL`` is the URL itself;
* ``git: PATH`` is ``PATH.yml`` in the community configs repository (Kometa's
  Community-Configs on GitHub; ``KOMETA_GIT_URL`` overrides the base, e.g. for a mirror or tests);
* ``repo: PATH`` is ``PATH.yml`` under ``settings: custom_repo`` (a GitHub ``tree``/``blob`` address
  is read as its raw-file address, as Kometa does).

A run fetches through the client policy (timeouts, retries, the cache: :mod:`kometa.clients.files`);
:class:`PlainRemote` is the fallback for code that loads a file without a run (one GET with a timeout).
"""

from __future__ import annotations

import os
import re
from typing import Protocol

from kometa.config.model import FileRef
from kometa.core.errors import ConfigError

GIT_URL_ENV = "KOMETA_GIT_URL"
GIT_URL = "https://raw.githubusercontent.com/Kometa-Team/Community-Configs/master"
REMOTE_KINDS = ("url", "git", "repo")
_GITHUB = re.compile(r"^https?://github\.com/([^/]+)/([^/]+)/(?:tree|blob)/(.+)$")


class Remote(Protocol):
    """Fetches a remote file's text; ``custom_repo`` is the config's ``settings: custom_repo``."""

    custom_repo: str | None

    def fetch(self, url: str, ref: FileRef) -> str: ...


def git_base() -> str:
    return (os.environ.get(GIT_URL_ENV) or GIT_URL).rstrip("/")


def raw_address(url: str) -> str:
    """``https://github.com/o/r/tree/main/x`` -> ``https://raw.githubusercontent.com/o/r/main/x``."""
    match = _GITHUB.match(url.strip())
    if match:
        return f"https://raw.githubusercontent.com/{match.group(1)}/{match.group(2)}/{match.group(3)}"
    return url.strip()


def _yml(path: str) -> str:
    path = path.strip().lstrip("/")
    return path if path.lower().endswith((".yml", ".yaml")) else f"{path}.yml"


def url_for(ref: FileRef, custom_repo: str | None) -> str:
    """The address a ``url``/``git``/``repo`` entry reads."""
    if ref.kind == "url":
        return ref.location
    if ref.kind == "git":
        return f"{git_base()}/{_yml(ref.location)}"
    if ref.kind == "repo":
        if not custom_repo or not str(custom_repo).strip():
            raise ConfigError(f"'repo: {ref.location}' needs settings: custom_repo (the address of your "
                              f"repository of config files)", file=ref.file, line=ref.line)
        return f"{raw_address(str(custom_repo)).rstrip('/')}/{_yml(ref.location)}"
    raise ConfigError(f"'{ref.kind}:' is not a remote file entry", file=ref.file, line=ref.line)


class PlainRemote:
    """One GET with a timeout, no retries or cache (a run uses :class:`kometa.clients.files.RemoteFiles`)."""

    def __init__(self, custom_repo: str | None = None, timeout: float = 30.0) -> None:
        self.custom_repo = custom_repo
        self.timeout = timeout

    def fetch(self, url: str, ref: FileRef) -> str:
        import requests

        try:
            response = requests.get(url, timeout=self.timeout)
        except requests.RequestException as exc:
            raise ConfigError(f"could not fetch {url}: {type(exc).__name__}", file=ref.file, line=ref.line) from None
        if response.status_code != 200:
            raise ConfigError(f"fetching {url} answered HTTP {response.status_code}", file=ref.file, line=ref.line)
        response.encoding = response.encoding or "utf-8"
        return response.text
