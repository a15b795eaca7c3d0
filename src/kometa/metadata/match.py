"""Which library items a ``metadata:`` entry means (spec 8).

The entry's key is a TMDb id (movie libraries) or TVDb id (show libraries) when it is a number, an
IMDb id when it starts with ``tt``, else a title. ``match:`` narrows or replaces that: ``title``
(one or a list; any may match), ``year``, ``mapping_id`` (an id as above), ``edition``,
``edition_contains`` and ``blank_edition: true``. Titles compare case-insensitively; a ``year``
must be exact (an item a year off is not matched). Every item that matches is edited (two movies
with the same title both are, unless ``year`` or an edition rule tells them apart). ``alt_title``
adds a title a title-matched entry may also match.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from kometa.ids.guids import item_ids
from kometa.plex.snapshot import Item

MATCH_KEYS = {"title", "year", "mapping_id", "edition", "edition_contains", "blank_edition"}


@dataclass(frozen=True)
class Rule:
    ids: tuple[tuple[str, str | int], ...] = ()  # ("tmdb", 603), ("imdb", "tt0133093"), ("tvdb", 81189)
    titles: tuple[str, ...] = ()
    year: int | None = None
    edition: str | None = None
    edition_contains: str | None = None
    blank_edition: bool = False


def _id(value: Any, library_type: str) -> tuple[str, str | int] | None:
    if library_type == "artist":  # music entries are matched by the artist's name
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return ("tmdb" if library_type == "movie" else "tvdb", value)
    text = str(value).strip()
    if text.startswith("tt") and text[2:].isdigit():
        return ("imdb", text)
    if text.isdigit():
        return ("tmdb" if library_type == "movie" else "tvdb", int(text))
    return None


def parse_rule(key: Any, entry: Mapping[str, Any], library_type: str) -> Rule:
    """The rule of one entry; ValueError says what in ``match:`` is wrong. An entry matched by title
    also matches its ``alt_title`` (Kometa's: another title the item may carry in Plex)."""
    rule = _rule(key, entry, library_type)
    alt = entry.get("alt_title")
    if alt is not None and (isinstance(alt, Mapping | list) or not str(alt).strip()):
        raise ValueError("alt_title must be a title")
    if alt is not None and rule.titles:
        return replace(rule, titles=(*rule.titles, str(alt).strip()))
    return rule


def _rule(key: Any, entry: Mapping[str, Any], library_type: str) -> Rule:
    match = entry.get("match")
    key_id = _id(key, library_type)
    if match is None:
        return Rule(ids=(key_id,)) if key_id else Rule(titles=(str(key),))
    if not isinstance(match, Mapping):
        raise ValueError("match: must be a mapping (title, year, mapping_id, edition, ...)")
    unknown = [str(k) for k in match if str(k) not in MATCH_KEYS]
    if unknown:
        raise ValueError(f"match: unknown key '{unknown[0]}' (use {', '.join(sorted(MATCH_KEYS))})")
    titles_raw = match.get("title")
    titles = tuple(str(t) for t in (titles_raw if isinstance(titles_raw, list) else [titles_raw]) if t is not None)
    ids: tuple[tuple[str, str | int], ...] = ()
    if match.get("mapping_id") is not None:
        mapped = _id(match["mapping_id"], library_type)
        if mapped is None:
            raise ValueError(f"match: mapping_id '{match['mapping_id']}' is not a TMDb/TVDb number or an IMDb tt id")
        ids = (mapped,)
    if not titles and not ids:
        if key_id:
            ids = (key_id,)
        else:
            titles = (str(key),)
    year = match.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise ValueError(f"match: year must be a number, got {year!r}")
    blank = match.get("blank_edition", False)
    if not isinstance(blank, bool):
        raise ValueError("match: blank_edition must be true or false")
    return Rule(ids, titles, year, None if match.get("edition") is None else str(match["edition"]),
                None if match.get("edition_contains") is None else str(match["edition_contains"]), blank)


def matches(rule: Rule, item: Item) -> bool:
    if rule.ids:
        ids = item_ids(item.get("guid"), item.get("guids") or ())
        have = {("tmdb", ids.tmdb), ("imdb", ids.imdb), ("tvdb", ids.tvdb)}
        if not any(wanted in have for wanted in rule.ids):
            return False
    if rule.titles:
        title = item.title.lower()
        if not any(t.lower() == title for t in rule.titles):
            return False
    if rule.year is not None and item.get("year") != rule.year:
        return False
    edition = str(item.get("edition") or "")
    if rule.blank_edition and edition:
        return False
    if rule.edition is not None and edition.lower() != rule.edition.lower():
        return False
    return rule.edition_contains is None or rule.edition_contains.lower() in edition.lower()


def find(rule: Rule, items: Iterable[Item]) -> list[Item]:
    return [item for item in items if matches(rule, item)]
