"""Apply: carry out a :class:`~kometa.engine.diff.Plan` with as few Plex requests as the API allows.

Requests per change (spec plex-api 2.5–2.10):

* switch from regular to smart: the smart collection is created before the regular one is deleted
  (a refused filter leaves the old collection in place);
* create: one ``POST /library/collections`` carrying the first 1000 items (smart: the filter URI),
  then at once the edit that gives it the managed label (so a failure later leaves it ours); more
  items in chunks of 1000 with ``PUT /library/collections/RK/items?uri=...``;
* remove: one multi-item tag edit per 1000 items
  (``PUT /library/sections/SID/all?type=T&id=1,2,...&collection[].tag.tag-=Title``) instead of one
  DELETE per item;
* summary/sort title and added labels: one edit; removed labels: one edit;
  mode and sort: one ``PUT .../prefs``; poster: one upload; visibility: one hub POST;
* moves: one request per item out of place (the fewest moves, see :func:`kometa.engine.diff.minimal_moves`);
  when the collection switches to custom order this run, one read of its stored custom order first.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kometa.defaults import posters
from kometa.engine import drawn_posters
from kometa.engine.diff import Plan, minimal_moves
from kometa.plex.snapshot import rating_keys, read_children
from kometa.plex.transport import CHUNK, Transport, items_uri, qs

__all__ = ["CHUNK", "CollectionWriter", "PlaylistWriter", "Transport", "qs"]

log = logging.getLogger("kometa")


class CollectionWriter:
    """Writes collections of one library section."""

    def __init__(self, transport: Transport, section_id: int, type_number: int, machine_id: str,
                 base_dir: Path | None = None) -> None:
        self.t = transport
        self.section_id = section_id
        self.type_number = type_number
        self.machine_id = machine_id
        self.base_dir = base_dir or Path.cwd()

    def apply(self, plan: Plan, rating_key: int | None, poster: tuple[str, str] | None = None, *,
              shared_title: bool = False, background: tuple[str, str] | None = None,
              media: dict[str, tuple[str, str]] | None = None) -> int | None:
        """Carry out ``plan``; returns the collection's rating key (new when created). With
        ``shared_title`` (another collection has the same title) members are removed one by one,
        since a tag edit names the collection only by title."""
        if plan.recreate and rating_key is not None and not (plan.create and plan.smart_uri):
            # smart -> regular: the old one goes first, so no tag of its title can be shared with the new one
            self.delete(rating_key)
            rating_key = None
            if not plan.create:
                return None
        if plan.create:
            replaced = rating_key if plan.recreate else None  # regular -> smart: deleted once the new one exists
            rating_key = self._create(plan)
            # the managed label first: whatever fails next, the collection is known to be ours
            self.edit(rating_key, plan.fields, plan.labels_add, plan.labels_remove)
            if replaced is not None:  # smart <-> regular: the old one goes once the new one exists
                self.delete(replaced)
        elif plan.smart_uri and rating_key is not None:
            self.t.send("PUT", f"/library/collections/{rating_key}/items", [("uri", plan.smart_uri)])
        if rating_key is None:
            return None
        for chunk in _chunks(plan.add[CHUNK:] if plan.create and not plan.smart_uri else plan.add):
            self.t.send("PUT", f"/library/collections/{rating_key}/items",
                        [("uri", items_uri(self.machine_id, chunk))])
        if shared_title:
            for item in plan.remove:
                self.t.send("DELETE", f"/library/collections/{rating_key}/items/{item}")
        for chunk in _chunks([] if shared_title else plan.remove):
            self.t.send("PUT", f"/library/sections/{self.section_id}/all",
                        [("type", self.type_number), ("id", ",".join(map(str, chunk))),
                         ("collection[].tag.tag-", quote(plan.title, safe=""))])
        if not plan.create:
            self.edit(rating_key, plan.fields, plan.labels_add, plan.labels_remove)
        if plan.prefs:
            self.t.send("PUT", f"/library/collections/{rating_key}/prefs", sorted(plan.prefs.items()))
        moves = plan.moves
        if plan.prefs.get("collectionSort") == 2 and plan.order is not None and not plan.create:
            # the members were read in the old sort's order; Plex arranges from its stored custom order,
            # which the new sort now shows: read it once and plan the moves from it
            actual = rating_keys(read_children(self.t.server, f"/library/collections/{rating_key}/children"))
            present = set(actual)
            target = [k for k in plan.order if k in present]
            moves = minimal_moves(actual, target + [k for k in actual if k not in set(target)])
        for item, after in moves:
            pairs = [("after", after)] if after is not None else []
            self.t.send("PUT", f"/library/collections/{rating_key}/items/{item}/move", pairs)
        if plan.poster and poster is not None:
            self.upload_poster(rating_key, poster)
        if plan.background and background is not None:
            self.upload_poster(rating_key, background, "arts")
        for kind in plan.uploads:
            if media and kind in media:
                self.upload_poster(rating_key, media[kind], kind)
        if plan.visibility is not None:
            library, home, shared = plan.visibility
            self.t.send("POST", f"/hubs/sections/{self.section_id}/manage",
                        [("metadataItemId", rating_key), ("promotedToRecommended", int(library)),
                         ("promotedToOwnHome", int(home)), ("promotedToSharedHome", int(shared))])
        return rating_key

    def _create(self, plan: Plan) -> int:
        """One POST carrying the smart filter or the first items (the rest: :meth:`apply`)."""
        uri = plan.smart_uri or items_uri(self.machine_id, plan.add[:CHUNK])
        smart = 1 if plan.smart_uri else 0
        data = self.t.send("POST", "/library/collections",
                           [("sectionId", self.section_id), ("smart", smart), ("title", plan.title),
                            ("type", self.type_number), ("uri", uri)])
        return int(data[0].attrib["ratingKey"])

    def edit(self, rating_key: int, fields: dict[str, str], add: Sequence[str], remove: Sequence[str]) -> None:
        base: list[tuple[str, Any]] = [("type", 18), ("id", rating_key)]
        pairs: list[tuple[str, Any]] = []
        for name, value in sorted(fields.items()):
            pairs += [(f"{name}.value", value), (f"{name}.locked", 1)]
        for index, label in enumerate(add):
            pairs.append((f"label[{index}].tag.tag", label))
        if add:
            pairs.append(("label.locked", 1))
        if pairs:
            self.t.send("PUT", f"/library/sections/{self.section_id}/all", base + pairs)
        if remove:
            names = ",".join(quote(label, safe="") for label in remove)
            self.t.send("PUT", f"/library/sections/{self.section_id}/all",
                        [*base, ("label[].tag.tag-", names)])

    def upload_poster(self, rating_key: int, image: tuple[str, str], where: str = "posters") -> None:
        """Upload a poster (``posters``), background (``arts``), theme (``themes``) or square art
        (``squareArts``) from a URL or a local file."""
        upload_image(self.t, self.base_dir, rating_key, image, where)

    def delete(self, rating_key: int) -> None:
        self.t.send("DELETE", f"/library/collections/{rating_key}")

    def tag_items(self, rating_keys: Sequence[int], kind: str, tag: str, remove: bool = False) -> None:
        """Add (or remove) one tag on many items: one request per 1000 items."""
        for chunk in _chunks(list(rating_keys)):
            pairs: list[tuple[str, Any]] = [("type", self.type_number), ("id", ",".join(map(str, chunk)))]
            if remove:
                pairs.append((f"{kind}[].tag.tag-", quote(tag, safe="")))
            else:
                pairs += [(f"{kind}[0].tag.tag", tag), (f"{kind}.locked", 1)]
            self.t.send("PUT", f"/library/sections/{self.section_id}/all", pairs)


def upload_image(t: Transport, base_dir: Path, rating_key: int, image: tuple[str, str], where: str = "posters") -> None:
    """One upload to ``/library/metadata/{rating_key}/{where}`` (a collection's, an item's or a
    playlist's, as python-plexapi sends it): by ``url=``, or a local file's bytes as the body."""
    kind, value = image
    if kind == "url":
        t.send("POST", f"/library/metadata/{rating_key}/{where}", [("url", value)])
    elif posters.is_reference(value):  # a poster our defaults draw
        t.send("POST", f"/library/metadata/{rating_key}/{where}", data=drawn_posters.png(value))
    else:
        path = Path(value) if Path(value).is_absolute() else base_dir / value
        t.send("POST", f"/library/metadata/{rating_key}/{where}", data=path.read_bytes())


def _chunks(keys: Sequence[int]) -> list[list[int]]:
    return [list(keys[i:i + CHUNK]) for i in range(0, len(keys), CHUNK)]


class PlaylistWriter:
    """Writes playlists (server-wide): items by ``uri``, removals and moves by playlistItemID."""

    def __init__(self, transport: Transport, machine_id: str) -> None:
        self.t = transport
        self.machine_id = machine_id

    def create(self, title: str, keys: Sequence[int], kind: str = "video") -> tuple[int, str]:
        """One POST with the first 1000 items (``kind``: video or audio); the caller records
        ownership, then :meth:`finish_create`."""
        data = self.t.send("POST", "/playlists", [("smart", 0), ("title", title), ("type", kind),
                                                  ("uri", items_uri(self.machine_id, list(keys[:CHUNK])))])
        elem = data[0]
        rating_key = int(elem.attrib["ratingKey"])
        return rating_key, elem.attrib.get("guid", f"playlist:{rating_key}")

    def finish_create(self, rating_key: int, keys: Sequence[int], summary: str | None) -> None:
        self.add(rating_key, keys[CHUNK:])
        if summary:
            self.edit(rating_key, {"summary": summary})

    def add(self, rating_key: int, keys: Sequence[int]) -> None:
        for chunk in _chunks(keys):
            self.t.send("PUT", f"/playlists/{rating_key}/items", [("uri", items_uri(self.machine_id, chunk))])

    def remove(self, rating_key: int, item_ids: Sequence[int]) -> None:
        for item_id in item_ids:
            self.t.send("DELETE", f"/playlists/{rating_key}/items/{item_id}")

    def move(self, rating_key: int, item_id: int, after: int | None) -> None:
        pairs = [("after", after)] if after is not None else []
        self.t.send("PUT", f"/playlists/{rating_key}/items/{item_id}/move", pairs)

    def edit(self, rating_key: int, fields: dict[str, str]) -> None:
        pairs: list[tuple[str, Any]] = []
        for name, value in sorted(fields.items()):
            pairs += [(f"{name}.value", value), (f"{name}.locked", 1)]
        self.t.send("PUT", f"/playlists/{rating_key}", pairs)

    def delete(self, rating_key: int) -> None:
        self.t.send("DELETE", f"/playlists/{rating_key}")
