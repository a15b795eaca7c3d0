"""Per item, from the listing and the state alone (spec 7.5 steps 2–3), pure: leave, render or restore.

* ``unchanged``: the listing's ``thumb`` is still our upload and the stack's signature (original
  fingerprint + layers + texts + file fingerprints) is the one we rendered: nothing to do.
* ``render`` from the backup: same poster in Plex, different stack (or ``reapply_overlays``).
* ``render`` from a download: no backup yet, or the ``thumb`` moved since our upload (the user
  or Plex chose other art): the current poster becomes the new original.
* ``restore``: we overlaid it but no overlay applies any more (or ``remove_overlays``): the
  backup goes back, byte-identical, and the ``Overlay`` label comes off.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kometa.overlays.model import OverlaySpec
from kometa.overlays.render import Layer
from kometa.overlays.reset import Base
from kometa.overlays.stack import Placed
from kometa.overlays.state import Entry, OverlayState, signature
from kometa.overlays.text import TextError, resolve
from kometa.plex.snapshot import Item


@dataclass(frozen=True)
class Work:
    rating_key: int
    title: str
    layers: tuple[Layer, ...]
    entry: Entry | None  # what we did last time (None: first time)
    download: bool  # fetch the current poster (or ``base``) as the (new) original
    reason: str
    base: Base | None = None  # reset_overlays: the original comes from here, not from the poster in Plex

    @property
    def source(self) -> str:
        """The base's identity to remember (reset_overlays), kept while the original is the backup."""
        if self.base is not None:
            return self.base.source
        return self.entry.source if self.entry is not None and not self.download else ""


@dataclass
class Decision:
    unchanged: list[int] = field(default_factory=list)
    render: list[Work] = field(default_factory=list)
    restore: list[tuple[int, str, Entry]] = field(default_factory=list)  # (rating key, title, entry)
    warnings: list[str] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)  # why a text overlay was left off -> items
    foreign: list[int] = field(default_factory=list)  # labelled Overlay, not ours, no overlay now
    #: labelled Overlay, not ours, no overlay now, and reset_overlays gives its base: put that back
    reset: list[tuple[int, str, Base]] = field(default_factory=list)


def layers_for(item: Item, stack: list[Placed], missing: dict[str, list[str]],
               extra: Mapping[str, Any] | None = None) -> tuple[Layer, ...]:
    """The stack with texts filled from the item (and ``extra``: values services gave for it); an
    overlay whose text cannot be filled is left off this poster (``missing``: the reason -> the
    items, so one line can name them all)."""
    values: Mapping[str, Any] = ChainMap(dict(extra), item.values) if extra else item.values
    found: list[Layer] = []
    for placed in stack:
        spec: OverlaySpec = placed.definition.spec
        text = None
        if spec.kind == "text":
            try:
                text = resolve(spec.text or "", values)
            except TextError as exc:
                missing.setdefault(f"{placed.definition.where}: overlay '{placed.definition.name}': {exc}",
                                   []).append(display(item))
                continue
        found.append(Layer(spec, placed.position, text))
    return tuple(found)


def missing_lines(missing: Mapping[str, list[str]], shown: int = 3) -> list[str]:
    """One warning per reason: how many items, the first few by name."""
    lines = []
    for reason, titles in missing.items():
        names = ", ".join(f"'{t}'" for t in titles[:shown]) + (", ..." if len(titles) > shown else "")
        lines.append(f"{reason} ({len(titles)} item{'s' if len(titles) != 1 else ''}: {names}); left off "
                     f"{'its poster' if len(titles) == 1 else 'their posters'}")
    return lines


def display(item: Item) -> str:
    """How messages name an item: a season or episode with its show (``Show S01E02 Title``)."""
    return str(item.get("display_title") or item.title)


def decide(items: Mapping[int, Item], stacks: Mapping[int, list[Placed]], state: OverlayState, library: str,
           canvas: tuple[int, int], *, reapply: bool = False, remove: bool = False, level: str = "",
           bases: Mapping[int, Base] | None = None,
           extra: Mapping[int, Mapping[str, Any]] | None = None,
           only: frozenset[int] | None = None) -> Decision:
    """``items``: one level's listing (``level``: "" the library's own items, or season / episode);
    ``bases``: the base poster per item, an asset poster or reset_overlays' (those items take their
    original from it);
    ``extra``: per item, the text values services gave (tmdb_rating, mdb_*); ``only``: decide for
    these items alone (an event's scoped run), leaving every other poster and state entry as it is."""
    bases = bases or {}
    extra = extra or {}
    result = Decision()
    ours = set(state.keys(library, level))
    if only is not None:
        ours &= only
        items = {key: items[key] for key in only if key in items}
    for key, item in items.items():
        entry = state.get(library, key) if key in ours else None
        stack = None if remove else stacks.get(key)
        title = display(item)
        if not stack:
            if entry is not None:
                result.restore.append((key, title, entry))
            elif item.get("has_overlay") and key in bases:
                result.reset.append((key, title, bases[key]))
            elif item.get("has_overlay"):
                result.foreign.append(key)
            continue
        layers = layers_for(item, stack, result.missing, extra.get(key))
        if not layers:
            if entry is not None:
                result.restore.append((key, title, entry))
            continue
        thumb = item.get("thumb")
        base = bases.get(key)
        asset = base is not None and base.source.startswith("asset:")
        if base is not None and (entry is None or entry.source != base.source):
            reason = ("asset poster" if entry is None or not entry.source.startswith("asset:") else
                      "asset poster changed") if asset else f"reset_overlays: {base.source.split(':', 1)[0]} poster"
            result.render.append(Work(key, title, layers, entry, True, reason, base))
        elif entry is None:
            result.render.append(Work(key, title, layers, None, True, "first overlay"))
        elif thumb != entry.thumb and base is not None:  # the reset's (the asset's) base stays the original
            result.render.append(Work(key, title, layers, entry, False, "poster in Plex changed; "
                                      f"{'its asset poster stays' if asset else 'reset_overlays keeps'} its base"))
        elif thumb != entry.thumb:
            result.render.append(Work(key, title, layers, entry, True, "new poster in Plex"))
        elif reapply:
            result.render.append(Work(key, title, layers, entry, False, "reapply_overlays"))
        elif signature(entry.original, canvas, layers) != entry.signature:
            result.render.append(Work(key, title, layers, entry, False, "overlays changed"))
        else:
            result.unchanged.append(key)
    for key in ours - set(items):  # gone from Plex: forget it
        entry = state.get(library, key)
        if entry is not None:
            result.restore.append((key, "", entry))
    return result
