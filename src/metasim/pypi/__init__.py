"""PyPI's JSON API under ``/pypi`` (``KOMETA_RELEASES_URL=http://HOST:PORT/pypi`` replaces
``https://pypi.org/pypi``): the release feed the ``version`` webhook reads.

* ``GET /pypi/{project}/json``: PyPI's documented shape — ``info`` (``name``, ``version``: the
  latest release that is not a pre-release, ``summary``, ``home_page``, ``project_url``,
  ``project_urls``, ``release_url``, ``requires_python``, ``yanked``), ``releases`` (every version
  -> its files: ``filename``, ``packagetype``, ``upload_time_iso_8601``, ``url``, ``yanked``),
  ``urls`` (the latest release's files), ``last_serial``, ``vulnerabilities``.
* An unknown project is 404 ``{"message": "Not Found"}`` (as PyPI).

The projects live in :class:`PypiState` (``Meta.pypi``): ``kometa`` with one release, ``0.1.0``;
tests publish more (``meta.pypi.publish("kometa", "0.2.0")``). No key is needed (PyPI asks none).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..app import Service

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/pypi"
_PRE = re.compile(r"(a|b|rc|dev)\d*$", re.IGNORECASE)
_DAY = "2025-11-{:02d}T10:00:00.000000Z"


@dataclass
class PypiState:
    #: project -> its versions in upload order, each with its release-notes URL (or None)
    projects: dict[str, list[tuple[str, str | None]]] = field(
        default_factory=lambda: {"kometa": [("0.1.0", None)]})
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def publish(self, project: str, version: str, notes: str | None = None) -> None:
        with self._lock:
            self.projects.setdefault(project, []).append((version, notes))


def _body(data: dict[str, Any], status: int = 200) -> Response:
    from ..app import json_body
    return json_body(data, status)


def error(status: int, kind: str) -> Response:
    return _body({"message": "Not Found" if status == 404 else kind}, status)


def _files(project: str, version: str, index: int) -> list[dict[str, Any]]:
    name = project.replace("-", "_")
    return [{"filename": f"{name}-{version}-py3-none-any.whl", "packagetype": "bdist_wheel",
             "python_version": "py3", "requires_python": ">=3.11", "size": 250_000 + index,
             "upload_time_iso_8601": _DAY.format(1 + index % 28),
             "url": f"https://files.pythonhosted.org/packages/{name}-{version}-py3-none-any.whl",
             "yanked": False, "yanked_reason": None}]


def project_json(meta: Meta, request: Request) -> Response:
    project = request.path_params["project"].lower()
    versions = meta.pypi.projects.get(project)
    if not versions:
        return error(404, "not_found")
    final = [(v, n) for v, n in versions if not _PRE.search(v)] or versions
    latest, notes = final[-1]
    releases = {v: _files(project, v, i) for i, (v, _) in enumerate(versions)}
    urls = {"Homepage": f"https://example.invalid/{project}"}
    if notes:
        urls["Release notes"] = notes
    info = {"name": project, "version": latest, "summary": f"{project} (metasim's release feed)",
            "home_page": urls["Homepage"], "project_url": f"https://pypi.org/project/{project}/",
            "project_urls": urls, "release_url": f"https://pypi.org/project/{project}/{latest}/",
            "requires_python": ">=3.11", "yanked": False, "yanked_reason": None}
    return _body({"info": info, "last_serial": 1000 + len(versions), "releases": releases,
                  "urls": releases[latest], "vulnerabilities": []})


def _routes(meta: Meta) -> list[BaseRoute]:
    return [Route("/{project}/json", lambda request: project_json(meta, request), methods=["GET"])]


SERVICE = Service(name="pypi", prefix=PREFIX, routes=_routes, authorised=lambda meta, request: True, error=error)
