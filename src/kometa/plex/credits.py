"""The credits a library listing leaves out: writers and producers.

Plex's section listing carries each movie's directors and first actors, but writers and producers
only on the item's own page. The ``writer`` and ``producer`` dynamic collection sets (and the
defaults built on them) need them for every item, so :func:`read_credits` asks for the items'
pages many at a time (``GET /library/metadata/RK1,RK2,...``: Plex answers with every item, in
order), :data:`BATCH` per request: a 10,000-movie library costs 50 reads, once per run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kometa.plex.failures import retry_read
from kometa.plex.snapshot import TAG_ELEMENTS, Reader

BATCH = 200
#: the credits only an item's own page carries (our attribute names)
DETAIL_CREDITS = ("writer", "producer", "actor")  # the listing's actors are only the first few


def read_credits(reader: Reader, rating_keys: Iterable[int], batch: int = BATCH) -> dict[int, dict[str, tuple[str, ...]]]:
    """rating key -> {``writer``: names, ``producer``: names, ``actor``: names} (in Plex's order) for each item."""
    keys = list(rating_keys)
    found: dict[int, dict[str, tuple[str, ...]]] = {}
    for start in range(0, len(keys), batch):
        chunk = ",".join(str(k) for k in keys[start:start + batch])
        path = f"/library/metadata/{chunk}"
        data = retry_read(lambda p=path: reader.query(p), f"reading {path[:60]}")  # type: ignore[misc]
        for elem in data if data is not None else ():
            rating_key = elem.attrib.get("ratingKey")
            if rating_key is None or not rating_key.isdigit():
                continue
            names: dict[str, list[str]] = {kind: [] for kind in DETAIL_CREDITS}
            for child in elem:
                kind = TAG_ELEMENTS.get(child.tag)
                if kind in names and child.attrib.get("tag"):
                    names[kind].append(child.attrib["tag"])
            found[int(rating_key)] = {kind: tuple(v) for kind, v in names.items()}
    return found


def credits_reader(reader: Reader) -> Callable[[list[int]], dict[int, dict[str, tuple[str, ...]]]]:
    """:func:`read_credits` of ``reader``'s items, for the ``actor``/``writer``/``producer`` filters."""
    return lambda keys: read_credits(reader, keys)
