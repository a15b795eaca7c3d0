"""Asset-folder posters as overlay originals, as in Kometa.

Kometa looks up every overlaid item's asset poster (``<asset_directory>/<folder>/poster.jpg``,
``Season01.jpg``, ``S01E02.jpg``, an album's ``<Album title>.jpg``; flat names with
``asset_folders: false``: :mod:`kometa.metadata.assets`) and, when there is one, draws the overlays
on it instead of on the poster in Plex. So do we: the asset is the item's base (a
:class:`~kometa.overlays.reset.Base` ``asset:<path>:<size>:<mtime>``, read from disk), it wins over
``reset_overlays``, it is backed up as the original (a restore puts the asset's bytes back), and
its identity is part of the item's state: a changed asset file is rendered again, an unchanged
one costs nothing (not even a read of the file). Finding them costs no request in a movie library and one season and one episode
listing per run in a show library (the show's folder comes from its episodes' file paths), and is
skipped when no asset directory exists.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kometa.config.model import LibraryConfig
from kometa.overlays.reset import Base
from kometa.plex.snapshot import Snapshot

log = logging.getLogger("kometa")

PREFIX = "asset:"


def asset_posters(library: LibraryConfig, config_dir: Path, reader: Any, snapshot: Snapshot) -> dict[int, Path]:
    """rating key -> its asset poster file, for the library's items and their seasons/episodes
    (albums); {} when no asset directory exists. A bad asset setting is left to the assets step
    (it reports it); overlays then use no assets."""
    from kometa.metadata.asset_run import targets
    from kometa.metadata.assets import find_assets, settings_from

    try:
        settings = settings_from(library.settings, config_dir)
    except ValueError:
        return {}
    if not any(directory.is_dir() for directory in settings.directories):
        return {}
    found, _ = find_assets(settings, targets(reader, snapshot))
    posters = {hit.target.rating_key: hit.path for hit in found if hit.kind == "poster"}
    if posters:
        log.info("Library %s: %d asset poster(s) found for overlays", snapshot.section_title, len(posters))
    return posters


def asset_bases(posters: dict[int, Path], keys: Iterable[int]) -> dict[int, Base]:
    """The asset base of each of ``keys`` that has an asset poster. Its identity is the file's path,
    size and modification time, as Kometa compares asset posters: an unchanged library of assets
    is not read every run (a file rewritten with the same bytes is rendered once more)."""
    bases: dict[int, Base] = {}
    for key in keys:
        path = posters.get(key)
        if path is None:
            continue
        try:
            stat = path.stat()
            bases[key] = Base(f"{PREFIX}{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}", path.resolve().as_uri())
        except OSError as exc:
            log.warning("asset poster %s cannot be read (%s); the item's poster in Plex stays its original", path, exc)
    return bases


def is_asset(base: Base | None) -> bool:
    return base is not None and base.source.startswith(PREFIX)
