"""Simulator control endpoints (``/_sim/*``): stats, reset, request log, faults. JSON, no key needed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

if TYPE_CHECKING:
    from .app import Meta


def routes(meta: Meta) -> list[Route]:
    async def stats(request: Request) -> Response:
        return JSONResponse(meta.stats.snapshot())

    async def reset(request: Request) -> Response:
        meta.stats.reset()
        meta.faults.reset_windows()
        return JSONResponse(meta.stats.snapshot())

    async def log(request: Request) -> Response:
        raw = request.query_params.get("limit")
        if raw is not None and not raw.isdigit():
            return JSONResponse({"error": f"limit={raw!r} is not a non-negative integer"}, status_code=400)
        return JSONResponse(meta.stats.entries(int(raw) if raw else None))

    async def faults(request: Request) -> Response:
        if request.method == "POST":
            body = await request.body()
            try:
                changes = json.loads(body) if body.strip() else dict(request.query_params)
                if not isinstance(changes, dict):
                    raise ValueError("expected a JSON object")
                meta.faults.update(**changes)
            except (ValueError, TypeError) as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(meta.faults.as_dict())

    async def github(request: Request) -> Response:  # put files in a GitHub repository (metasim.github)
        try:
            body = json.loads(await request.body())
            files = body["files"]
            if not isinstance(files, dict):
                raise ValueError("files must be an object of path: text")
        except (ValueError, KeyError, TypeError) as exc:
            return JSONResponse({"error": f"expected {{\"files\": {{path: text}}}}: {exc}"}, status_code=400)
        repo = f"{request.path_params['owner']}/{request.path_params['repo']}"
        return JSONResponse({"sha": meta.github.put(repo, {str(k): str(v) for k, v in files.items()},
                                                    branch=str(body.get("branch") or "master"))})

    return [
        Route("/_sim/github/{owner}/{repo}", github, methods=["POST"]),
        Route("/_sim/stats", stats, methods=["GET"]),
        Route("/_sim/reset", reset, methods=["POST"]),
        Route("/_sim/log", log, methods=["GET"]),
        Route("/_sim/faults", faults, methods=["GET", "POST"]),
    ]
