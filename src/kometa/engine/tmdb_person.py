"""``tmdb_person`` (with ``tmdb_person_offset``): a definition's TMDb people, as Kometa documents it.

The people (TMDb person ids, person URLs, or names looked up with TMDb's people search: the
result at ``tmdb_person_offset``, default the first) give the collection its summary and poster
(the first person's biography and profile picture, where the definition sets none itself), and
their names stand in for ``tmdb`` in the definition's ``actor``/``director``/``producer``/
``writer`` search conditions (``plex_search: {all: {actor: tmdb}}``). Every answer comes through
the run's TMDb client, so it is cached like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from kometa.clients.policy import AuthError, ServiceError
from kometa.clients.tmdb import TmdbClient, image_url
from kometa.sources.conditions import ConditionError
from kometa.sources.tmdb import parse_ids

PEOPLE = frozenset({"actor", "director", "producer", "writer"})
SEARCHES = ("plex_search", "smart_filter")


def people_entries(value: Any) -> list[int | str]:
    """``tmdb_person``'s entries in order: ids (from numbers or TMDb URLs) and names."""
    raw = value if isinstance(value, list) else [value]
    out: list[int | str] = []
    for entry in raw:
        if entry is None or isinstance(entry, bool | Mapping | list):
            raise ConditionError(f"tmdb_person takes TMDb person ids, TMDb person URLs or names, got {entry!r}")
        parts = [entry] if isinstance(entry, int) else [p.strip() for p in str(entry).split(",") if p.strip()]
        for part in parts:
            text = str(part)
            if isinstance(part, int) or text.isdigit() or "themoviedb.org" in text:
                out.extend(parse_ids("tmdb_person", text))
            else:
                out.append(text)
    if not out:
        raise ConditionError("tmdb_person has no value (give TMDb person ids, URLs or names)")
    return out


def _offset(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise ConditionError(f"tmdb_person_offset takes a whole number of 0 or more, got {value!r}")
    return int(str(value).strip())


def resolve_people(client: TmdbClient, value: Any, offset_value: Any = None) -> list[dict[str, Any]]:
    """The people ``tmdb_person`` names, each TMDb's person record."""
    offset = _offset(offset_value)
    people: list[dict[str, Any]] = []
    for entry in people_entries(value):
        if isinstance(entry, str):
            found = client.search_people(entry)
            if len(found) <= offset:
                raise ConditionError(f"tmdb_person: TMDb knows no person named '{entry}'"
                                     + (f" at offset {offset}" if offset else ""))
            entry = int(found[offset]["id"])
        people.append(client.person(entry))
    return people


def _substitute(node: Any, names: list[str]) -> tuple[Any, bool]:
    """``node`` with every ``actor: tmdb`` (director, producer, writer; with modifiers) naming the
    people; and whether any did."""
    if isinstance(node, list):
        done = [_substitute(child, names) for child in node]
        return [d for d, _ in done], any(used for _, used in done)
    if not isinstance(node, Mapping):
        return node, False
    out: dict[Any, Any] = {}
    used = False
    for key, value in node.items():
        base = str(key).split(".", 1)[0].lower()
        values = value if isinstance(value, list) else [value]
        if base in PEOPLE and any(str(v).strip().lower() == "tmdb" for v in values):
            rest = [v for v in values if str(v).strip().lower() != "tmdb"]
            out[key] = [*rest, *names]
            used = True
        else:
            out[key], inner = _substitute(value, names)
            used = used or inner
    return out, used


def apply_people(data: Mapping[str, Any], people: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, str]]:
    """(the definition with the people's names in its ``tmdb`` searches, the details the first
    person gives: summary and poster)."""
    names = [str(p.get("name") or "") for p in people if p.get("name")]
    out = dict(data)
    for key in SEARCHES:
        if key in out:
            out[key], _ = _substitute(out[key], names)
    first = people[0] if people else {}
    details = {"summary": str(first.get("biography") or ""), "url_poster": image_url(first.get("profile_path")) or ""}
    return out, {k: v for k, v in details.items() if v}


def uses_tmdb_names(data: Mapping[str, Any]) -> bool:
    """Does a search of ``data`` ask for ``tmdb`` people (then ``tmdb_person`` must be given)?"""
    return any(_substitute(data[key], [])[1] for key in SEARCHES if key in data)


def definition_people(tmdb: Any, data: Mapping[str, Any]) -> tuple[Mapping[str, Any], dict[str, str]]:
    """A collection's or playlist's ``tmdb_person`` through the library's TMDb source (None: the run
    has no TMDb): the definition with the names in its ``tmdb`` searches, and the first person's
    summary/poster. A search asking for ``tmdb`` people without ``tmdb_person`` is an error."""
    if data.get("tmdb_person") is None:
        if uses_tmdb_names(data):
            raise ConditionError("actor/director/producer/writer: tmdb needs tmdb_person (the TMDb people to search for)")
        return data, {}
    if tmdb is None:
        raise ServiceError("TMDb", "tmdb_person needs the tmdb: section", "tmdb_person")
    try:
        people = resolve_people(tmdb.client(), data["tmdb_person"], data.get("tmdb_person_offset"))
    except AuthError as exc:
        raise tmdb.refusal(exc) from None
    return apply_people(data, people)


DAY_KEYS = ("tmdb_birthday", "tmdb_deathday")


def parse_day_spec(key: str, value: Any) -> dict[str, Any]:
    """``tmdb_birthday`` / ``tmdb_deathday``: ``this_month`` (true/false), ``before`` and ``after``
    (days, 0 or more; both 0: the day itself). Raises ConditionError."""
    if not isinstance(value, Mapping) or not value:
        raise ConditionError(f"{key} takes a mapping of this_month (true/false), before and after (days), "
                             f"got {value!r}")
    spec: dict[str, Any] = {"this_month": False, "before": 0, "after": 0}
    for name, raw in value.items():
        attr = str(name).lower()
        if attr == "this_month":
            if not isinstance(raw, bool):
                raise ConditionError(f"{key}: this_month must be true or false, got {raw!r}")
            spec[attr] = raw
        elif attr in ("before", "after"):
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
                raise ConditionError(f"{key}: {attr} must be a whole number of days, 0 or more, got {raw!r}")
            spec[attr] = raw
        else:
            raise ConditionError(f"{key}: unknown attribute '{name}' (this_month, before, after)")
    return spec


def _on(year: int, day: date) -> date:
    try:
        return date(year, day.month, day.day)
    except ValueError:  # 29 February in a common year: the 28th, as Kometa
        return date(year, day.month, 28)


def day_skip(key: str, spec: Mapping[str, Any], day: date, today: date) -> str | None:
    """Why a definition with ``key`` (``spec`` parsed) does not run ``today`` for a person's ``day``
    (their birthday or deathday), or None when it runs (Kometa's rule)."""
    what = key.removeprefix("tmdb_")
    if spec["this_month"]:
        return None if today.month == day.month else f"{key}: {what} month {day.month} is not {today.month}"
    this_year = _on(today.year, day)
    upcoming = this_year if this_year >= today else _on(today.year + 1, day)
    passed = this_year if this_year <= today else _on(today.year - 1, day)
    until, since = (upcoming - today).days, (today - passed).days
    if until > spec["before"] and since > spec["after"]:
        return (f"{key}: {day.month}/{day.day} is {until} days away (before: {spec['before']}) and "
                f"{since} days past (after: {spec['after']})")
    return None


def person_day_skip(tmdb: Any, data: Mapping[str, Any], today: date) -> str | None:
    """``tmdb_birthday`` / ``tmdb_deathday`` of a definition: why it does not run today, or None.
    The day is the first of the ``tmdb_person`` people who has one (the run's cached answers)."""
    keys = [k for k in DAY_KEYS if data.get(k) is not None]
    if not keys:
        return None
    if data.get("tmdb_person") is None:
        return f"{keys[0]} needs tmdb_person (the person whose day it is)"
    if tmdb is None:
        raise ServiceError("TMDb", f"{keys[0]} needs the tmdb: section", keys[0])
    try:
        people = resolve_people(tmdb.client(), data["tmdb_person"], data.get("tmdb_person_offset"))
    except AuthError as exc:
        raise tmdb.refusal(exc) from None
    for key in keys:
        spec = parse_day_spec(key, data[key])
        field = "birthday" if key == "tmdb_birthday" else "deathday"
        text = next((str(p[field]) for p in people if p.get(field)), None)
        if text is None:
            return f"{key}: TMDb gives no {field} for {people[0].get('name') if people else 'the person'}"
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return f"{key}: TMDb's {field} '{text}' is not a date"
        why = day_skip(key, spec, day, today)
        if why is not None:
            return why
    return None
