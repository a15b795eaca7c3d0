"""The ``mdblist_list`` builder: MDBList list URLs (``https://mdblist.com/lists/USER/LIST``), one or
a list, each a URL or a mapping ``url``, ``limit`` (0 = all), ``sort_by`` (``rank``, ``score``,
``released``, ``title``, ``imdbrating``, ``imdbvotes`` with ``.asc``/``.desc``). Items carry TMDb,
IMDb and TVDb ids and are matched to the library from the listing's guids; the rest are missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from kometa.clients.mdblist import MdblistClient
from kometa.clients.policy import AuthError, NotFound
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher
from kometa.sources.tmdb import TmdbBuilt

SORTS = ("rank", "score", "released", "title", "imdbrating", "imdbvotes")
_URL = re.compile(r"mdblist\.com/lists/([^/?#\s]+)/([^/?#\s]+)")


def parse_lists(key: str, value: Any) -> list[tuple[str, int, tuple[str, str] | None]]:
    out = []
    for entry in value if isinstance(value, list) else [value]:
        spec: Mapping[str, Any] = entry if isinstance(entry, Mapping) else {"url": entry}
        for attr in spec:
            if attr not in ("url", "limit", "sort_by"):
                raise ConditionError(f"{key}: unknown attribute '{attr}' (url, limit, sort_by)")
        text = str(spec.get("url") or "").strip()
        match = _URL.search(text)
        if not match:
            raise ConditionError(f"{key}: '{text}' is not an MDBList list URL (https://mdblist.com/lists/USER/LIST)")
        raw_limit = spec.get("limit", 0)
        if isinstance(raw_limit, bool) or not str(raw_limit).strip().isdigit():
            raise ConditionError(f"{key}: limit must be a whole number (0 = all), got {raw_limit!r}")
        sort = None
        if spec.get("sort_by") is not None:
            name, _, order = str(spec["sort_by"]).strip().lower().partition(".")
            if name not in SORTS or order not in ("asc", "desc"):
                raise ConditionError(f"{key}: sort_by must be one of {', '.join(f'{s}.asc/.desc' for s in SORTS)}, "
                                     f"got {spec['sort_by']!r}")
            sort = (name, order)
        out.append((f"/lists/{match.group(1)}/{match.group(2)}", int(str(raw_limit)), sort))
    if not out:
        raise ConditionError(f"{key} has no value")
    return out


class MdblistSource:
    def __init__(self, client: Callable[[], MdblistClient], snapshot: Snapshot,
                 refused: Callable[[AuthError], Exception] | None = None) -> None:
        self._client = client
        self._refused = refused
        self.snapshot = snapshot
        self.matcher = Matcher(snapshot)

    def build(self, key: str, value: Any) -> TmdbBuilt:
        if self.snapshot.item_type not in ("movie", "show"):
            raise ConditionError(f"{key} works in movie and show libraries only")
        media = "movie" if self.snapshot.item_type == "movie" else "show"
        specs = parse_lists(key, value)
        client = self._client()
        rows: list[dict[str, Any]] = []
        try:
            for path, limit, sort in specs:
                try:
                    rows += client.list_items(path, media, limit, sort)
                except NotFound:
                    raise ConditionError(f"{key}: MDBList has no list {path.removeprefix('/lists/')}") from None
        except AuthError as exc:
            if self._refused is None:
                raise
            raise self._refused(exc) from None
        out = TmdbBuilt()
        seen: set[Any] = set()
        for row in rows:
            ident = (row.get("id"), row.get("imdb_id"))
            if ident in seen:
                continue
            seen.add(ident)
            year = f" ({row['release_year']})" if row.get("release_year") else ""
            ids = {"tmdb": row.get("id"), "imdb": row.get("imdb_id"), "tvdb": row.get("tvdb_id")}
            self.matcher.place(out, ids.items(), f"{row.get('title') or '?'}{year} [mdblist]", row.get("title"),
                               row.get("release_year"), **ids)
        return out
