"""Apply an entry's ``f1_season`` (see kometa.metadata.f1) to a matched show: one Ergast request for
the season (cached), then, through the metadata engine's usual edit, the seasons' titles and the
episodes' titles and dates — only what differs, locked as Plex does — and their asset-folder images
(``Season01``, ``S01E02``). A season Ergast has no round for is a warning naming it; an Ergast
failure is a located error of the entry.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from kometa.clients.policy import ServiceError
from kometa.metadata import f1

log = logging.getLogger("kometa")


def apply_f1(job: Any, entry: Mapping[str, Any], show: Any, base: Path, source: str, result: Any) -> bool:
    """True when something of the show's seasons or episodes changed (or would, in a dry run)."""
    from kometa.metadata.run import _apply, _children, _where, asset_folder

    if job.snapshot.item_type != "show":
        result.errors.append(f"{_where(entry, 'f1_season', source)}: metadata '{show.title}': f1_season applies "
                             f"to shows (a show library), not to {'an' if show.type[:1] in 'aeiou' else 'a'} "
                             f"{show.type}")
        return False
    this_year = (job.today or date.today()).year
    opts, errors, warnings = f1.options(entry, this_year)
    for key, reason in errors:
        result.errors.append(f"{_where(entry, key, source)}: metadata '{show.title}': {key}: {reason}")
    for warning in warnings:
        log.warning("%s: metadata '%s': %s", _where(entry, warning.split(":", 1)[0], source), show.title, warning)
    if opts is None:
        return False
    if job.ergast is None:
        result.errors.append(f"{_where(entry, 'f1_season', source)}: metadata '{show.title}': f1_season needs "
                             f"Ergast, which this run has no client for")
        return False
    try:
        races = {race.round: race for race in job.ergast().races(opts.season)}
    except ServiceError as exc:
        result.errors.append(f"{_where(entry, 'f1_season', source)}: metadata '{show.title}': F1 season "
                             f"{opts.season}: {exc}")
        return False
    if job.children is None:
        job.children = _children(job.reader, job.snapshot)
    children = job.children
    folder = asset_folder(show, children)
    changed = False
    for number, season in sorted(children.seasons.get(show.rating_key, {}).items()):
        if not number:
            continue
        race = races.get(number)
        if race is None:
            log.warning("%s: metadata '%s': F1 season %s has no round %s", _where(entry, "f1_season", source),
                        show.title, opts.season, number)
            continue
        title = f1.race_title(race, opts)
        what = f"'{show.title}' season {number}"
        changed |= _apply(job, {"title": title}, season, "season", what, base, source, result, number,
                          (folder, f"Season{number:02d}"))
        episodes = children.titled.get(season.rating_key, [])
        paths = {e.rating_key: next(iter(e.tags("filepath")), "") for e in episodes}
        sprint = any("sprint" in p.lower() for p in paths.values())
        for episode in episodes:
            if not paths[episode.rating_key]:
                continue
            name, day = f1.session(race, paths[episode.rating_key], sprint, opts)
            edit: dict[str, Any] = {"title": name}
            if day is not None:
                edit["originally_available"] = day
            index = episode.get("index")
            label = f"'{show.title}' S{number:02d}E{index:02d}" if index is not None else f"{what} '{episode.title}'"
            changed |= _apply(job, edit, episode, "episode", label, base, source, result, index,
                              (folder, f"S{number:02d}E{index:02d}") if index is not None else None)
    return changed
