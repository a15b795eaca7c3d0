"""Request/response helpers shared by the route modules: errors, query pairs, paging, XML bodies."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from .filters import QueryError
from .xml import CONTENT_TYPE

if TYPE_CHECKING:
    from .app import Sim
    from .model import Item

_REASONS = {400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 500: "Internal Server Error",
            503: "Service Unavailable"}


class PlexError(Exception):
    """Answer ``status`` with a short HTML body, as Plex does for errors."""

    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str = "") -> Response:
    reason = _REASONS.get(status, "Error")
    body = f"<html><head><title>{reason}</title></head><body><h1>{status} {reason}</h1>"
    if message:
        body += f"<p>{_html(message)}</p>"
    return Response(body + "</body></html>", status_code=status, media_type="text/html;charset=utf-8")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml(body: bytes) -> Response:
    return Response(body, media_type=CONTENT_TYPE)


def empty() -> Response:
    return Response(b"", media_type=CONTENT_TYPE)


def pairs(request: Request) -> list[tuple[str, str]]:
    """The query string as ordered (key, value) pairs, decoded once."""
    return parse_qsl(request.url.query, keep_blank_values=True)


def param(request: Request, name: str) -> str | None:
    return request.query_params.get(name)


def int_param(request: Request, name: str, default: int | None = None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise PlexError(400, f"parameter {name}={raw!r} is not an integer") from None


def path_int(request: Request, name: str) -> int:
    raw = request.path_params[name]
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise PlexError(400, f"{name} {raw!r} is not an integer") from None


def path_item(sim: Sim, request: Request) -> Item:
    """The item named by the ``rk`` path parameter; 404 as Plex answers when it does not exist."""
    rk = path_int(request, "rk")
    item = sim.store.get(rk)
    if item is None:
        raise PlexError(404, f"no item {rk}")
    return item


def paging(request: Request) -> tuple[int, int | None]:
    """(start, size) from query params, else X-Plex-Container-* headers. size None = all."""
    out: list[int | None] = []
    for name in ("X-Plex-Container-Start", "X-Plex-Container-Size"):
        raw = request.query_params.get(name)
        if raw is None:
            raw = request.headers.get(name)
        if raw is None or raw == "":
            out.append(None)
            continue
        try:
            value = int(raw)
        except ValueError:
            raise PlexError(400, f"{name}={raw!r} is not an integer") from None
        if value < 0:
            raise PlexError(400, f"{name}={raw!r} must not be negative")
        out.append(value)
    return out[0] or 0, out[1]


def page(items: list[Any], request: Request) -> tuple[list[Any], dict[str, int]]:
    start, size = paging(request)
    chunk = items[start:] if size is None else items[start:start + size]
    return chunk, {"totalSize": len(items), "offset": start}


Handler = Callable[["Sim", Request], Response]


def endpoint(sim: Sim, fn: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a synchronous handler: run it under the store lock, map errors to Plex statuses."""

    @functools.wraps(fn)
    async def run(request: Request) -> Response:
        if request.method in ("PUT", "POST"):
            request.state.body = await request.body()
        try:
            with sim.store.lock:
                return fn(sim, request)
        except PlexError as exc:
            return error_response(exc.status, exc.message)
        except QueryError as exc:
            return error_response(400, str(exc))

    return run
