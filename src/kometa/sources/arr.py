"""``radarr_all`` / ``sonarr_all`` (``true``: every title the app manages) and ``radarr_taglist`` /
``sonarr_taglist`` (tag names, one or a list or comma-separated: titles with any of them; empty:
titles with no tag). Titles are matched to the library by TMDb id (Radarr) or TVDb/TMDb/IMDb id
(Sonarr) from the listing's guids; managed titles the library lacks are missing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kometa.clients.arr import ArrClient
from kometa.clients.policy import AuthError
from kometa.plex.snapshot import Snapshot
from kometa.sources.conditions import ConditionError
from kometa.sources.matching import Matcher
from kometa.sources.tmdb import TmdbBuilt


def _tags(key: str, value: Any) -> list[str]:
    if value is None:
        return []
    raw = value if isinstance(value, list) else str(value).split(",")
    return [str(v).strip().lower() for v in raw if str(v).strip()]


class ArrSource:
    def __init__(self, app: str, client: Callable[[], ArrClient], snapshot: Snapshot,
                 refused: Callable[[AuthError], Exception] | None = None) -> None:
        self.app = app
        self._client = client
        self._refused = refused
        self.snapshot = snapshot

    def build(self, key: str, value: Any) -> TmdbBuilt:
        want = "movie" if self.app == "radarr" else "show"
        if self.snapshot.item_type != want:
            raise ConditionError(f"{key} works in {want} libraries only")
        if key.endswith("_all") and value is not True:
            raise ConditionError(f"{key} must be true")
        tags = _tags(key, value) if key.endswith("_taglist") else []
        client = self._client()
        try:
            titles = client.titles()
            known = client.tags() if key.endswith("_taglist") else {}
        except AuthError as exc:
            if self._refused is None:
                raise
            raise self._refused(exc) from None
        unknown = [t for t in tags if t not in known]
        if unknown:
            raise ConditionError(f"{key}: {self.app.title()} has no tag '{unknown[0]}' (tags: {', '.join(sorted(known))})")
        allowed = {known[t] for t in tags}
        matcher = Matcher(self.snapshot)
        out = TmdbBuilt()
        for title in titles:
            if key.endswith("_taglist") and (allowed.isdisjoint(title.get("tags") or []) if tags else title.get("tags")):
                continue
            keys = matcher.keys((("tvdb", title.get("tvdbId")), ("tmdb", title.get("tmdbId")),
                                 ("imdb", title.get("imdbId"))))
            if keys:
                out.keys.extend(k for k in keys if k not in out.keys)
            else:  # managed by the app already: missing from the library, never sent to it
                out.missing.append(f"{title.get('title')} ({title.get('year')}) [{self.app}]")
        return out


class ArrSources:
    """Radarr's and Sonarr's builders for one library (``radarr_*`` to Radarr, ``sonarr_*`` to Sonarr)."""

    def __init__(self, radarr: ArrSource, sonarr: ArrSource) -> None:
        self.radarr, self.sonarr = radarr, sonarr

    def build(self, key: str, value: Any) -> TmdbBuilt:
        return (self.radarr if key.startswith("radarr_") else self.sonarr).build(key, value)
