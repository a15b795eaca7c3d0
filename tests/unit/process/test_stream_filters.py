"""``audio_language`` / ``subtitle_language`` filters: the listing has no streams, so each item's
languages are lent by the caller (the overlay step's searches); without them a filter on them is a
clear error, never a silent "no language"."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from kometa.engine.filters import parse_filters
from kometa.plex.snapshot import Item
from kometa.sources.conditions import ConditionError

NOW = datetime(2026, 6, 1, tzinfo=UTC)
ITEMS = [Item(k, "movie", {"title": f"T{k}"}) for k in (1, 2, 3, 4)]
LANGS = {1: ("English",), 2: ("English", "French"), 3: ("English", "French", "Japanese")}


def _kept(spec: dict[str, object], lent: dict[int, tuple[str, ...]] = LANGS) -> list[int]:
    filters = parse_filters(spec, "movie", NOW)
    assert filters is not None and filters.streams == {"audio_language"}
    asked: list[str] = []

    def streams(name: str) -> dict[int, tuple[str, ...]]:
        asked.append(name)
        return lent

    kept = [i.rating_key for i in filters.apply(ITEMS, NOW, streams=streams)]
    assert asked == ["audio_language"]  # asked once per filter, not per item
    return kept


def test_counts_and_values_of_lent_languages() -> None:
    assert _kept({"audio_language.count_gte": 2, "audio_language.count_lte": 2}) == [2]
    assert _kept({"audio_language.count_gte": 3}) == [3]
    assert _kept({"audio_language.count_lt": 1}) == [4]  # no languages: count 0
    assert _kept({"audio_language": "French"}) == [2, 3]
    assert _kept({"audio_language.not": "French"}) == [1, 4]


def test_the_items_come_back_unwrapped() -> None:
    filters = parse_filters({"audio_language": "English"}, "movie", NOW)
    assert filters is not None
    assert filters.apply(ITEMS, NOW, streams=lambda _name: LANGS) == ITEMS[:3]


def test_without_lent_languages_the_filter_is_refused() -> None:
    filters = parse_filters({"audio_language.count_gt": 1}, "movie", NOW)
    assert filters is not None
    with pytest.raises(ConditionError, match="needs each item's languages"):
        filters.apply(ITEMS, NOW)
    with pytest.raises(ConditionError, match="needs each item's languages"):
        filters.keep([1, 2], NOW, SimpleNamespace(items={i.rating_key: i for i in ITEMS}))  # type: ignore[arg-type]
