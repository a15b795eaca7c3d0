"""Simulator control endpoints (``/_sim/*``): stats, reset, request log, faults, new items. JSON, token required."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

if TYPE_CHECKING:
    from .app import Sim


def routes(sim: Sim) -> list[Route]:
    async def stats(request: Request) -> Response:
        return JSONResponse(sim.stats.snapshot())

    async def reset(request: Request) -> Response:
        sim.stats.reset()
        return JSONResponse(sim.stats.snapshot())

    async def log(request: Request) -> Response:
        raw = request.query_params.get("limit")
        if raw is not None and not raw.isdigit():
            return JSONResponse({"error": f"limit={raw!r} is not a non-negative integer"}, status_code=400)
        return JSONResponse(sim.stats.entries(int(raw) if raw else None))

    async def faults(request: Request) -> Response:
        if request.method == "POST":
            body = await request.body()
            try:
                changes = json.loads(body) if body.strip() else dict(request.query_params)
                changes.pop("X-Plex-Token", None)
                if not isinstance(changes, dict):
                    raise ValueError("expected a JSON object")
                sim.faults.update(**changes)
            except (ValueError, TypeError) as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(sim.faults.as_dict())

    async def items(request: Request) -> Response:
        from .additions import AdditionError, add_items

        try:
            body = json.loads(await request.body() or b"null")
            added = add_items(sim, body if isinstance(body, list) else [body])
        except (ValueError, TypeError) as exc:  # AdditionError, bad JSON
            reason = str(exc) if isinstance(exc, AdditionError) else f"not a JSON item object: {exc}"
            return JSONResponse({"error": reason}, status_code=400)
        return JSONResponse({"added": [{"ratingKey": i.rk, "type": i.type, "section": i.section,
                                        "title": i.attrs.get("title")} for i in added]})

    return [
        Route("/_sim/items", items, methods=["POST"]),
        Route("/_sim/stats", stats, methods=["GET"]),
        Route("/_sim/reset", reset, methods=["POST"]),
        Route("/_sim/log", log, methods=["GET"]),
        Route("/_sim/faults", faults, methods=["GET", "POST"]),
    ]
