"""Radarr/Sonarr library operations, as Kometa does them:

* ``radarr_add_all_existing`` (movie libraries) / ``sonarr_add_all_existing`` (show libraries):
  every item of the library with a TMDb id (Radarr) / TVDb id (Sonarr) in its guids that the app does
  not have is added to it **at the folder Plex has it in** (a movie's folder, a show's folder above
  ``Season NN``), translated with the section's ``plex_path`` -> ``radarr_path``/``sonarr_path``;
  a folder outside the section's ``root_folder_path`` is listed as not sent (Kometa's rule). The
  section's quality profile, tags, monitor, search ... apply. Titles go to the app's import endpoint,
  100 per request; what was sent is remembered in the cache (as for ``add_missing``), so a second run
  sends nothing (``ignore_cache: true`` sends again).
* ``radarr_remove_by_tag`` / ``sonarr_remove_by_tag``: every title of the app carrying **all** the
  given tags is removed from the app (its files stay), in one editor request. Once removed they are
  gone, so a second run removes nothing.

``ignore_labels`` and ``respect_ignore_ids`` leave items out of the add. A dry run sends nothing and
lists what it would send. Trouble with the app (no section, refused token, down, an unknown profile)
fails the operation with one located line; the other operations still run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kometa.clients.policy import AuthError, ServiceError
from kometa.ids.guids import item_ids
from kometa.operations.model import Block, Operation
from kometa.operations.runner import OpResult, OpsJob, _items
from kometa.plex.snapshot import Item, read_episodes

APPS = {"radarr_add_all_existing": ("radarr", "movie"), "sonarr_add_all_existing": ("sonarr", "show"),
        "radarr_remove_by_tag": ("radarr", "movie"), "sonarr_remove_by_tag": ("sonarr", "show")}
PER_REQUEST = 100
_SEASON = re.compile(r"^(season\s*\d+|specials)$", re.IGNORECASE)


@dataclass
class AddPlan:
    """What ``*_add_all_existing`` sends (pure): (id, path, label) per title, and what it leaves."""

    send: list[tuple[int, str, str]] = field(default_factory=list)
    already: int = 0
    no_id: list[str] = field(default_factory=list)
    outside_root: list[str] = field(default_factory=list)


def _folder(paths: tuple[str, ...] | list[str], show: bool) -> str | None:
    """The item's folder: a movie's file's folder; a show's folder above its ``Season NN`` folders."""
    for path in paths:
        parts = re.split(r"[\\/]", str(path))
        if len(parts) < 2:
            continue
        folder = parts[:-1]
        if show and len(folder) > 1 and _SEASON.match(folder[-1]):
            folder = folder[:-1]
        sep = "\\" if "\\" in str(path) and "/" not in str(path) else "/"
        return sep.join(folder)
    return None


def plan_adds(app: str, items: list[tuple[Item, tuple[str, ...]]], have: set[int], sent: set[str],
              root: str, plex_path: str | None, arr_path: str | None) -> AddPlan:
    """Which items go to the app: ``items`` are (item, its file paths); ``have`` the ids the app has,
    ``sent`` the ids earlier runs sent (pure)."""
    plan = AddPlan()
    for item, paths in items:
        ids = item_ids(item.get("guid"), item.get("guids") or ())
        ident = ids.tmdb if app == "radarr" else ids.tvdb
        label = f"{item.title} ({item.get('year')})" if item.get("year") else item.title
        folder = _folder(paths, app == "sonarr")
        if ident is None:
            plan.no_id.append(label)
            continue
        if ident in have or str(ident) in sent:
            plan.already += 1
            continue
        if folder is None:
            plan.no_id.append(f"{label} (no file path in Plex)")
            continue
        if plex_path and arr_path:
            folder = folder.replace(plex_path, arr_path)
        folder = folder.rstrip("/\\")
        if not folder.startswith(root):
            plan.outside_root.append(f"{label}: {folder} is not in {root}")
            continue
        plan.send.append((ident, folder, label))
    return plan


def tagged(titles: list[dict[str, Any]], tag_ids: dict[str, int], wanted: tuple[str, ...]) -> list[dict[str, Any]]:
    """The titles carrying every one of ``wanted`` (tag labels; an unknown label matches none)."""
    ids = [tag_ids.get(label.lower()) for label in wanted]
    if not wanted or any(i is None for i in ids):
        return []
    return [t for t in titles if set(ids) <= set(t.get("tags") or ())]


def run_arr_operation(job: OpsJob, op: Operation, block: Block, online: Any) -> OpResult:
    """One of the four operations; ``online`` is the run's OnlineServices."""
    import time

    result = OpResult(op.key)
    started = time.monotonic()
    app, kind = APPS[op.key]
    try:
        if op.value is False or op.value == ():
            result.note = "off"
        elif job.snapshot.item_type != kind:
            result.error = f"{op.where}: {op.key}: works in {kind} libraries only"
        elif op.key.endswith("_add_all_existing"):
            _add_all(job, op, block, online, app, result)
        else:
            _remove_by_tag(job, op, online, app, result)
    except AuthError as exc:
        result.error = f"{op.where}: {op.key}: {online.arr_refused(app, exc)}"
    except ServiceError as exc:
        result.error = f"{op.where}: {op.key}: {exc}"
    result.seconds = time.monotonic() - started
    return result


def _paths(job: OpsJob, items: list[Item]) -> list[tuple[Item, tuple[str, ...]]]:
    if job.snapshot.item_type != "show":
        return [(i, tuple(i.get("filepath") or ())) for i in items]
    episodes = read_episodes(job.reader, job.snapshot)
    return [(i, tuple(p for e in episodes.get(i.rating_key, ()) for p in e.get("filepath") or ())) for i in items]


def _add_all(job: OpsJob, op: Operation, block: Block, online: Any, app: str, result: OpResult) -> None:
    section = online.arr_section(app)
    settings = section.add
    raw = online.config.raw.get(app) or {}
    if not settings.root_folder:
        raise ServiceError(app.title(), f"{section.where}: {app}: root_folder_path is needed to add titles")
    client = online.arr(app)
    items = _items(job, "item", block)
    namespace = f"{app}@{client.service.base_url}"
    cache = online.cache()
    sent = set() if settings.ignore_cache else cache.sent(namespace)
    id_key = "tmdbId" if app == "radarr" else "tvdbId"
    have = {int(t[id_key]) for t in client.titles_now() if isinstance(t.get(id_key), int)}
    plan = plan_adds(app, _paths(job, items), have, sent, settings.root_folder, raw.get("plex_path"),
                     raw.get(f"{app}_path"))
    notes = []
    if plan.outside_root:
        notes.append(f"{len(plan.outside_root)} not in the root folder ({'; '.join(plan.outside_root[:3])})")
    for label in plan.no_id:
        job.say(f"{job.library} | {op.key} | {label}: no {'TMDb' if app == 'radarr' else 'TVDb'} id, not sent")
    result.unchanged = plan.already + len(plan.no_id) + len(plan.outside_root)
    if job.dry_run:
        for _, path, label in plan.send:
            job.say(f"{job.library} | {op.key} | {label}: would add to {app.title()} at {path}")
        result.changed = len(plan.send)
        result.note = "; ".join(notes) or None
        return
    if plan.send:
        from kometa.engine.arr_add import _body

        adder = online.arr_adder(False)
        state = adder._app(app)
        profile, language, tag_ids = adder._targets(app, state, settings)
        bodies: list[dict[str, Any]] = []
        for ident, path, label in plan.send:
            record = client.lookup(f"{'tmdb' if app == 'radarr' else 'tvdb'}:{ident}")
            if record is None:
                notes.append(f"{label}: {app.title()} does not know it")
                cache.mark_sent(namespace, str(ident))
                continue
            body = _body(app, settings, record, profile, language, tag_ids)
            body.pop("rootFolderPath", None)
            bodies.append({**body, "path": path, "rootFolderPath": settings.root_folder})
        added = 0
        for start in range(0, len(bodies), PER_REQUEST):
            chunk = bodies[start:start + PER_REQUEST]
            stored = client.import_existing(chunk)
            result.requests += 1
            added += len(stored)
            for body in chunk:
                cache.mark_sent(namespace, str(body[id_key]))
        for _, path, label in plan.send:
            job.say(f"{job.library} | {op.key} | {label}: added to {app.title()} at {path}")
        result.changed = added
        result.unchanged += len(plan.send) - added
    result.note = "; ".join(notes) or None


def _remove_by_tag(job: OpsJob, op: Operation, online: Any, app: str, result: OpResult) -> None:
    client = online.arr(app)
    tag_ids = client.tags()
    titles = client.titles_now()
    doomed = tagged(titles, tag_ids, op.value)
    unknown = [label for label in op.value if label.lower() not in tag_ids]
    if unknown:
        result.note = f"{app.title()} has no tag {', '.join(unknown)}: nothing carries it"
    for title in doomed:
        label = f"{title.get('title')} ({title.get('year')})" if title.get("year") else str(title.get("title"))
        job.say(f"{job.library} | {op.key} | {label}: {'would remove' if job.dry_run else 'removed'} from "
                f"{app.title()} (tags {', '.join(op.value)}; files kept)")
    result.changed, result.unchanged = len(doomed), len(titles) - len(doomed)
    if doomed and not job.dry_run:
        client.delete_titles([int(t["id"]) for t in doomed])
        result.requests = 1
