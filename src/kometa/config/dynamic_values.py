"""What dynamic collections know about a library: its distinct values per attribute, its people.

:class:`LibraryValues` is the protocol :mod:`kometa.config.dynamic` reads; :class:`RunValues`
adds a run's award years and filter choices to it, and :class:`ItemValues` builds one from items (a
snapshot, or plain mappings in tests), so generating collections never talks to Plex.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

RESOLUTION_NAMES = {"4k": "4K", "1080": "1080p", "720": "720p", "576": "576p", "480": "480p", "sd": "SD"}


class LibraryValues(Protocol):
    """What dynamic collections need to know about a library (the engine's snapshot can offer it)."""

    @property
    def library_type(self) -> str:
        """``movie``, ``show`` or ``artist``."""
        ...

    def values_for(self, attribute: str) -> Mapping[str, str]:
        """Distinct values of ``attribute`` (genre, year, ...): Plex search value -> display name."""
        ...

    def people(self, role: str, depth: int) -> Mapping[str, int]:
        """``actor``/``director``/...: name -> number of items listing them within the first ``depth``."""
        ...


class RunValues:
    """Library values plus what a run can ask beyond the listing: the editions of IMDb award events
    (``imdb_awards`` sets; ``award_years(event_id) -> years newest first``, raising ``LookupError``
    with a reason) and Plex's filter values for what the listing does not carry (audio and subtitle
    languages; ``choices(filter) -> {key: title}``) and the credits only the items' own pages carry
    (``credits() -> {rating key: {"writer": names, "producer": names}}``, asked once, when a
    ``writer`` or ``producer`` set needs them)."""

    DETAIL_ROLES = ("writer", "producer")

    def __init__(self, values: LibraryValues, award_years: Any = None, choices: Any = None,
                 credits: Any = None) -> None:
        self.values = values
        self.award_years = award_years
        self.choices = choices
        self.credits = credits
        self._credits: Mapping[Any, Mapping[str, Any]] | None = None
        self.online = getattr(values, "online", False)  # the online types (tmdb_collection) ask through values

    @property
    def library_type(self) -> str:
        return self.values.library_type

    def values_for(self, attribute: str) -> Mapping[str, str]:
        return self.values.values_for(attribute)

    def people(self, role: str, depth: int) -> Mapping[str, int]:
        if role not in self.DETAIL_ROLES or self.credits is None:
            return self.values.people(role, depth)
        if self._credits is None:
            self._credits = self.credits()
        counts: Counter[str] = Counter()
        for credits in self._credits.values():
            counts.update(dict.fromkeys(list(credits.get(role) or ())[:depth], 1))
        return dict(counts)


def _get(item: Any, *names: str) -> Any:
    for name in names:
        value = item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)
        if value is not None:
            return value
    return None


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str | int):
        return [str(value)]
    return [str(getattr(v, "tag", v)) for v in value]


def as_library_values(source: Any) -> LibraryValues:
    """Accept a :class:`LibraryValues` as is, or wrap the engine's ``Snapshot``."""
    if isinstance(source, RunValues):
        return RunValues(as_library_values(source.values), source.award_years, source.choices, source.credits)
    if hasattr(source, "values_for") and hasattr(source, "people"):
        return source  # type: ignore[no-any-return]
    if hasattr(source, "items") and hasattr(source, "item_type"):
        return ItemValues.from_snapshot(source)
    raise TypeError(f"cannot read library values from {type(source).__name__}")


class ItemValues:
    """:class:`LibraryValues` computed from items: plexapi objects or plain dicts.

    Reads ``genres``/``genre``, ``year``, ``contentRating``/``content_rating``, ``studio``,
    ``countries``, ``network``, ``editionTitle``, ``media[*].videoResolution``/``resolution``,
    ``roles``/``actors``, ``directors``, ``producers``, ``writers`` (tag objects or strings).
    """

    FIELDS: Mapping[str, tuple[str, ...]] = {
        "genre": ("genres", "genre"), "content_rating": ("contentRating", "content_rating"),
        "studio": ("studio",), "country": ("countries", "country"), "network": ("network",),
        "edition": ("editionTitle", "edition"), "actor": ("roles", "actors", "actor"),
        "director": ("directors", "director"), "producer": ("producers", "producer"),
        "writer": ("writers", "writer"), "resolution": ("resolution",),
        "audio_language": ("audio_language",), "subtitle_language": ("subtitle_language",),
    }

    def __init__(self, library_type: str, items: Iterable[Any]) -> None:
        self._type = library_type
        self.items = list(items)

    @classmethod
    def from_snapshot(cls, snapshot: Any) -> ItemValues:
        """From the engine's ``Snapshot`` (``item_type`` and ``items: {key: Item(values=...)}``)."""
        return cls(str(snapshot.item_type), [item.values for item in snapshot.items.values()])

    @property
    def library_type(self) -> str:
        return self._type

    def _field(self, item: Any, attribute: str) -> list[str]:
        if attribute == "resolution":
            direct = _get(item, "resolution")
            if direct is not None:
                return _tags(direct)
            return [str(m.videoResolution) for m in _get(item, "media") or [] if getattr(m, "videoResolution", None)]
        return _tags(_get(item, *self.FIELDS.get(attribute, (attribute,))))

    def values_for(self, attribute: str) -> Mapping[str, str]:
        found: dict[str, str] = {}
        for item in self.items:
            if attribute in ("year", "decade"):
                year = _get(item, "year")
                if year:
                    key = str(int(year) // 10 * 10) if attribute == "decade" else str(int(year))
                    found[key] = f"{key}s" if attribute == "decade" else key
                continue
            for value in self._field(item, attribute):
                if value.strip():
                    label = RESOLUTION_NAMES.get(value.lower(), value) if attribute == "resolution" else value
                    found.setdefault(value, label)
        return found

    def people(self, role: str, depth: int) -> Mapping[str, int]:
        counts: Counter[str] = Counter()
        for item in self.items:
            counts.update(dict.fromkeys(self._field(item, role)[:depth], 1))
        return dict(counts)
