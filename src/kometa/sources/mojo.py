"""The Box Office Mojo builders (movie libraries): ``mojo_world``, ``mojo_domestic``,
``mojo_international``, ``mojo_all_time``, ``mojo_never`` and ``mojo_record`` — the movies of a
Box Office Mojo chart in its order (values: :mod:`kometa.sources.mojo_values`).

Each chart row links the movie's page: a ``/title/tt…/`` link names its IMDb id, a release (group)
link is read once for it (cached). Movies are matched to the library by IMDb id from the listing's
guids; the rest are missing. A row whose page names no IMDb id is skipped with a warning, as Kometa does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from kometa.clients.mojo import MojoClient
from kometa.clients.policy import NotFound
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher
from kometa.sources.mojo_values import parse_charts
from kometa.sources.tmdb import TmdbBuilt

log = logging.getLogger("kometa")


class MojoSource:
    def __init__(self, client: Callable[[], MojoClient], snapshot: Snapshot, moment: Callable[[], datetime]) -> None:
        self._client = client
        self.snapshot = snapshot
        self.moment = moment
        self.matcher = Matcher(snapshot)

    def _today(self) -> date:
        return self.moment().date()

    def build(self, key: str, value: Any) -> TmdbBuilt:
        if self.snapshot.item_type != "movie":
            raise ConditionError(f"{key} works in movie libraries only (Box Office Mojo charts hold movies)")
        client = self._client()
        charts = parse_charts(key, value, self._today(), client.areas)
        links: list[str] = []
        for chart in charts:
            try:
                found = client.chart(chart.path, chart.params, chart.limit)
            except NotFound:
                raise ConditionError(f"{key}: Box Office Mojo has no chart {chart.path}") from None
            if not found:
                raise ConditionError(f"{key}: the Box Office Mojo chart {chart.path} lists no movies")
            links += [link for link in found if link not in links]
        ids = client.service.map(lambda link: _imdb(client, link), links)
        out = TmdbBuilt()
        seen: set[str] = set()
        for link, imdb in zip(links, ids, strict=True):
            if imdb is None:
                log.warning("%s: Box Office Mojo's page %s names no IMDb id; skipped", key, link)
                continue
            if imdb in seen:
                continue
            seen.add(imdb)
            self.matcher.place(out, (("imdb", imdb),), f"{imdb} [box office mojo {link}]", None, None, imdb=imdb)
        return out


def _imdb(client: MojoClient, link: str) -> str | None:
    try:
        return client.imdb(link)
    except NotFound:
        return None
