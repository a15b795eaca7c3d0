"""What Kometa sends to Radarr/Sonarr, and the reads it needs first (API v3 shapes).

* ``GET /api/v3/qualityprofile``: ``[{"id", "name", "upgradeAllowed", "cutoff"}]`` (:data:`PROFILES`).
* ``GET /api/v3/rootfolder``: ``[{"id", "path", "accessible", "freeSpace", "unmappedFolders"}]``
  (``/movies``, ``/movies-4k`` for Radarr; ``/tv``, ``/anime`` for Sonarr).
* ``GET /api/v3/languageprofile`` (Sonarr v3): ``[{"id": 1, "name": "English"}, ...]``.
* ``POST /api/v3/tag`` ``{"label"}`` -> 201 ``{"id", "label"}`` (an existing label answers its tag).
* ``GET /api/v3/movie/lookup?term=tmdb:N|imdb:tt…`` / ``GET /api/v3/series/lookup?term=tvdb:N``:
  ``[record]`` from the world (``id`` set only when the app already has the title); ``[]`` if unknown.
* ``POST /api/v3/movie`` / ``POST /api/v3/series``: the body Kometa sends (``tmdbId``/``tvdbId``,
  ``title``, ``qualityProfileId``, ``rootFolderPath``, ``monitored``, ``tags``, ``addOptions`` and
  Radarr's ``minimumAvailability`` / Sonarr's ``seriesType``, ``seasonFolder``,
  ``languageProfileId``) -> 201 with the stored record; a title the app already has is 400
  ``[{"propertyName": "TmdbId", "errorMessage": "This movie has already been added",
  "errorCode": "MovieExistsValidator", ...}]`` (Sonarr: ``TvdbId``, "This series has already been
  added", ``SeriesExistsValidator``); an unknown profile or root folder is 400 too.

:class:`ArrState` (``Meta.arr``) records every accepted add (``added[app]``: the bodies) and the
tags created; added titles then appear in ``GET /api/v3/movie|series``.

* ``POST /api/v3/movie/import`` / ``POST /api/v3/series/import``: a list of such bodies (each with the
  title's own ``path``, as for titles already on disk) -> 200 with the stored records; one already
  there or with an unknown id is left out of the answer (the others are added).
* ``DELETE /api/v3/movie/editor`` ``{"movieIds": [...], "deleteFiles": false}`` / ``DELETE
  /api/v3/series/editor`` ``{"seriesIds": [...]}``: the titles leave the app (``removed[app]``);
  200 with an empty body, as Radarr/Sonarr answer.
* ``PUT /api/v3/movie/editor`` / ``series/editor``: every editor call (``editor[app]``: the bodies) with
  what it changed (``edits[app]``: record id -> fields); edited titles then show so in ``GET /api/v3/movie|series``.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

if TYPE_CHECKING:
    from ..app import Meta
    from ..model import Title

PROFILES = ({"id": 1, "name": "Any", "upgradeAllowed": False, "cutoff": 1},
            {"id": 4, "name": "HD-1080p", "upgradeAllowed": True, "cutoff": 7},
            {"id": 5, "name": "Ultra-HD", "upgradeAllowed": True, "cutoff": 19})
FOLDERS = {"radarr": ("/movies", "/movies-4k"), "sonarr": ("/tv", "/anime")}
LANGUAGES = ({"id": 1, "name": "English"}, {"id": 2, "name": "Japanese"})


@dataclass
class ArrState:
    added: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"radarr": [], "sonarr": []})
    tags: dict[str, list[str]] = field(default_factory=lambda: {"radarr": [], "sonarr": []})  # created labels
    removed: dict[str, set[int]] = field(default_factory=lambda: {"radarr": set(), "sonarr": set()})  # app ids
    requests: dict[str, int] = field(default_factory=lambda: {"import": 0, "delete": 0})
    editor: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"radarr": [], "sonarr": []})
    edits: dict[str, dict[int, dict[str, Any]]] = field(default_factory=lambda: {"radarr": {}, "sonarr": {}})
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def added_ids(self, app: str) -> set[int]:
        key = "tmdbId" if app == "radarr" else "tvdbId"
        return {int(b[key]) for b in self.added[app]}


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, separators=(",", ":")), status_code=status, media_type="application/json")


def _invalid(prop: str, message: str, value: Any, code: str) -> Response:
    return _json([{"propertyName": prop, "errorMessage": message, "attemptedValue": value, "severity": "error",
                   "errorCode": code}], 400)


def routes(meta: Meta, app: str, record: Any, managed: Any) -> list[BaseRoute]:
    """``record(title) -> dict`` and ``managed() -> list[Title]`` come from the package (the reads)."""
    from . import TAGS
    state: ArrState = meta.arr
    kind = "movie" if app == "radarr" else "series"
    id_key = "tmdbId" if app == "radarr" else "tvdbId"

    def has(title: Title) -> bool:
        ident = title.tmdb_id if app == "radarr" else title.tvdb_id
        return title in managed() or (ident is not None and ident in state.added_ids(app))

    async def profiles(request: Request) -> Response:
        return _json(list(PROFILES))

    async def folders(request: Request) -> Response:
        return _json([{"id": i, "path": p, "accessible": True, "freeSpace": 4 * 10**12, "unmappedFolders": []}
                      for i, p in enumerate(FOLDERS[app], 1)])

    async def languages(request: Request) -> Response:
        return _json(list(LANGUAGES))

    async def new_tag(request: Request) -> Response:
        label = str((await request.json()).get("label") or "").strip().lower()
        if not label:
            return _invalid("Label", "'Label' must not be empty.", label, "NotEmptyValidator")
        with state._lock:
            labels = list(TAGS) + state.tags[app]
            if label not in labels:
                state.tags[app].append(label)
                labels.append(label)
        return _json({"id": labels.index(label) + 1, "label": label}, 201)

    def find(term: str) -> Title | None:
        world = meta.world
        scheme, _, value = term.partition(":")
        if scheme == "imdb":
            found = world.by_imdb(value)
        elif scheme == "tvdb" and app == "sonarr":
            found = world.by_tvdb(value)
        elif scheme == "tmdb" and app == "radarr":
            found = world.title("movie", value)
        else:
            found = None
        want = "movie" if app == "radarr" else "tv"
        return found if found is not None and found.kind == want and not found.synthetic else None

    async def lookup(request: Request) -> Response:
        title = find(request.query_params.get("term", "").strip().lower())
        if title is None:
            return _json([])
        out = record(title)
        if not has(title):
            out = {**out, "id": 0, "hasFile": False, "monitored": False, "tags": []}
        return _json([out])

    async def add(request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            return _json({"message": "invalid JSON"}, 400)
        ident = body.get(id_key)
        title = find(f"{'tmdb' if app == 'radarr' else 'tvdb'}:{ident}")
        if title is None:
            return _invalid(id_key[0].upper() + id_key[1:], f"{kind.title()} not found", ident, "NotFoundValidator")
        if body.get("qualityProfileId") not in {p["id"] for p in PROFILES}:
            return _invalid("QualityProfileId", "Quality Profile does not exist", body.get("qualityProfileId"),
                            "QualityProfileExistsValidator")
        path = body.get("path")
        if path is not None and not any(str(path).startswith(f"{root}/") for root in FOLDERS[app]):
            return _invalid("Path", "Path is not under a root folder", path, "RootFolderValidator")
        if path is None and body.get("rootFolderPath") not in FOLDERS[app]:
            return _invalid("RootFolderPath", "Root folder does not exist", body.get("rootFolderPath"),
                            "RootFolderExistsValidator")
        with state._lock:
            if has(title):
                return _invalid("TmdbId" if app == "radarr" else "TvdbId", f"This {kind} has already been added",
                                ident, "MovieExistsValidator" if app == "radarr" else "SeriesExistsValidator")
            state.added[app].append(dict(body))
            number = 100_000 + len(state.added[app])
        tags = [int(t) for t in body.get("tags") or [] if 0 < int(t) <= len(TAGS) + len(state.tags[app])]
        return _json({**record(title), "id": number, "monitored": bool(body.get("monitored", True)),
                      "hasFile": False, "tags": tags, "qualityProfileId": body["qualityProfileId"],
                      "rootFolderPath": body["rootFolderPath"]}, 201)

    async def import_(request: Request) -> Response:
        try:
            bodies = await request.json()
        except ValueError:
            return _json({"message": "invalid JSON"}, 400)
        if not isinstance(bodies, list):
            return _json({"message": "expected a list"}, 400)
        state.requests["import"] += 1
        out = []
        for body in bodies:
            title = find(f"{'tmdb' if app == 'radarr' else 'tvdb'}:{body.get(id_key)}") if isinstance(body, dict) \
                else None
            if title is None or body.get("qualityProfileId") not in {p["id"] for p in PROFILES}:
                continue
            with state._lock:
                if has(title):
                    continue
                state.added[app].append(dict(body))
                number = 100_000 + len(state.added[app])
            out.append({**record(title), "id": number, "path": body.get("path"), "hasFile": True,
                        "qualityProfileId": body["qualityProfileId"], "tags": list(body.get("tags") or [])})
        return _json(out)

    async def delete(request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            return _json({"message": "invalid JSON"}, 400)
        ids = body.get("movieIds" if app == "radarr" else "seriesIds") if isinstance(body, dict) else None
        if not isinstance(ids, list):
            return _json({"message": "movieIds required" if app == "radarr" else "seriesIds required"}, 400)
        state.requests["delete"] += 1
        with state._lock:
            state.removed[app].update(int(i) for i in ids if isinstance(i, int))
        return Response(b"", status_code=200)


    async def editor(request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            return _json({"message": "invalid JSON"}, 400)
        ids = body.get("movieIds" if app == "radarr" else "seriesIds")
        if not isinstance(ids, list) or not ids:
            return _invalid("MovieIds" if app == "radarr" else "SeriesIds", "must not be empty", ids, "NotEmptyValidator")
        records = {r["id"]: r for r in (record(t) for t in managed())}
        records |= {100_000 + n: {"id": 100_000 + n, "tags": list(b.get("tags") or []),
                                  "monitored": bool(b.get("monitored", True)),
                                  "qualityProfileId": b.get("qualityProfileId")}
                    for n, b in enumerate(state.added[app], 1)}
        unknown = [i for i in ids if i not in records]
        if unknown:
            return _json({"message": f"{kind.title()} with ID {unknown[0]} does not exist"}, 404)
        profile = body.get("qualityProfileId")
        if profile is not None and profile not in {p["id"] for p in PROFILES}:
            return _invalid("QualityProfileId", "Quality Profile does not exist", profile,
                            "QualityProfileExistsValidator")
        mode = body.get("applyTags", "add")
        out = []
        with state._lock:
            state.editor[app].append(dict(body))
            for ident in ids:
                current = {**records[ident], **state.edits[app].get(ident, {})}
                change: dict[str, Any] = {}
                if body.get("tags") is not None:
                    tags = [int(t) for t in body["tags"]]
                    had = list(current.get("tags") or [])
                    change["tags"] = sorted(set(had) | set(tags)) if mode == "add" else \
                        sorted(set(had) - set(tags)) if mode == "remove" else sorted(set(tags))
                if profile is not None:
                    change["qualityProfileId"] = profile
                if body.get("monitored") is not None:
                    change["monitored"] = bool(body["monitored"])
                state.edits[app].setdefault(ident, {}).update(change)
                out.append({**current, **change})
        return _json(out, 202)


    return [Route(f"/api/v3/{kind}/import", import_, methods=["POST"]),
            Route(f"/api/v3/{kind}/editor", delete, methods=["DELETE"]),
            Route(f"/api/v3/{kind}/editor", editor, methods=["PUT"]),
            Route("/api/v3/qualityprofile", profiles, methods=["GET"]),
            Route("/api/v3/rootfolder", folders, methods=["GET"]),
            Route("/api/v3/languageprofile", languages, methods=["GET"]),
            Route("/api/v3/tag", new_tag, methods=["POST"]),
            Route(f"/api/v3/{kind}/lookup", lookup, methods=["GET"]),
            Route(f"/api/v3/{kind}", add, methods=["POST"])]
