"""GitHub under ``/github`` (REST API; ``KOMETA_GITHUB_URL=http://HOST:PORT/github`` replaces
``https://api.github.com``) and ``/github-raw`` (raw files; ``KOMETA_GITHUB_RAW_URL`` replaces
``https://raw.githubusercontent.com``), for repositories a test or the demo puts in
(:meth:`GitHubState.put`, ``MetaSim.put_repo``, or ``POST /_sim/github/OWNER/REPO`` with
``{"files": {"path": "text", ...}}``).

The shapes are GitHub's documented ones:

* ``GET /repos/{owner}/{repo}/commits``: a list of commits, newest first, each ``{"sha",
  "commit": {"message", "tree": {"sha", "url"}}, "url", "html_url"}``; the tree ``url`` is the
  absolute address of the commit's root tree.
* ``GET /repos/{owner}/{repo}/git/trees/{sha}``: ``{"sha", "url", "tree": [{"path", "mode",
  "type": "blob"|"tree", "sha", "size" (blobs), "url"}], "truncated": false}``; ``path`` is the
  entry's name in that tree (not recursive).
* ``GET /repos/{owner}/{repo}/git/blobs/{sha}``: ``{"sha", "size", "content" (base64),
  "encoding": "base64"}``.
* ``GET /github-raw/{owner}/{repo}/{branch}/{path}``: the file's bytes (``text/plain`` for text,
  ``image/png``/``image/jpeg`` for images), 404 ``404: Not Found`` otherwise.

Blob and tree ids are git's (sha1 of ``blob N\\0`` + content; a tree's of its sorted entries), so
the same files give the same ids; putting files makes a new commit. Errors are GitHub's JSON
(``{"message": "Not Found", "documentation_url": ...}``). Public repositories need no token; a
token sent as ``Authorization: token ...`` (or ``Bearer ...``) must be one of
:attr:`GitHubState.tokens` (``metasim-github``), else 401 ``Bad credentials``, as GitHub answers.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..app import Service, json_body

if TYPE_CHECKING:
    from ..app import Meta

PREFIX, RAW_PREFIX = "/github", "/github-raw"
DOCS = "https://docs.github.com/rest"


@dataclass
class Repo:
    files: dict[str, bytes] = field(default_factory=dict)
    branch: str = "master"
    commits: list[tuple[str, str, str]] = field(default_factory=list)  # (sha, tree sha, message), newest first
    trees: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # tree sha -> entries (no urls)
    blobs: dict[str, bytes] = field(default_factory=dict)


def _blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 - git's object id


class GitHubState:
    """The repositories metasim serves: ``owner/repo`` -> :class:`Repo`."""

    def __init__(self) -> None:
        self.repos: dict[str, Repo] = {}
        self.tokens: set[str] = {"metasim-github"}

    def put(self, repo: str, files: dict[str, str | bytes], *, branch: str = "master",
            message: str = "update") -> str:
        """Add or replace ``files`` (path -> text or bytes) in ``repo``; returns the new commit's sha."""
        found = self.repos.setdefault(repo.strip("/"), Repo(branch=branch))
        for path, content in files.items():
            found.files[path.strip("/")] = content.encode() if isinstance(content, str) else content
        root = self._tree(found, "")
        sha = hashlib.sha1(f"commit {root} {len(found.commits)} {message}".encode()).hexdigest()  # noqa: S324
        found.commits.insert(0, (sha, root, message))
        return sha

    def _tree(self, repo: Repo, prefix: str) -> str:
        entries: dict[str, dict[str, Any]] = {}
        for path, data in repo.files.items():
            if prefix and not path.startswith(prefix + "/"):
                continue
            rest = path[len(prefix) + 1:] if prefix else path
            name, _, deeper = rest.partition("/")
            if name in entries:
                continue
            if deeper:
                sha = self._tree(repo, f"{prefix}/{name}" if prefix else name)
                entries[name] = {"path": name, "mode": "040000", "type": "tree", "sha": sha}
            else:
                sha = _blob_sha(data)
                repo.blobs[sha] = data
                entries[name] = {"path": name, "mode": "100644", "type": "blob", "sha": sha, "size": len(data)}
        listing = [entries[name] for name in sorted(entries)]
        sha = hashlib.sha1("".join(f"{e['mode']} {e['path']} {e['sha']}\n" for e in listing).encode()).hexdigest()  # noqa: S324
        repo.trees[sha] = listing
        return sha


def error(status: int, kind: str) -> Response:
    message = {"unauthorised": "Bad credentials", "not_found": "Not Found",
               "rate_limited": "API rate limit exceeded"}.get(kind, "Server Error")
    return json_body({"message": message, "documentation_url": DOCS, "status": str(status)}, status)


def _routes(meta: Meta) -> list[BaseRoute]:
    def base(request: Request, owner: str, name: str) -> str:
        return f"{str(request.base_url).rstrip('/')}{PREFIX}/repos/{owner}/{name}"

    def repo_of(request: Request) -> tuple[str, Repo | None]:
        owner, name = request.path_params["owner"], request.path_params["repo"]
        return base(request, owner, name), meta.github.repos.get(f"{owner}/{name}")

    async def commits(request: Request) -> Response:
        root, repo = repo_of(request)
        if repo is None:
            return error(404, "not_found")
        owner, name = request.path_params["owner"], request.path_params["repo"]
        return json_body([{"sha": sha, "commit": {"message": message, "tree": {"sha": tree, "url": f"{root}/git/trees/{tree}"}},
                           "url": f"{root}/commits/{sha}", "html_url": f"https://github.com/{owner}/{name}/commit/{sha}"}
                          for sha, tree, message in repo.commits])

    async def tree(request: Request) -> Response:
        root, repo = repo_of(request)
        sha = request.path_params["sha"]
        if repo is None or sha not in repo.trees:
            return error(404, "not_found")
        entries = [{**e, "url": f"{root}/git/{'trees' if e['type'] == 'tree' else 'blobs'}/{e['sha']}"}
                   for e in repo.trees[sha]]
        return json_body({"sha": sha, "url": f"{root}/git/trees/{sha}", "tree": entries, "truncated": False})

    async def blob(request: Request) -> Response:
        _root, repo = repo_of(request)
        sha = request.path_params["sha"]
        if repo is None or sha not in repo.blobs:
            return error(404, "not_found")
        data = repo.blobs[sha]
        return json_body({"sha": sha, "size": len(data), "content": base64.b64encode(data).decode(),
                          "encoding": "base64"})

    return [Route("/repos/{owner}/{repo}/commits", commits, methods=["GET"]),
            Route("/repos/{owner}/{repo}/git/trees/{sha}", tree, methods=["GET"]),
            Route("/repos/{owner}/{repo}/git/blobs/{sha}", blob, methods=["GET"])]


MEDIA = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def _raw_routes(meta: Meta) -> list[BaseRoute]:
    async def raw(request: Request) -> Response:
        repo = meta.github.repos.get(f"{request.path_params['owner']}/{request.path_params['repo']}")
        path = request.path_params["path"]
        if repo is None or request.path_params["branch"] != repo.branch or path not in repo.files:
            return Response("404: Not Found", status_code=404, media_type="text/plain; charset=utf-8")
        kind = next((m for ext, m in MEDIA.items() if path.lower().endswith(ext)), "text/plain; charset=utf-8")
        return Response(repo.files[path], media_type=kind)

    return [Route("/{owner}/{repo}/{branch}/{path:path}", raw, methods=["GET"])]


def _raw_error(status: int, kind: str) -> Response:
    return Response(f"{status}: {'Not Found' if status == 404 else 'Error'}", status_code=status,
                    media_type="text/plain; charset=utf-8")


def authorised(meta: Meta, request: Request) -> bool:
    """No token is fine (public repositories); a token sent must be known."""
    header = request.headers.get("Authorization", "").strip()
    if not header:
        return True
    scheme, _, token = header.partition(" ")
    return scheme.lower() in ("token", "bearer") and token.strip() in meta.github.tokens


SERVICE = Service(name="github", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
RAW = Service(name="github-raw", prefix=RAW_PREFIX, routes=_raw_routes, authorised=lambda meta, request: True,
              error=_raw_error)
