"""``tmdb_discover``'s attributes, checked as Kometa checks them before anything is asked of TMDb.

A value is one mapping of discover attributes or a list of them (each is its own query; the results are
combined in order). Unknown attributes, blanks, attributes of the other library type, a ``sort_by``
outside TMDb's options, ``certification`` without ``certification_country`` (and the reverse), watch
providers without ``watch_region`` (and the reverse) and bad dates, years or numbers are errors. Dates are
written ``MM/DD/YYYY`` (Kometa's form; ``YYYY-MM-DD`` is taken too) and sent as TMDb's ``YYYY-MM-DD``.
``limit`` (default 100, 0 = every result) is not sent.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from kometa.sources.conditions import ConditionError

DEFAULT_LIMIT = 100
_RANGE = (".gte", ".lte")

MOVIE_ONLY = frozenset({"region", "with_cast", "with_crew", "with_people", "certification_country", "certification",
                        "include_video", "year", "primary_release_year", "primary_release_date", "release_date",
                        "with_release_type", "with_title_translation", "with_origin_country"})
SHOW_ONLY = frozenset({"timezone", "screened_theatrically", "include_null_first_air_dates", "air_date",
                       "first_air_date", "first_air_date_year", "with_networks", "with_status", "with_type",
                       "with_name_translation"})
STRINGS = frozenset({"with_cast", "with_crew", "with_people", "with_companies", "without_companies", "with_networks",
                     "with_genres", "without_genres", "with_release_type", "with_keywords", "without_keywords",
                     "with_origin_country", "timezone", "with_watch_providers", "without_watch_providers",
                     "with_overview_translation", "with_original_language", "with_title_translation",
                     "with_name_translation"})
BOOLEANS = frozenset({"include_adult", "include_video", "include_null_first_air_dates", "screened_theatrically"})
YEARS = frozenset({"primary_release_year", "year", "first_air_date_year"})
DATES = frozenset({"primary_release_date", "release_date", "air_date", "first_air_date"})
INTS = frozenset({"vote_count", "with_runtime"})
NUMBERS = frozenset({"vote_average"})
SPECIAL = frozenset({"limit", "region", "sort_by", "certification_country", "certification", "certification.lte",
                     "certification.gte", "watch_region", "with_watch_monetization_types", "with_status",
                     "with_type"})
ALL = frozenset(SPECIAL | STRINGS | YEARS | BOOLEANS | {f"{n}{m}" for n in DATES | INTS | NUMBERS for m in _RANGE})
_BOTH_SORTS = ("popularity", "vote_average", "vote_count")
SORTS = {"movie": {f"{s}.{d}" for s in (*_BOTH_SORTS, "title", "original_title", "revenue", "release_date",
                                         "primary_release_date") for d in ("asc", "desc")},
         "tv": {f"{s}.{d}" for s in (*_BOTH_SORTS, "name", "original_name", "first_air_date")
                for d in ("asc", "desc")}}
_CERTIFICATIONS = ("certification", "certification.lte", "certification.gte")
_PROVIDERS = ("with_watch_providers", "without_watch_providers", "with_watch_monetization_types")
MONETIZATION = ("flatrate", "free", "ads", "rent", "buy")


def discover_queries(key: str, value: Any, kind: str, region: str | None) -> list[tuple[dict[str, str], int | None]]:
    """The TMDb queries ``key: value`` asks, each as (parameters, limit; None = every result)."""
    entries = value if isinstance(value, list) else [value]
    if not entries or any(not isinstance(e, Mapping) or not e for e in entries):
        raise ConditionError(f"{key} takes a mapping of TMDb discover attributes (e.g. with_genres, sort_by), "
                             "or a list of them")
    return [_query(key, entry, kind, region) for entry in entries]


def _text(raw: Any) -> str:
    if isinstance(raw, list):
        return ",".join(str(v) for v in raw)
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw).strip()


def _unknown(key: str, name: str) -> ConditionError:
    close = difflib.get_close_matches(name, sorted(ALL), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return ConditionError(f"{key} attribute '{name}' is not supported{hint}")


def _query(key: str, entry: Mapping[Any, Any], kind: str, region: str | None) -> tuple[dict[str, str], int | None]:
    given = {str(name).strip().lower(): raw for name, raw in entry.items()}
    params: dict[str, str] = {}
    limit: int | None = DEFAULT_LIMIT
    for name, raw in given.items():
        attr = name.removesuffix(".gte").removesuffix(".lte")
        where = f"{key} attribute '{name}'"
        if name not in ALL:
            raise _unknown(key, name)
        if raw is None or (isinstance(raw, str) and not raw.strip()) or isinstance(raw, Mapping):
            raise ConditionError(f"{where} is blank")
        if kind == "movie" and attr in SHOW_ONLY:
            raise ConditionError(f"{where} works in show libraries only")
        if kind != "movie" and attr in MOVIE_ONLY:
            raise ConditionError(f"{where} works in movie libraries only")
        if name == "limit":
            limit = _int(where, raw, minimum=0) or None
            continue
        params[name] = _value(where, name, attr, raw, kind, given)
    if not params:
        raise ConditionError(f"{key} has no discover attributes besides limit")
    if kind == "movie" and region and "region" not in params:
        params["region"] = region
    params.setdefault("sort_by", "popularity.desc")
    return params, limit


def _value(where: str, name: str, attr: str, raw: Any, kind: str, given: Mapping[str, Any]) -> str:
    text = _text(raw)
    if name == "region" or name == "watch_region":
        text = text.upper()
        if not re.fullmatch(r"[A-Z]{2}", text):
            raise ConditionError(f"{where} must be a two-letter country code (ISO 3166-1, e.g. US), got {raw!r}")
        if name == "watch_region" and not any(p in given for p in _PROVIDERS):
            raise ConditionError(f"{where} must be used with with_watch_providers, without_watch_providers "
                                 "or with_watch_monetization_types")
        return text
    if name == "sort_by":
        if text not in SORTS[kind]:
            close = difflib.get_close_matches(text, sorted(SORTS[kind]), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ConditionError(f"{where}: '{text}' is not a sort option ({hint}options: "
                                 f"{', '.join(sorted(SORTS[kind]))})")
        return text
    if name == "certification_country" and not any(c in given for c in _CERTIFICATIONS):
        raise ConditionError(f"{where} must be used with certification, certification.lte or certification.gte")
    if name in _CERTIFICATIONS and "certification_country" not in given:
        raise ConditionError(f"{where} must be used with certification_country")
    if name in ("with_watch_providers", "without_watch_providers", "with_watch_monetization_types") \
            and "watch_region" not in given:
        raise ConditionError(f"{where} must be used with watch_region")
    if name == "with_watch_monetization_types":
        bad = [t for t in re.split(r"[|,]", text) if t.strip() and t.strip() not in MONETIZATION]
        if bad:
            raise ConditionError(f"{where}: '{bad[0]}' is not one of {', '.join(MONETIZATION)}")
    if attr in BOOLEANS:
        if not isinstance(raw, bool) and text.lower() not in ("true", "false"):
            raise ConditionError(f"{where} must be true or false, got {raw!r}")
        return text.lower()
    if attr in NUMBERS:
        try:
            float(text)
        except ValueError:
            raise ConditionError(f"{where} must be a number, got {raw!r}") from None
        return text
    if name in ("with_status", "with_type"):
        return str(_int(where, raw, minimum=0, maximum=5 if name == "with_status" else 6))
    if attr in DATES:
        return _date(where, text)
    if attr in YEARS:
        return str(_int(where, raw, minimum=1800, maximum=9999))
    if attr in INTS:
        return str(_int(where, raw, minimum=0))
    return text


def _int(where: str, raw: Any, minimum: int, maximum: int | None = None) -> int:
    text = str(raw).strip()
    if isinstance(raw, bool) or not re.fullmatch(r"\d+", text) or int(text) < minimum \
            or (maximum is not None and int(text) > maximum):
        span = f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"
        raise ConditionError(f"{where} must be a whole number {span}, got {raw!r}")
    return int(text)


def _date(where: str, text: str) -> str:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text) or re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    try:
        if match is None:
            raise ValueError
        a, b, c = (int(g) for g in match.groups())
        day = date(c, a, b) if "/" in text else date(a, b, c)
    except ValueError:
        raise ConditionError(f"{where} must be a date as MM/DD/YYYY, got '{text}'") from None
    return day.isoformat()
