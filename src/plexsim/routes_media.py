"""Image routes: poster/art lists, uploads (URL or raw body), selection, deletion, image bytes."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import images
from .http import PlexError, empty, endpoint, param, path_int, path_item, xml
from .xml import container, element

if TYPE_CHECKING:
    from .app import Sim
    from .model import Item

_JPEG = "image/jpeg"


def _kind(request: Request, plural: bool = True) -> str:
    name = request.path_params["kind"]
    kind = name if plural else images.SINGULAR.get(name, "")
    if kind not in images.KINDS:
        raise PlexError(404, f"no image kind {name!r}")
    return kind


def list_images(sim: Sim, request: Request) -> Response:
    item = path_item(sim, request)
    kind = _kind(request)
    tag = "Track" if kind == "themes" else "Photo"
    kids = [element(tag, [("key", e["key"]), ("ratingKey", e["ratingKey"]), ("selected", e["selected"]),
                          ("thumb", e["thumb"]), ("provider", e.get("provider"))])
            for e in images.images(item, kind)]
    return xml(container([("identifier", "com.plexapp.plugins.library"), ("mediaTagPrefix", "/system/bundle/media/flags/")], kids))


def upload(sim: Sim, request: Request) -> Response:
    item = path_item(sim, request)
    kind = _kind(request)
    url = param(request, "url")
    body: bytes = request.state.body
    if url:
        images.add_url(item, kind, url)
    elif body:
        sha1 = hashlib.sha1(body).hexdigest()
        sim.store.put_blob(sha1, body)
        images.add_upload(item, kind, sha1)
    else:
        raise PlexError(400, "upload needs url= or the file bytes as the body")
    _saved(sim, item)
    return empty()


def choose(sim: Sim, request: Request) -> Response:
    item = path_item(sim, request)
    kind = _kind(request, plural=False)
    url = param(request, "url")
    if not url:
        raise PlexError(400, "url= (the image ratingKey) is required")
    entry = next((e for e in images.images(item, kind) if e["ratingKey"] == url), None)
    if entry is None:
        raise PlexError(404, f"no {kind[:-1]} {url!r} for item {item.rk}")
    images.select(item, kind, entry)
    _saved(sim, item)
    return empty()


def remove(sim: Sim, request: Request) -> Response:
    item = path_item(sim, request)
    name = request.path_params["kind"]
    field_kinds = {v: k for k, v in images.KINDS.items()}
    if name not in field_kinds:
        raise PlexError(404, f"no image field {name!r}")
    kind = field_kinds[name]
    for e in images.images(item, kind):
        e["selected"] = 0
    item.attrs.pop(name, None)
    _saved(sim, item)
    return empty()


def _saved(sim: Sim, item: Item) -> None:
    sim.store.save(item)


def _bytes_for(sim: Sim, item: Item, entry: dict[str, Any] | None, kind: str) -> bytes:
    if entry is not None and entry["ratingKey"].startswith("upload://"):
        blob = sim.store.get_blob(entry["ratingKey"].rsplit("/", 1)[-1])
        if blob is not None:
            return blob
    seed = f"{item.rk}:{entry['ratingKey'] if entry else kind}"
    # an episode's thumb is a 16:9 frame in Plex, as art is; other posters 2:3
    size = (400, 225) if kind == "arts" else (320, 180) if item.type == "episode" else (200, 300)
    return images.generated(seed, str(item.attrs.get("title", "")), *size)


def image_bytes(sim: Sim, request: Request) -> Response:
    item = path_item(sim, request)
    field = request.path_params.get("field", "thumb")
    kind = {"thumb": "posters", "art": "arts", "composite": "posters", "clearLogo": "clearLogos",
            "squareArt": "squareArts", "theme": "themes"}.get(field)
    if kind is None:
        raise PlexError(404, f"no image {field!r}")
    return Response(_bytes_for(sim, item, images.selected(item, kind), kind), media_type=_JPEG)


def file_bytes(sim: Sim, request: Request) -> Response:
    item = path_item(sim, request)
    url = param(request, "url")
    if not url:
        raise PlexError(400, "url= is required")
    url = unquote(url) if "%" in url else url
    for kind in images.KINDS:
        entry = next((e for e in images.images(item, kind) if e["ratingKey"] == url), None)
        if entry is not None:
            return Response(_bytes_for(sim, item, entry, kind), media_type=_JPEG)
    raise PlexError(404, f"no image {url!r}")


def section_composite(sim: Sim, request: Request) -> Response:
    sid = path_int(request, "sid")
    if sid not in sim.store.sections:
        raise PlexError(404, f"no library section {sid}")
    return Response(images.generated(f"section-{sid}", sim.store.sections[sid].title), media_type=_JPEG)


def resource(sim: Sim, request: Request) -> Response:
    return Response(images.generated("resource", request.path_params["name"]), media_type=_JPEG)


def routes(sim: Sim) -> list[Route]:
    def r(path: str, fn: Any, methods: list[str]) -> Route:
        return Route(path, endpoint(sim, fn), methods=methods)
    return [
        r("/library/metadata/{rk}/file", file_bytes, ["GET"]),
        r("/library/metadata/{rk}/{field}/{stamp}", image_bytes, ["GET"]),
        r("/library/collections/{rk}/{field}/{stamp}", image_bytes, ["GET"]),
        r("/playlists/{rk}/{field}/{stamp}", image_bytes, ["GET"]),
        r("/library/sections/{sid}/composite/{stamp}", section_composite, ["GET"]),
        r("/:/resources/{name}", resource, ["GET"]),
        r("/library/metadata/{rk}/{kind}", list_images, ["GET"]),
        r("/library/metadata/{rk}/{kind}", upload, ["POST"]),
        r("/library/metadata/{rk}/{kind}", choose, ["PUT"]),
        r("/library/metadata/{rk}/{kind}", remove, ["DELETE"]),
    ]
