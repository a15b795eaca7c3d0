"""Which library items a ``metadata:`` entry means (spec 8).

The entry's key is a TMDb id (movie libraries) or TVDb id (show libraries) when it is a number, an
IMDb id when it starts with ``tt``, else a title. ``match:`` narrows or replaces that: ``title``
(one or a list; any may match), ``year``, ``mapping_id`` (an id as above), ``edition``,
``edition_contains`` (each one or a list: any may match) and ``blank_edition: true``; Kometa's older
top-level form of those (``year``, ``mapping_id``, ``blank_edition``, ``edition_filter``,
``edition_contains`` beside the fields) means the same. Titles and editions compare exactly, case
included, as Kometa's (``The Matrix`` does not match ``The matrix``); a ``year`` must be exact (an
item a year off is not matched). Every item that matches is edited (two movies
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
    editions: tuple[str, ...] = ()  # any of these, exactly
    edition_contains: tuple[str, ...] = ()  # any of these, contained
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


#: match keys Kometa also reads at an entry's top level (old style) -> their ``match:`` key
OLD_STYLE = {"year": "year", "mapping_id": "mapping_id", "blank_edition": "blank_edition",
             "edition_filter": "edition", "edition_contains": "edition_contains"}


def _match_of(entry: Mapping[str, Any]) -> Any:
    """``match:`` with the old top-level keys (``year: 1954`` beside the fields) merged under it, as
    Kometa reads them (a key given in both: ``match:`` wins)."""
    match = entry.get("match")
    old = {target: entry[name] for name, target in OLD_STYLE.items() if name in entry}
    if not old or (match is not None and not isinstance(match, Mapping)):
        return match
    return {**old, **(match or {})}


def _texts(value: Any, name: str) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [] if value is None else [value]
    if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
        raise ValueError(f"match: {name} must be a text or a list of texts")
    return tuple(str(v) for v in values)


def _rule(key: Any, entry: Mapping[str, Any], library_type: str) -> Rule:
    match = _match_of(entry)
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
    return Rule(ids, titles, year, _texts(match.get("edition"), "edition"),
                _texts(match.get("edition_contains"), "edition_contains"), blank)


def matches(rule: Rule, item: Item) -> bool:
    if rule.ids:
        ids = item_ids(item.get("guid"), item.get("guids") or ())
        have = {("tmdb", ids.tmdb), ("imdb", ids.imdb), ("tvdb", ids.tvdb)}
        if not any(wanted in have for wanted in rule.ids):
            return False
    if rule.titles and item.title not in rule.titles:
        return False
    if rule.year is not None and item.get("year") != rule.year:
        return False
    edition = str(item.get("edition") or "")
    if rule.blank_edition and edition:
        return False
    if rule.editions and edition not in rule.editions:
        return False
    return not rule.edition_contains or any(e in edition for e in rule.edition_contains)


def find(rule: Rule, items: Iterable[Item]) -> list[Item]:
    return [item for item in items if matches(rule, item)]
