"""What a collection does to the titles Radarr/Sonarr already has, and to the titles the library
holds that the app lacks (Kometa's ``add_existing``, ``upgrade_existing``, ``monitor_existing`` and
``item_radarr_tag`` / ``item_sonarr_tag``, from the app's section or the definition's
``radarr_*``/``sonarr_*`` keys).

The collection's titles are its library items (after filters) and the titles it names that the
library lacks. Against the app's title list (asked fresh: never a cached copy, so nothing is
decided on stale state):

* ``add_existing``: a library item the app lacks is added with its own folder (Plex's folder with
  ``plex_path`` replaced by ``radarr_path``/``sonarr_path``), which must lie under the root folder;
  Radarr finds it by TMDb (or IMDb) id, Sonarr by TVDb id;
* ``upgrade_existing``: a title the app has with another quality profile gets the collection's;
* ``monitor_existing``: a title whose monitored state differs from ``monitor`` gets it;
* ``item_radarr_tag`` adds the tags (``.remove`` removes them, ``.sync`` makes them the title's only
  tags); tags the app lacks are created.

Only titles whose state differs are sent, in one editor request per kind of change
(``PUT /api/v3/movie|series/editor``), so a second run with nothing changed sends nothing. A dry
run asks and sends nothing: it says what it would do. Trouble with the app is one line; the
collection itself still runs.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from kometa.clients.policy import ServiceError
from kometa.config.arr_options import AddSettings
from kometa.ids.guids import item_ids

log = logging.getLogger("kometa")


def asked(s: AddSettings) -> list[str]:
    out = [k for k in ("add_existing", "upgrade_existing", "monitor_existing") if getattr(s, k)]
    if s.item_tags_mode is not None:
        out.append(f"item_{s.app}_tag{ {'add': '', 'replace': '.sync', 'remove': '.remove'}[s.item_tags_mode] }")
    return out


def folder_of(item: Any, s: AddSettings) -> str | None:
    """The item's folder as the app sees it (Plex's, with ``plex_path`` -> the app's path)."""
    folders = item.get("folder") or ()
    if not folders:
        return None
    path = str(folders[0]).replace("\\", "/").rstrip("/")
    if s.plex_path and s.arr_path:
        path = path.replace(s.plex_path.rstrip("/"), s.arr_path.rstrip("/"), 1)
    return path


def _wanted_ids(app: str, items: Iterable[Any], missing: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        ids = item_ids(item.get("guid"), item.get("guids") or ())
        out.append({"item": item, "title": item.title, "year": item.get("year"), "tmdb": ids.tmdb, "imdb": ids.imdb,
                    "tvdb": ids.tvdb})
    out += [{"item": None, **m} for m in missing]
    return out


def apply(adder: Any, where: str, s: AddSettings, items: list[Any], missing: list[dict[str, Any]], row: Any) -> None:
    app = s.app
    from kometa.engine.arr_add import AppTally, _note
    tally: AppTally = adder.tally.setdefault(app, AppTally())
    titles = _wanted_ids(app, items, missing)
    if adder.dry_run:
        what = ", ".join(asked(s))
        log.info("%s | would apply %s in %s to the collection's %d title(s) (dry run, nothing asked or sent)",
                 where, what, app.title(), len(titles))
        tally.would_edit.append(f"{what} for {len(titles)} title(s)")
        _note(row, f"{app.title()}: {what} would be applied")
        return
    done = adder.attempt(app, tally, where, app, lambda: _apply(adder, where, s, titles, tally))
    if done:
        _note(row, f"{app.title()}: {'; '.join(done)}")
    for entry in titles:
        if entry.get("_absent"):
            tally.not_in_app += 1


def _apply(adder: Any, where: str, s: AddSettings, titles: list[dict[str, Any]], tally: Any) -> list[str]:
    app = s.app
    from kometa.engine.arr_add import _label
    state = adder._app(app)
    client = state["client"]
    records = client.titles(fresh=True)
    by_key: dict[str, dict[str, Any]] = {}
    for r in records:
        for key in ((f"tvdb:{r.get('tvdbId')}",) if app == "sonarr" else (f"tmdb:{r.get('tmdbId')}",
                                                                           f"imdb:{r.get('imdbId')}")):
            by_key.setdefault(key, r)
    have: list[dict[str, Any]] = []
    seen: set[int] = set()
    to_add: list[dict[str, Any]] = []
    for entry in titles:
        keys = [f"tvdb:{entry.get('tvdb')}"] if app == "sonarr" else [f"tmdb:{entry.get('tmdb')}",
                                                                        f"imdb:{entry.get('imdb')}"]
        record = next((by_key[k] for k in keys if k in by_key and not k.endswith(":None")), None)
        if record is not None:
            if int(record["id"]) not in seen:
                seen.add(int(record["id"]))
                have.append(record)
        elif entry["item"] is not None and s.add_existing:
            to_add.append(entry)
        else:
            entry["_absent"] = True
    done: list[str] = []
    if to_add:
        added = _add_existing(adder, where, s, to_add, state, tally)
        if added:
            done.append(f"{added} added with their folders")
    needs_profile = s.upgrade_existing
    profile, tag_ids = _targets(s, state, needs_profile)
    changes: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = []
    if s.item_tags_mode is not None:
        wanted = set(tag_ids)

        def differs(r: dict[str, Any]) -> bool:
            current = set(r.get("tags") or [])
            return bool(wanted - current) if s.item_tags_mode == "add" else bool(wanted & current) \
                if s.item_tags_mode == "remove" else current != wanted
        changes.append(("tags", {"tags": sorted(wanted), "applyTags": s.item_tags_mode},
                        [r for r in have if differs(r)]))
    if s.upgrade_existing and profile is not None:
        changes.append(("quality profile", {"qualityProfileId": profile},
                        [r for r in have if r.get("qualityProfileId") != profile]))
    if s.monitor_existing:
        changes.append(("monitored" if s.monitored else "unmonitored", {"monitored": s.monitored},
                        [r for r in have if bool(r.get("monitored")) != s.monitored]))
    for what, fields, targets in changes:
        if not targets:
            continue
        client.edit([int(r["id"]) for r in targets], fields)
        for r in targets:
            log.info("%s | %s %s: %s", where, app.title(), what, _label({"title": r.get("title"), "year": r.get("year")}))
        tally.edited.append(f"{what}: {len(targets)}")
        done.append(f"{what} set on {len(targets)}")
    return done


def _targets(s: AddSettings, state: dict[str, Any], needs_profile: bool) -> tuple[int | None, list[int]]:
    """The quality profile id (when asked) and the item tags' ids (created when lacking)."""
    client = state["client"]
    if "profiles" not in state:
        state.update(profiles=client.quality_profiles(), folders=client.root_folders(), tags=client.tags(fresh=True),
                     languages=client.language_profiles() if s.app == "sonarr" else {})
    profile = None
    if needs_profile:
        if not s.quality_profile:
            raise ServiceError(s.app.title(), f"upgrade_existing needs {s.app}: quality_profile (or {s.app}_quality)")
        profile = state["profiles"].get(str(s.quality_profile))
        if profile is None:
            raise ServiceError(s.app.title(), f"{s.app.title()} has no quality profile '{s.quality_profile}' "
                                              f"(it has: {', '.join(state['profiles']) or 'none'})")
    tag_ids = []
    if s.item_tags_mode is not None:
        for label in s.item_tags:
            if label not in state["tags"]:
                if s.item_tags_mode == "remove":
                    continue  # nothing to remove
                state["tags"][label] = client.create_tag(label)
            tag_ids.append(state["tags"][label])
    return profile, tag_ids


def _add_existing(adder: Any, where: str, s: AddSettings, entries: list[dict[str, Any]], state: dict[str, Any],
                  tally: Any) -> int:
    from kometa.engine.arr_add import _body, _label
    app = s.app
    client = state["client"]
    if not s.root_folder or not s.quality_profile:
        raise ServiceError(app.title(), f"add_existing needs {app}: root_folder_path and quality_profile")
    profile, language, tag_ids = adder._targets(app, state, s)
    added = 0
    for entry in entries:
        folder = folder_of(entry["item"], s)
        if folder is None:
            tally.not_sent.append(f"{_label(entry)}: Plex lists no folder for it")
            continue
        root = s.root_folder.rstrip("/")
        if not folder.startswith(f"{root}/"):
            tally.not_sent.append(f"{_label(entry)}: its folder {folder} is not under {root} (set plex_path and "
                                  f"{app}_path)")
            continue
        if app == "sonarr" and not entry.get("tvdb"):
            tally.not_sent.append(f"{_label(entry)}: no TVDb id")
            continue
        term = f"tvdb:{entry['tvdb']}" if app == "sonarr" else \
            f"tmdb:{entry['tmdb']}" if entry.get("tmdb") else f"imdb:{entry['imdb']}" if entry.get("imdb") else None
        record = client.lookup(term) if term else None
        if record is None:
            tally.not_sent.append(f"{_label(entry)}: {app.title()} does not know {term or 'it (no id)'}")
            continue
        outcome, why = client.add({**_body(app, s, record, profile, language, tag_ids), "path": folder})
        if outcome == "refused":
            tally.not_sent.append(f"{_label(entry)}: {why}")
            continue
        if outcome == "added":
            added += 1
            tally.added.append(_label(entry))
            log.info("%s | added to %s with its folder %s: %s", where, app.title(), folder, _label(entry))
    return added
