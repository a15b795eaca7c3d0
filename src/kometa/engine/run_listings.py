"""The lists a run prints on request of ``settings:`` (Kometa's meaning, our words).

* ``show_unmanaged`` (default on): after a library's collections, the collections in Plex that no
  config manages (no ``Kometa``/``PMM`` label), one title a line, with a count.
* ``show_unconfigured`` (default on): the collections in Plex that no definition of this run's
  files names (managed or not), likewise; with both on, the unmanaged ones (all unconfigured too)
  are counted there, not listed twice.
* ``show_filtered`` / ``show_unfiltered`` (default off; a definition's own key wins): the items a
  definition's ``filters`` dropped / kept, one line each.

Everything here is pure but the logging: the lines are built from the snapshot and the definitions
and go to the run log (``log.info``), so a default run gains one short block per library.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from kometa.engine.ownership import is_managed

log = logging.getLogger("kometa")


def _on(value: Any, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "t", "y")
    return bool(value)


def setting(data: Mapping[str, Any], library_settings: Mapping[str, Any], key: str, default: bool = False) -> bool:
    """A show_*/missing setting: the definition's own key, else the library's, else Kometa's default."""
    if data.get(key) is not None:
        return _on(data[key], default)
    return _on(library_settings.get(key), default)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _block(heading: str, none: str, titles: list[str], noun: str, also: int = 0) -> list[str]:
    if not titles and not also:
        return [none]
    more = [f"  and the {_plural(also, 'unmanaged collection')} above"] if also else []
    return [heading, *(f"  {title}" for title in titles), *more, f"  {_plural(len(titles) + also, noun)}"]


def collection_listing(library: str, settings: Mapping[str, Any], collections: Iterable[Any],
                       configured: Iterable[str]) -> list[str]:
    """The ``show_unmanaged`` / ``show_unconfigured`` lines of one library (``collections``: the
    snapshot's :class:`~kometa.plex.snapshot.CollectionInfo`; ``configured``: the names of the
    library's definitions)."""
    present = sorted(collections, key=lambda c: c.title.lower())
    lines: list[str] = []
    unmanaged = _on(settings.get("show_unmanaged"), True)
    if unmanaged:
        titles = [c.title for c in present if not is_managed(c.labels)]
        lines += _block(f"{library}: unmanaged collections (no Kometa label; this config leaves them alone):",
                        f"{library}: no unmanaged collections", titles, "unmanaged collection")
    if _on(settings.get("show_unconfigured"), True):
        names = {name.lower() for name in configured}
        found = [c for c in present if c.title.lower() not in names]
        # an unmanaged collection is unconfigured too: listed once, above, when both lists are on
        also = sum(1 for c in found if not is_managed(c.labels)) if unmanaged else 0
        titles = [c.title for c in found if not (unmanaged and not is_managed(c.labels))]
        lines += _block(f"{library}: unconfigured collections (in Plex, named by no definition of this run):",
                        f"{library}: no unconfigured collections", titles, "unconfigured collection", also)
    return lines


def log_collection_listing(library: str, settings: Mapping[str, Any], collections: Iterable[Any],
                           configured: Iterable[str]) -> list[str]:
    lines = collection_listing(library, settings, collections, configured)
    for line in lines:
        log.info("%s", line)
    return lines


def filter_lines(where: str, before: list[int], after: list[int], title_of: Any, *, filtered: bool,
                 unfiltered: bool) -> list[str]:
    """``show_filtered`` (items the filters dropped) / ``show_unfiltered`` (items they kept)."""
    lines: list[str] = []
    if filtered:
        kept = set(after)
        lines += [f"{where} | filtered out: {title_of(k)}" for k in before if k not in kept]
    if unfiltered:
        lines += [f"{where} | kept by the filters: {title_of(k)}" for k in after]
    return lines


def log_filter_lines(where: str, data: Mapping[str, Any], library_settings: Mapping[str, Any], before: list[int],
                     after: list[int], title_of: Any) -> None:
    lines = filter_lines(where, before, after, title_of,
                         filtered=setting(data, library_settings, "show_filtered"),
                         unfiltered=setting(data, library_settings, "show_unfiltered"))
    for line in lines:
        log.info("%s", line)
