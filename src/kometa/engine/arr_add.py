"""Sending a collection's missing titles to Radarr (movie libraries) or Sonarr (show libraries).

When the app's section says ``add_missing: true`` or a definition says ``radarr_add_missing: true``
/ ``sonarr_add_missing: true`` (its other ``radarr_*``/``sonarr_*`` keys override the section), the
titles the collection's online builders named and the library lacks are sent, once:

* titles the app already has (its title list) are left alone;
* a title this cache file records as sent before (``kometa-cache.db``, per app address) is not sent
  again — unless ``ignore_cache: true``; Radarr/Sonarr's own "already been added" answer counts as
  sent too;
* Radarr needs a TMDb or IMDb id (looked up as ``tmdb:N`` / ``imdb:tt…``), Sonarr a TVDb id
  (``tvdb:N``); a title without one is listed as not sent;
* a dry run sends nothing (and asks nothing): it lists what it would send;
* the quality profile, root folder (and Sonarr's language profile) are checked against the app;
  tags it lacks are created.

Trouble with the app (down, refusing its token, an unknown profile) is one line and the
collection itself still runs; the run report says per app what was added, found there already,
or could not be sent.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kometa.clients.policy import AuthError, ServiceError
from kometa.config.arr_options import (
    AVAILABILITY,
    SONARR_MONITOR,
    AddSettings,
    definition_settings,
    wants_app,
)
from kometa.sources.conditions import ConditionError

log = logging.getLogger("kometa")


@dataclass
class AppTally:
    added: list[str] = field(default_factory=list)
    already: int = 0  # in the app, or sent by an earlier run
    not_sent: list[str] = field(default_factory=list)  # "Title: why"
    would_add: list[str] = field(default_factory=list)  # dry run
    problems: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)  # "tags: 3" (engine/arr_existing.py)
    would_edit: list[str] = field(default_factory=list)  # dry run
    not_in_app: int = 0  # the collection's titles the app lacks (nothing to edit)


def _label(entry: Mapping[str, Any]) -> str:
    title = entry.get("title") or entry.get("imdb") or entry.get("tmdb") or entry.get("tvdb") or "?"
    return f"{title} ({entry['year']})" if entry.get("year") else str(title)


class ArrAdder:
    """One per run: settings per definition (pure, checked before the collection is built), then the
    sends, with the run's Radarr/Sonarr clients (``online.arr(app)``) and cache."""

    def __init__(self, online: Any, dry_run: bool) -> None:
        self.online = online
        self.dry_run = dry_run
        self.tally: dict[str, AppTally] = {}
        self._apps: dict[str, dict[str, Any]] = {}  # per app key: profiles, folders, tags, titles (read once a run)
        self.keys: dict[str, str] = {"radarr": "radarr", "sonarr": "sonarr"}  # app -> online.arr_key

    def for_library(self, library: Any) -> ArrAdder:
        """This adder for one library (its own ``radarr:``/``sonarr:`` mapping, if any); the tallies
        and what was read from each app are shared."""
        import copy
        view = copy.copy(self)
        view.keys = {app: self.online.arr_key(app, library) for app in ("radarr", "sonarr")}
        return view

    def key(self, app: str) -> str:
        return self.keys.get(app, app)

    # -- settings (pure once the section is read)

    def settings(self, item_type: str, data: Mapping[str, Any]) -> AddSettings | None:
        """The definition's adding settings, None when nothing is to be sent. ConditionError (the key
        first, so it is located) for a wrong value or a missing section the definition asks for."""
        app = {"movie": "radarr", "show": "sonarr"}.get(item_type)
        for other, kind in (("radarr", "movie"), ("sonarr", "show")):
            if other != app and wants_app(other, data):
                named = next(k for k in data if wants_app(other, {k: True}))
                raise ConditionError(f"{named} works in {kind} libraries only")
        if app is None:
            return None
        asked = wants_app(app, data)
        if not asked and not isinstance(self.online.config.raw.get(app), Mapping) and self.key(app) == app:
            return None
        try:
            base = self.online.arr_section(self.key(app)).add
        except ServiceError as exc:
            if asked:
                raise ConditionError(f"{app}_add_missing needs {exc.detail}") from None
            # the section is there but wrong: nothing can be sent; said once (report and log), and the
            # collections themselves still run
            self._problem(self.tally.setdefault(app, AppTally()), exc.detail)
            return None
        try:
            settings = definition_settings(app, base, data)
        except ValueError as exc:
            raise ConditionError(str(exc)) from None
        if not settings.add_missing and not settings.edits_existing:
            return None
        adds = "add_missing" if settings.add_missing else "add_existing" if settings.add_existing else None
        for need, key in ((settings.root_folder, "root_folder_path"), (settings.quality_profile, "quality_profile")):
            if adds and not need:
                text = f"{app}_{adds} needs {app}: {key} (or {app}_" \
                       f"{'folder' if key == 'root_folder_path' else 'quality'} in the definition)"
                if f"{app}_{adds}" in data:
                    raise ConditionError(text)
                # the section asks it of every collection: said once, and the collections still run
                self._problem(self.tally.setdefault(app, AppTally()),
                              f"{self.online.arr_section(self.key(app)).where}: {app}: {adds} needs {key}")
                return None
        return settings

    # -- sending

    def existing(self, where: str, settings: AddSettings, items: list[Any], missing: list[dict[str, Any]],
                 row: Any) -> None:
        """add_existing / upgrade_existing / monitor_existing / item_*_tag for the collection's titles."""
        from kometa.engine.arr_existing import apply
        apply(self, where, settings, items, missing, row)

    def send(self, where: str, settings: AddSettings, missing: list[dict[str, Any]], row: Any) -> None:
        app = settings.app
        tally = self.tally.setdefault(app, AppTally())
        id_key = "tvdb" if app == "sonarr" else None
        wanted: list[dict[str, Any]] = []
        if id_key and not self.dry_run:
            missing = [self._with_tvdb(entry, tally) for entry in missing]
        for entry in missing:
            if (entry.get("tvdb") or (self.dry_run and entry.get("tmdb")) if id_key
                    else entry.get("tmdb") or entry.get("imdb")):
                wanted.append(entry)
            else:
                tally.not_sent.append(f"{_label(entry)}: no {'TVDb' if id_key else 'TMDb or IMDb'} id")
        if self.dry_run:
            for entry in wanted:
                log.info("%s | would add to %s: %s", where, app.title(), _label(entry))
            tally.would_add += [_label(e) for e in wanted]
            if wanted:
                _note(row, f"{len(wanted)} would be sent to {app.title()}")
            return
        if not wanted:
            return
        added = self.attempt(app, tally, where, f"{app}_add_missing",
                             lambda: self._send(app, settings, wanted, tally, where))
        if added:
            _note(row, f"{added} sent to {app.title()}")

    def attempt(self, app: str, tally: AppTally, where: str, label: str, call: Any) -> Any:
        """``call()``, or None with one problem line when the app refuses its token or cannot answer."""
        try:
            return call()
        except AuthError as exc:
            self._problem(tally, f"{where}: {self.online.arr_refused(self.key(app), exc)}")
        except ServiceError as exc:
            self._problem(tally, f"{where}: {label}: {exc}")
        return None

    def _with_tvdb(self, entry: dict[str, Any], tally: AppTally) -> dict[str, Any]:
        """A show TMDb names without a TVDb id gets it from TMDb's external ids (cached), as Sonarr
        needs it; without TMDb (not configured, down) it stays without one."""
        if entry.get("tvdb") or not entry.get("tmdb"):
            return entry
        try:
            found = self.online.tmdb().external_ids("tv", int(entry["tmdb"])).get("tvdb_id")
        except (ServiceError, ValueError) as exc:
            message = f"Sonarr add_missing: the TVDb ids of TMDb shows could not be had ({exc})"
            if message not in tally.problems:
                tally.problems.append(message)
            return entry
        return {**entry, "tvdb": found} if found else entry

    def _problem(self, tally: AppTally, message: str) -> None:
        if message not in tally.problems:
            tally.problems.append(message)
            log.error("%s", message)

    def _app(self, app: str) -> dict[str, Any]:
        key = self.key(app)
        if key not in self._apps:
            client = self.online.arr(key)
            titles = client.titles()
            self._apps[key] = {
                "client": client,
                "have": {str(t.get("tvdbId" if app == "sonarr" else "tmdbId")) for t in titles} |
                        {str(t.get("imdbId")) for t in titles if t.get("imdbId")}}
        return self._apps[key]

    def _targets(self, app: str, state: dict[str, Any], settings: AddSettings) -> tuple[int, int | None, list[int]]:
        """Quality profile, language profile (Sonarr v3) and tag ids for an add, read from the app
        once a run; tags the app lacks are created."""
        client = state["client"]
        if "profiles" not in state:
            state.update(profiles=client.quality_profiles(), folders=client.root_folders(), tags=client.tags(fresh=True),
                         languages=client.language_profiles() if app == "sonarr" else {})
        profile = state["profiles"].get(str(settings.quality_profile))
        if profile is None:
            raise ServiceError(app.title(), f"{app.title()} has no quality profile '{settings.quality_profile}' "
                                            f"(it has: {', '.join(state['profiles']) or 'none'})")
        if settings.root_folder not in state["folders"]:
            raise ServiceError(app.title(), f"{app.title()} has no root folder '{settings.root_folder}' "
                                            f"(it has: {', '.join(state['folders']) or 'none'})")
        language = None
        if app == "sonarr" and state["languages"]:
            language = state["languages"].get(str(settings.language_profile)) if settings.language_profile else \
                next(iter(state["languages"].values()))
            if language is None:
                raise ServiceError(app.title(), f"Sonarr has no language profile '{settings.language_profile}' "
                                                f"(it has: {', '.join(state['languages'])})")
        tag_ids = []
        for label in settings.tags:
            if label not in state["tags"]:
                state["tags"][label] = client.create_tag(label)
            tag_ids.append(state["tags"][label])
        return profile, language, tag_ids

    def _send(self, app: str, settings: AddSettings, wanted: list[dict[str, Any]], tally: AppTally,
              where: str) -> int:
        state = self._app(app)
        client = state["client"]
        cache = self.online.cache()
        namespace = f"{app}@{client.service.base_url}"
        sent = set() if settings.ignore_cache else cache.sent(namespace)
        todo: list[tuple[str, dict[str, Any]]] = []
        for entry in wanted:
            key = str(entry["tvdb"] if app == "sonarr" else entry.get("tmdb") or entry.get("imdb"))
            if key in state["have"] or str(entry.get("imdb")) in state["have"] or key in sent:
                tally.already += 1
            else:
                todo.append((key, entry))
        if not todo:
            return 0
        profile, language, tag_ids = self._targets(app, state, settings)
        added = 0
        for key, entry in todo:
            term = f"tvdb:{entry['tvdb']}" if app == "sonarr" else \
                f"tmdb:{entry['tmdb']}" if entry.get("tmdb") else f"imdb:{entry['imdb']}"
            record = client.lookup(term)
            if record is None:
                tally.not_sent.append(f"{_label(entry)}: {app.title()} does not know {term}")
                continue
            outcome, why = client.add(_body(app, settings, record, profile, language, tag_ids))
            if outcome == "refused":
                tally.not_sent.append(f"{_label(entry)}: {why}")
                log.warning("%s | %s did not add %s: %s", where, app.title(), _label(entry), why)
                continue
            cache.mark_sent(namespace, key)
            state["have"].add(key)
            if outcome == "exists":
                tally.already += 1
                continue
            added += 1
            tally.added.append(_label(entry))
            log.info("%s | added to %s: %s", where, app.title(), _label(entry))
        return added

    def report_lines(self) -> list[str]:
        lines = []
        for app, t in self.tally.items():
            name = app.title()
            if self.dry_run:
                if t.would_add:
                    lines.append(f"{name}: would add {len(t.would_add)} (dry run, nothing sent): "
                                 f"{', '.join(t.would_add[:10])}{' ...' if len(t.would_add) > 10 else ''}")
                if t.would_edit:
                    lines.append(f"{name}: would apply (dry run, nothing sent): {'; '.join(t.would_edit[:5])}")
                continue
            parts = [f"added {len(t.added)}"]
            if t.added:
                parts[0] += f" ({', '.join(t.added[:10])}{' ...' if len(t.added) > 10 else ''})"
            if t.already:
                parts.append(f"{t.already} already there or sent before")
            if t.not_sent:
                parts.append(f"{len(t.not_sent)} not sent ({'; '.join(t.not_sent[:5])}"
                             f"{' ...' if len(t.not_sent) > 5 else ''})")
            if t.edited:
                parts.append(f"edited ({', '.join(t.edited)})")
            if t.problems:
                parts.append(f"{len(t.problems)} problem(s): {t.problems[0]}")
            lines.append(f"{name}{'' if t.edited else ' add_missing'}: " + ", ".join(parts))
        return lines


def _note(row: Any, text: str) -> None:
    row.note = f"{row.note}; {text}" if getattr(row, "note", "") else text


def _body(app: str, s: AddSettings, record: Mapping[str, Any], profile: int, language: int | None,
          tags: list[int]) -> dict[str, Any]:
    common = {"title": record.get("title"), "year": record.get("year"), "qualityProfileId": profile,
              "rootFolderPath": s.root_folder, "tags": tags, "titleSlug": record.get("titleSlug"),
              "images": record.get("images") or []}
    if app == "radarr":
        return {**common, "tmdbId": record.get("tmdbId"), "imdbId": record.get("imdbId"),
                "monitored": s.monitor == "true", "minimumAvailability": AVAILABILITY[s.availability],
                "addOptions": {"searchForMovie": s.search}}
    body = {**common, "tvdbId": record.get("tvdbId"), "imdbId": record.get("imdbId"),
            "monitored": s.monitor != "none", "seriesType": s.series_type, "seasonFolder": s.season_folder,
            "addOptions": {"monitor": SONARR_MONITOR[s.monitor], "searchForMissingEpisodes": s.search,
                           "searchForCutoffUnmetEpisodes": s.cutoff_search}}
    if language is not None:
        body["languageProfileId"] = language
    return body
