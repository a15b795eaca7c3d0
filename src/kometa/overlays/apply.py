"""Carry out a :class:`~kometa.overlays.decide.Decision` against Plex (spec 7.5 steps 4–6).

Streams the items to render in windows: download the originals (bounded threads), refuse any
that carry the overlay marker, back each up, render the window in a process pool over all cores,
upload (bounded threads). Then one labelling request per 1000 items, and one re-read of the
listing so the state remembers each new ``thumb`` — which is how the next run knows, from the
listing alone, that a poster is still our upload. Memory holds one window of posters, not the
library. A per-item failure is reported and the rest go on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from typing import Any

from kometa.overlays.decide import Decision, Work
from kometa.overlays.render import Output, RenderJob, has_marker, render_safe
from kometa.overlays.state import Entry, OverlayState, fingerprint, signature
from kometa.plex.snapshot import list_all
from kometa.plex.transport import CHUNK, Transport

log = logging.getLogger("kometa")

LABEL = "Overlay"
UPLOADS = 4  # concurrent uploads/downloads
KEEP = Output()  # no overlay_artwork_* settings: each poster keeps its original's format and quality
FEW_THUMBS = 500  # up to this many uploaded items: their new poster addresses are asked by id


@dataclass
class Counts:
    rendered: int = 0
    uploaded: int = 0
    restored: int = 0
    unchanged: int = 0
    refreshed: dict[int, str | None] = field(default_factory=dict)  # still our upload at a new address
    errors: list[str] = field(default_factory=list)


class PlexPosters:
    """The few poster requests overlays make, over a plexapi server's session."""

    def __init__(self, server: Any, section_id: int, type_number: int) -> None:
        self.t = Transport(server)
        self.server = server
        self.section_id = section_id
        self.type_number = type_number

    def download(self, rating_key: int, thumb: str | None) -> bytes:
        return self.fetch(thumb or f"/library/metadata/{rating_key}/thumb")

    def fetch(self, url: str) -> bytes:
        """An image: a Plex path (with the token), a ``file://`` URI (an asset poster) or an absolute
        URL (TMDb's: without the token)."""
        if url.startswith("file://"):
            from urllib.parse import unquote, urlparse

            with open(unquote(urlparse(url).path), "rb") as handle:
                return handle.read()
        if url.startswith("/"):
            response = self.server._session.get(self.server.url(url, includeToken=True), timeout=60)
        else:
            import requests

            response = requests.get(url, timeout=60)
        response.raise_for_status()
        return bytes(response.content)

    def posters(self, rating_key: int) -> list[dict[str, str]]:
        """The posters Plex offers for an item (``/library/metadata/RK/posters``), in Plex's order."""
        data = self.t.send("GET", f"/library/metadata/{rating_key}/posters")
        return [dict(e.attrib) for e in data] if data is not None else []

    def upload(self, rating_key: int, data: bytes) -> None:
        self.t.send("POST", f"/library/metadata/{rating_key}/posters", data=data)

    def label(self, keys: Sequence[int], remove: bool = False) -> None:
        for start in range(0, len(keys), CHUNK):
            chunk = list(keys[start:start + CHUNK])
            pairs: list[tuple[str, Any]] = [("type", self.type_number), ("id", ",".join(map(str, chunk)))]
            pairs += [("label[].tag.tag-", LABEL)] if remove else [("label[0].tag.tag", LABEL), ("label.locked", 1)]
            self.t.send("PUT", f"/library/sections/{self.section_id}/all", pairs)

    def thumbs(self, keys: Sequence[int] | None = None) -> dict[int, str | None]:
        """Each item's poster address from the section's listing: every item, or only ``keys``
        (asked by id, ``CHUNK`` at a time, when they are few: an event's run uploads one or two)."""
        found: dict[int, str | None] = {}
        listing = f"/library/sections/{self.section_id}/all"
        if keys is not None and len(keys) <= FEW_THUMBS:
            queries = [{"type": self.type_number, "id": ",".join(map(str, keys[start:start + CHUNK]))}
                       for start in range(0, len(keys), CHUNK)]
        else:
            queries = [{"type": self.type_number}]
        for params in queries:
            for elem in list_all(self.server, listing, params):
                if "ratingKey" in elem.attrib:
                    found[int(elem.attrib["ratingKey"])] = elem.attrib.get("thumb")
        return found


def _windows(work: Sequence[Work], size: int) -> Iterator[Sequence[Work]]:
    for start in range(0, len(work), size):
        yield work[start:start + size]


def _pool(count: int) -> tuple[Executor, int]:
    workers = max(1, os.cpu_count() or 1)
    if count < 4 or workers == 1:
        return ThreadPoolExecutor(1), 1
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork on POSIX: workers inherit the loaded modules (spawn would re-import the caller's __main__)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)), workers


def _original(posters: PlexPosters, state: OverlayState, library: str, work: Work,
              thumbs: dict[int, str | None]) -> bytes:
    if work.base is not None:
        return posters.fetch(work.base.url)
    if not work.download and work.entry is not None:
        data = state.original(library, work.entry)
        if data is not None:
            return data
    return posters.download(work.rating_key, thumbs.get(work.rating_key))


@dataclass
class _Window:
    """One window of items: the originals fetched, backed up and ready to render."""

    jobs: list[RenderJob] = field(default_factory=list)
    meta: dict[int, tuple[Work, str, str]] = field(default_factory=dict)  # key -> (work, sha1, backup name)


class _Runner:
    def __init__(self, posters: PlexPosters, state: OverlayState, library: str, canvas: tuple[int, int],
                 thumbs: dict[int, str | None], where: str, counts: Counts, output: Output) -> None:
        self.posters, self.state, self.library, self.canvas = posters, state, library, canvas
        self.thumbs, self.where, self.counts, self.output = thumbs, where, counts, output

    def fetch(self, work: Work) -> tuple[Work, bytes | None, str | None]:
        try:
            return work, _original(self.posters, self.state, self.library, work, self.thumbs), None
        except Exception as exc:  # a failed download: this item only
            return work, None, f"{self.where} | '{work.title}': the poster could not be downloaded ({exc})"

    def prepare(self, io: Executor, works: Sequence[Work]) -> _Window:
        window = _Window()
        for work, data, error in io.map(self.fetch, works):
            if data is None:
                self.counts.errors.append(error or "")
                continue
            if work.download and work.base is None and work.entry is not None \
                    and work.entry.uploaded == fingerprint(data):
                # Plex moved the poster's address (a metadata edit) but it is still our upload
                if signature(work.entry.original, self.canvas, work.layers) == work.entry.signature:
                    self.counts.refreshed[work.rating_key] = self.thumbs.get(work.rating_key)
                    continue
                backup = self.state.original(self.library, work.entry)
                if backup is None:
                    self.counts.errors.append(f"{self.where} | '{work.title}': its original poster backup is "
                                              f"missing; left as it is")
                    continue
                data, work = backup, replace(work, download=False)
            if work.download and has_marker(data):
                self.counts.errors.append(
                    f"{self.where} | '{work.title}' (ratingKey {work.rating_key}): its "
                    f"{_base_name(work)} already "
                    f"carries an overlay mark, so it cannot be used as the original; choose its poster again in "
                    f"Plex (or restore it from a backup), then run again")
                continue
            name = self.state.backup(self.library, work.rating_key, data) \
                if work.download or work.entry is None else work.entry.file
            window.meta[work.rating_key] = (work, fingerprint(data), name)
            window.jobs.append(RenderJob(work.rating_key, data, self.canvas, work.layers, self.output))
        return window

    def send(self, window: _Window, result: tuple[int, bytes | None, str | None]) -> tuple[int, str | None, str]:
        key, data, error = result
        work = window.meta[key][0]
        if data is None:
            return key, f"{self.where} | '{work.title}': {error}", ""
        try:
            self.posters.upload(key, data)
        except Exception as exc:
            return key, f"{self.where} | '{work.title}': upload failed ({exc})", ""
        return key, None, fingerprint(data)


def _base_name(work: Work) -> str:
    if work.base is None:
        return "poster in Plex"
    if work.base.source.startswith("asset:"):
        from urllib.parse import unquote, urlparse

        return f"asset poster {unquote(urlparse(work.base.url).path)}"
    return "reset_overlays base"


def run(decision: Decision, posters: PlexPosters, state: OverlayState, library: str, canvas: tuple[int, int],
        thumbs: dict[int, str | None], labelled: set[int], say: Callable[[str], None],
        where: str, level: str = "", output: Output = KEEP) -> Counts:
    """Render, upload and restore as decided; ``thumbs``: the listing's thumb per item, ``labelled``:
    items that already carry the ``Overlay`` label; ``level``: "" the library's own items, or
    season / episode (``posters`` then lists and labels that level); ``output``: the
    overlay_artwork_* settings."""
    counts = Counts(unchanged=len(decision.unchanged))
    runner = _Runner(posters, state, library, canvas, thumbs, where, counts, output)
    uploaded: dict[int, Entry] = {}
    pool, workers = _pool(len(decision.render))
    with pool, ThreadPoolExecutor(UPLOADS) as io:
        # the next window is fetched while the pool renders this one; uploads run as renders finish
        uploads: list[tuple[_Window, Future[tuple[int, str | None, str]]]] = []
        previous: tuple[_Window, list[Future[tuple[int, bytes | None, str | None]]]] | None = None
        for works in [*_windows(decision.render, max(8, workers * 4)), []]:
            window = runner.prepare(io, works) if works else None
            renders = [pool.submit(render_safe, job) for job in window.jobs] if window else []
            if previous is not None:
                done_window, done_renders = previous
                for future in as_completed(done_renders):
                    result = future.result()
                    counts.rendered += result[1] is not None
                    uploads.append((done_window, io.submit(runner.send, done_window, result)))
                waiting = []
                for pair in uploads:  # record finished uploads now: only unfinished ones stay in memory
                    if pair[1].done():
                        _record(*pair, counts, uploaded, say, where, canvas, level)
                    else:
                        waiting.append(pair)
                uploads = waiting
            previous = (window, renders) if window is not None else None
        for w, f in uploads:
            _record(w, f, counts, uploaded, say, where, canvas, level)
    counts.uploaded = len(uploaded)
    _restore(decision, posters, state, library, thumbs, say, where, counts)
    _restore_bases(decision, posters, say, where, counts)
    new_labels = [key for key in uploaded if key not in labelled]
    if new_labels:
        posters.label(new_labels)
    for key, thumb in counts.refreshed.items():
        entry = state.get(library, key)
        if entry is not None:
            entry.thumb = thumb
            state.put(library, key, entry)
    if uploaded:
        now = posters.thumbs(sorted(uploaded))
        for key, entry in uploaded.items():
            entry.thumb = now.get(key)
            state.put(library, key, entry)
    state.save()
    return counts


def _record(window: _Window, future: Future[tuple[int, str | None, str]], counts: Counts, uploaded: dict[int, Entry],
            say: Callable[[str], None], where: str, canvas: tuple[int, int], level: str) -> None:
    """An upload finished: remember it (or its error)."""
    key, error, sent = future.result()
    if error is not None:
        counts.errors.append(error)
        return
    work, original, name = window.meta[key]
    say(f"{where} | poster of '{work.title}': overlays {', '.join(layer.spec.name for layer in work.layers)} "
        f"({work.reason})")
    uploaded[key] = Entry(None, signature(original, canvas, work.layers), original, name, sent, level, work.source)


def _restore(decision: Decision, posters: PlexPosters, state: OverlayState, library: str,
             thumbs: dict[int, str | None], say: Callable[[str], None], where: str, counts: Counts) -> None:
    restored: list[int] = []
    for key, title, entry in decision.restore:
        if key not in thumbs:  # gone from Plex
            state.drop(library, key)
            continue
        data = state.original(library, entry)
        if data is None:
            counts.errors.append(f"{where} | '{title}': its original poster backup is missing; left as it is")
            continue
        try:
            posters.upload(key, data)
        except Exception as exc:
            counts.errors.append(f"{where} | '{title}': restoring the original failed ({exc})")
            continue
        say(f"{where} | poster of '{title}': original restored (no overlay applies)")
        state.drop(library, key)
        restored.append(key)
    counts.restored = len(restored)
    if restored:
        posters.label(restored, remove=True)


def _restore_bases(decision: Decision, posters: PlexPosters, say: Callable[[str], None], where: str,
                   counts: Counts) -> None:
    """reset_overlays on items another tool overlaid that get no overlay now: their base goes back
    (as Kometa restores them from its reset source) and the ``Overlay`` label comes off."""
    restored: list[int] = []
    for key, title, base in decision.reset:
        try:
            data = posters.fetch(base.url)
            if has_marker(data):
                counts.errors.append(f"{where} | '{title}': its reset_overlays base carries an overlay mark; left "
                                     f"as it is")
                continue
            posters.upload(key, data)
        except Exception as exc:
            counts.errors.append(f"{where} | '{title}': restoring its reset_overlays base failed ({exc})")
            continue
        say(f"{where} | poster of '{title}': reset to its {base.source.split(':', 1)[0]} poster (no overlay "
            f"applies)")
        restored.append(key)
    counts.restored += len(restored)
    if restored:
        posters.label(restored, remove=True)
