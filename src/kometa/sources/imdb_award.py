"""``imdb_award``: the titles nominated for (or winning) an IMDb event's awards.

Values follow Kometa's documentation: a mapping (or a list of them) with

* ``event_id`` (required): ``ev`` + digits, or an event URL (``https://www.imdb.com/event/ev0000003/``);
* ``event_year`` (required): ``all``, ``latest``, a year, a negative year (``-1``: last year), a
  list of years, or a range (``2000-2009``, ``2000-current``, ``-30-current``, ``-10--2``) — only
  years the event held an edition in count;
* ``award_filter`` / ``category_filter``: award headings / category headings (case does not
  matter; one or a list); when none of the given names exist in the chosen years it is an error
  naming the valid ones, names that do not exist are otherwise ignored;
* ``winning``: ``true`` for winners only (default ``false``: every nominee).

Kometa reads several years only for the events of its own award-data repository; we read each
edition's page for any event (cached), so several years work for every event.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from kometa.clients.imdb import Edition
from kometa.clients.policy import ServiceError
from kometa.sources.conditions import ConditionError

log = logging.getLogger("kometa")

ATTRIBUTES = ("event_id", "event_year", "award_filter", "category_filter", "winning")
_EVENT = re.compile(r"ev\d{7,}")
_RANGE = re.compile(r"(-?)(\d+)-(-?)(\d+|current)")
_YEAR = re.compile(r"\d{4}(-\d+)?")  # an edition: 2020, or 2020-2 for a second edition that year


class AwardClient(Protocol):
    def event_years(self, event_id: str) -> list[str]: ...

    def event_editions(self, event_id: str, years: list[str]) -> list[Edition]: ...


@dataclass(frozen=True)
class AwardSpec:
    event_id: str
    event_year: Any  # as written; resolved against the event's editions by :func:`resolve_years`
    award_filter: tuple[str, ...]
    category_filter: tuple[str, ...]
    winning: bool


def _names(key: str, attr: str, value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    names = tuple(str(v).strip().lower() for v in values if v is not None and str(v).strip())
    if not names:
        raise ConditionError(f"{key}: {attr} is blank")
    return names


def parse_award(key: str, value: Any) -> list[AwardSpec]:
    """The specs of an ``imdb_award`` value (syntax only; no request)."""
    entries = value if isinstance(value, list) else [value]
    out = []
    for entry in entries:
        if not isinstance(entry, Mapping):
            raise ConditionError(f"{key} takes a mapping with event_id and event_year (and award_filter, "
                                 f"category_filter, winning), got {entry!r}")
        spec = {str(k).lower(): v for k, v in entry.items()}
        for attr in spec:
            if attr not in ATTRIBUTES:
                raise ConditionError(f"{key}: unknown attribute '{attr}' ({', '.join(ATTRIBUTES)})")
        match = _EVENT.search(str(spec.get("event_id") or ""))
        if not match:
            raise ConditionError(f"{key}: event_id must be an IMDb event id like ev0000003 (or its URL), "
                                 f"got {spec.get('event_id')!r}")
        if "event_year" not in spec:
            raise ConditionError(f"{key}: event_year is missing (a year, a list or range of years, all or latest)")
        if spec["event_year"] is None or str(spec["event_year"]).strip() == "":
            raise ConditionError(f"{key}: event_year is blank")
        _check_year_shape(key, spec["event_year"])
        winning = spec.get("winning", False)
        if isinstance(winning, str) and winning.strip().lower() in ("true", "false"):
            winning = winning.strip().lower() == "true"
        if not isinstance(winning, bool):
            raise ConditionError(f"{key}: winning must be true or false, got {winning!r}")
        out.append(AwardSpec(match.group(0), spec["event_year"],
                             _names(key, "award_filter", spec["award_filter"]) if "award_filter" in spec else (),
                             _names(key, "category_filter", spec["category_filter"])
                             if "category_filter" in spec else (),
                             winning))
    if not out:
        raise ConditionError(f"{key} has no value")
    return out


def _check_year_shape(key: str, raw: Any) -> None:
    """``event_year`` is one of the documented forms (which editions exist is the event's answer)."""
    text = str(raw).strip().lower()
    if not isinstance(raw, list) and (text in ("all", "latest") or _RANGE.fullmatch(text)
                                      or re.fullmatch(r"-\d+", text)):
        return
    items = raw if isinstance(raw, list) else text.split(",")
    bad = [str(item).strip() for item in items if not _YEAR.fullmatch(str(item).strip())]
    if bad or not items:
        raise ConditionError(f"{key}: event_year {', '.join(repr(b) for b in bad) or repr(raw)} is not all, latest, "
                             "a year, a negative year (-1), a list of years or a range (2000-2009, 2000-current, "
                             "-30-current)")


def _year_of(option: str) -> int:
    return int(option.split("-")[0])


def resolve_years(key: str, raw: Any, options: list[str], current_year: int) -> list[str]:
    """The editions (from ``options``, newest first) an ``event_year`` value means."""
    listing = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    text = str(raw).strip().lower()
    if text == "all":
        return list(options)
    if text == "latest":
        return options[:1]
    range_match = _RANGE.fullmatch(text) if not isinstance(raw, list) else None
    if range_match and (len(text) > 6 or text.startswith("-") or "--" in text):
        neg_lo, lo, neg_hi, hi = range_match.groups()
        low = current_year - int(lo) if neg_lo else int(lo)
        high = None if hi == "current" else current_year - int(hi) if neg_hi else int(hi)
        chosen = [o for o in options if _year_of(o) >= low and (high is None or _year_of(o) <= high)]
        if not chosen:
            raise ConditionError(f"{key}: event_year {raw} holds no edition of the event (editions: {listing})")
        return chosen
    if re.fullmatch(r"-\d+", text):
        year = str(current_year + int(text))
        if year not in options:
            raise ConditionError(f"{key}: event_year {raw} is {year}, not an edition of the event "
                                 f"(editions: {listing})")
        return [year]
    wanted = raw if isinstance(raw, list) else [v for v in text.split(",")]
    chosen = []
    for item in wanted:
        year = str(item).strip()
        if year not in options:
            raise ConditionError(f"{key}: event_year {year} is not an edition of the event (editions: {listing})")
        chosen.append(year)
    return chosen


def _filter(key: str, attr: str, given: tuple[str, ...], valid: list[str]) -> set[str]:
    found = {name for name in given if name in valid}
    if given and not found:
        raise ConditionError(f"{key}: none of the {attr} values exist in those editions ({', '.join(given)}); "
                             f"valid: {', '.join(valid)}")
    for name in given:
        if name not in found:
            log.info("%s: %s '%s' is not in those editions; ignored", key, attr, name)
    return found


def award_ids(key: str, spec: AwardSpec, client: AwardClient, current_year: int) -> list[str]:
    """The IMDb ids one spec names, edition by edition (newest first), award and category in page order."""
    options = client.event_years(spec.event_id)
    if not options:
        raise ConditionError(f"{key}: IMDb lists no editions of {spec.event_id}")
    chosen = resolve_years(key, spec.event_year, options, current_year)
    editions = list(zip(chosen, client.event_editions(spec.event_id, chosen), strict=True))
    award_names = list(dict.fromkeys(a for _, e in editions for a in e if a))
    category_names = list(dict.fromkeys(c for _, e in editions for cats in e.values() for c in cats if c))
    awards = _filter(key, "award_filter", spec.award_filter, award_names)
    categories = _filter(key, "category_filter", spec.category_filter, category_names)
    ids: list[str] = []
    for _, edition in editions:
        for award, cats in edition.items():
            if awards and award not in awards:
                continue
            for category, people in cats.items():
                if categories and category not in categories:
                    continue
                ids += people["winner" if spec.winning else "nominee"]
    return ids


def award_years_of(client: Callable[[], AwardClient]) -> Callable[[str], list[str]]:
    """``event_id -> editions, newest first`` for ``imdb_awards`` dynamic collections (a service
    failure becomes ``LookupError`` with its reason, which the set reports at its line)."""
    def years(event_id: str) -> list[str]:
        try:
            return client().event_years(event_id)
        except ServiceError as exc:
            raise LookupError(str(exc)) from None
    return years
