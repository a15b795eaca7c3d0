"""GitHub's trees, as Kometa reads an image style from a repository (``git_style: owner/repo``).

The repository's newest commit (``GET /repos/OWNER/REPO/commits``: its first entry's
``commit.tree.url``) gives the top tree; a tree (``GET /repos/OWNER/REPO/git/trees/SHA``) lists its
entries (``path``, ``type`` blob/tree, ``url`` of a sub-tree). A file's content is read from the raw
host (``https://raw.githubusercontent.com/OWNER/REPO/master/PATH``, the branch Kometa reads).

``KOMETA_GITHUB_URL`` and ``KOMETA_GITHUB_RAW_URL`` replace the two bases (a mirror, or metasim in
tests). Requests go through the run's remote-file client (policy, retries, cache). Only the commit
list is asked again each run (a repository may change; its last answer is kept for when GitHub is
down): trees and blobs are named by their content's sha, so once read they are kept and never asked
again. An unchanged repository costs one request a run (GitHub allows anonymous callers 60 an hour).
``github: token:`` in config.yml is sent as ``Authorization: token ...`` (GitHub's rate limit for
anonymous callers is low).
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from kometa.clients.policy import NotFound, ServiceError

API_ENV, RAW_ENV = "KOMETA_GITHUB_URL", "KOMETA_GITHUB_RAW_URL"
API_URL, RAW_URL = "https://api.github.com", "https://raw.githubusercontent.com"
BRANCH = "master"


class GitHubError(ValueError):
    """A repository, tree or file GitHub does not have (or cannot give now)."""


def api_base() -> str:
    return (os.environ.get(API_ENV) or API_URL).rstrip("/")


def raw_base() -> str:
    return (os.environ.get(RAW_ENV) or RAW_URL).rstrip("/")


@dataclass(frozen=True)
class Entry:
    path: str
    type: str  # blob | tree
    url: str  # a tree's own address (blobs: their blob address)


class GitHubTrees:
    """Trees and raw files of public repositories. ``remote``: the run's
    :class:`kometa.clients.files.RemoteFiles` (its ``service(origin)`` gives a policy client)."""

    def __init__(self, remote: Any, token: str | None = None) -> None:
        self.remote = remote
        self.token = token

    def _service(self, url: str) -> tuple[Any, str]:
        parts = urlsplit(url)
        service = self.remote.service(f"{parts.scheme}://{parts.netloc}", "github")
        if self.token and url.startswith(api_base()):
            service.session.headers["Authorization"] = f"token {self.token}"
        return service, parts.path + (f"?{parts.query}" if parts.query else "")

    def _json(self, url: str, what: str, *, changes: bool = True) -> Any:
        service, path = self._service(url)
        try:
            return service.get(path, revalidate=changes)
        except NotFound:
            raise GitHubError(f"{what} was not found on GitHub ({url} answered HTTP 404)") from None
        except ServiceError as exc:
            raise GitHubError(f"{what} could not be read from GitHub: {exc.detail}") from None

    def top_tree(self, repo: str) -> dict[str, Entry]:
        """The entries at the top of ``owner/repo``'s newest commit."""
        commits = self._json(f"{api_base()}/repos/{repo.strip('/')}/commits", f"repository {repo}")
        try:
            url = commits[0]["commit"]["tree"]["url"]
        except (KeyError, IndexError, TypeError):
            raise GitHubError(f"repository {repo} has no commits GitHub lists") from None
        return self.tree(url)

    def tree(self, url: str) -> dict[str, Entry]:
        data = self._json(url, f"tree {url}", changes=False)  # a tree's address names its content
        entries = data.get("tree") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            raise GitHubError(f"tree {url}: GitHub's answer has no tree list")
        return {str(e["path"]): Entry(str(e["path"]), str(e.get("type", "blob")), str(e.get("url", "")))
                for e in entries if isinstance(e, dict) and "path" in e}

    def blob_text(self, entry: Entry) -> str:
        """A file's text through its blob (named by its content: read once, then kept)."""
        data = self._json(entry.url, f"file {entry.path}", changes=False)
        try:
            return base64.b64decode(str(data["content"])).decode("utf-8").strip()
        except (KeyError, TypeError, ValueError, UnicodeDecodeError):
            raise GitHubError(f"file {entry.path}: GitHub's blob answer has no text content") from None

    def raw_url(self, repo: str, path: str) -> str:
        """The raw address of ``path`` (its segments already quoted) in ``repo``'s branch."""
        return f"{raw_base()}/{repo.strip('/')}/{BRANCH}/{path}"



def quoted(path: str) -> str:
    """Each segment of ``path`` URL-quoted (names with spaces, colons, ...)."""
    return "/".join(quote(part) for part in path.split("/"))
