"""The Radarr/Sonarr client: their API v3 reads (all titles, tags) on the shared policy, at the
section's url with the ``X-Api-Key`` header. The lists change as the user adds titles, so they are
kept for an hour only; the last answer stands in, with a warning, when the app is down."""

from __future__ import annotations

from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import NotFound, Policy, Rejected, Service, ServiceError


class ArrClient:
    def __init__(self, app: str, url: str, token: str, cache: Cache | None, *, policy: Policy | None = None) -> None:
        self.app = app
        self.where = ""  # where its section is (for messages)
        self.service = Service(policy or Policy(app.title(), rate=None, concurrency=2, attempts=3,
                                                   list_expiration_hours=1.0), url, cache=cache)
        self.service.session.headers["X-Api-Key"] = token

    def titles(self, fresh: bool = False) -> list[dict[str, Any]]:
        """Every title the app manages; ``fresh``: asked now (before editing them), never from the cache."""
        return list(self.service.get("/api/v3/movie" if self.app == "radarr" else "/api/v3/series",
                                     cache=not fresh, revalidate=True))

    def edit(self, ids: list[int], fields: dict[str, Any]) -> None:
        """The editor (``PUT /api/v3/movie|series/editor``): ``fields`` (tags + applyTags,
        qualityProfileId, monitored) for the titles with these app ids."""
        kind = "movie" if self.app == "radarr" else "series"
        answer = self.service.send(f"/api/v3/{kind}/editor", {f"{kind}Ids": ids, **fields}, method="PUT",
                                   accept=(400, 404))
        if isinstance(answer, Rejected):
            raise ServiceError(self.app.title(), f"the editor refused the change ({str(answer.body)[:120]})")

    def tags(self, fresh: bool = False) -> dict[str, int]:
        """Tag label (lower case) -> id; ``fresh``: asked now, never from the cache."""
        return {str(t["label"]).lower(): int(t["id"])
                for t in self.service.get("/api/v3/tag", cache=not fresh, revalidate=True)}

    # -- adding (what add_missing sends; see engine/arr_add.py)

    def quality_profiles(self) -> dict[str, int]:
        """Profile name -> id (names as Radarr/Sonarr spell them)."""
        return {str(p["name"]): int(p["id"]) for p in self.service.get("/api/v3/qualityprofile", revalidate=True)}

    def root_folders(self) -> list[str]:
        return [str(f["path"]) for f in self.service.get("/api/v3/rootfolder", revalidate=True)]

    def language_profiles(self) -> dict[str, int]:
        """Sonarr v3's language profiles (name -> id); empty when the app has none (Sonarr v4)."""
        try:
            return {str(p["name"]): int(p["id"]) for p in self.service.get("/api/v3/languageprofile", revalidate=True)}
        except NotFound:
            return {}

    def create_tag(self, label: str) -> int:
        answer = self.service.send("/api/v3/tag", {"label": label})
        if isinstance(answer, Rejected):
            raise ServiceError(self.app.title(), f"the tag '{label}' could not be created ({answer.body})")
        return int(answer["id"])

    def lookup(self, term: str) -> dict[str, Any] | None:
        """The app's record of ``tmdb:N`` / ``imdb:tt…`` (Radarr) or ``tvdb:N`` (Sonarr), or None."""
        kind = "movie" if self.app == "radarr" else "series"
        found = self.service.get(f"/api/v3/{kind}/lookup", {"term": term})
        return dict(found[0]) if isinstance(found, list) and found else None

    def add(self, body: dict[str, Any]) -> tuple[str, str]:
        """("added", "") or ("exists", "") or ("refused", why) for one title."""
        kind = "movie" if self.app == "radarr" else "series"
        answer = self.service.send(f"/api/v3/{kind}", body)
        if not isinstance(answer, Rejected):
            return "added", ""
        errors = answer.body if isinstance(answer.body, list) else [answer.body]
        codes = {str(e.get("errorCode")) for e in errors if isinstance(e, dict)}
        if codes & {"MovieExistsValidator", "SeriesExistsValidator"}:
            return "exists", ""
        messages = [str(e.get("errorMessage")) for e in errors if isinstance(e, dict) and e.get("errorMessage")]
        return "refused", "; ".join(messages) or str(answer.body)[:120]

    # -- library operations (radarr_add_all_existing, radarr_remove_by_tag; see operations/arr_ops.py)

    def import_existing(self, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Titles already on disk, each body with its own ``path`` (``POST /api/v3/movie/import`` or
        ``/series/import``, many per request); the records the app stored (one already there is left out)."""
        kind = "movie" if self.app == "radarr" else "series"
        answer = self.service.send(f"/api/v3/{kind}/import", bodies)
        if isinstance(answer, Rejected):
            raise ServiceError(self.app.title(), f"the import was refused ({str(answer.body)[:160]})")
        return [dict(r) for r in answer if isinstance(r, dict)] if isinstance(answer, list) else []

    def delete_titles(self, ids: list[int]) -> None:
        """The titles (the app's ids) removed from the app, their files kept (``DELETE /api/v3/movie/editor``
        or ``/series/editor``, one request); the app answers 200 with an empty body."""
        key = "movieIds" if self.app == "radarr" else "seriesIds"
        kind = "movie" if self.app == "radarr" else "series"
        answer = self.service.send(f"/api/v3/{kind}/editor", {key: ids, "deleteFiles": False,
                                                              "addImportExclusion": False},
                                   method="DELETE", accept=(200, 400))
        if isinstance(answer, Rejected) and answer.status != 200:
            raise ServiceError(self.app.title(), f"the removal was refused ({str(answer.body)[:160]})")

    def titles_now(self) -> list[dict[str, Any]]:
        """Every title the app has, asked now (not from the cache): what an operation changes next."""
        return list(self.service.get("/api/v3/movie" if self.app == "radarr" else "/api/v3/series", cache=False))
