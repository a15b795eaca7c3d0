"""``trakt_chart``'s filters, checked and written as Trakt's chart filter parameters (as Kometa
documents them): ``query`` (text), ``years`` (``1990`` or ``1990-1999``), ``genres``, ``languages``,
``countries``, ``certifications`` (one or a list or comma-separated; Trakt's slugs and two-letter
codes), ``runtimes`` (minutes), ``votes``, ``tmdb_votes``, ``imdb_votes`` (whole numbers or ranges),
``ratings``, ``rt_meters``, ``rt_user_meters``, ``metascores`` (``0-100``), ``tmdb_ratings`` and
``imdb_ratings`` (``0-10``, decimals allowed), ``studio_ids`` (Trakt studio ids) and, for shows only,
``network_ids`` (Trakt network ids) and ``status`` (``returning``, ``production``, ``planned``,
``canceled``, ``ended``; sent as Trakt names them: ``returning series``, ``in production``, ...)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kometa.sources.conditions import ConditionError

RANGES = {"years": (1000, 3000, False), "runtimes": (0, 10_000, False), "votes": (0, 10**9, False),
          "tmdb_votes": (0, 10**9, False), "ratings": (0, 100, False), "tmdb_ratings": (0, 10, True),
          "imdb_ratings": (0, 10, True), "imdb_votes": (0, 10**9, False), "rt_meters": (0, 100, False),
          "rt_user_meters": (0, 100, False), "metascores": (0, 100, False)}
WORDS = ("genres", "languages", "countries", "certifications")
IDS = ("studio_ids", "network_ids")
STATUSES = {"returning": "returning series", "production": "in production", "planned": "planned",
            "canceled": "canceled", "ended": "ended"}
SHOWS_ONLY = ("network_ids", "status")
#: every filter Kometa documents for ``trakt_chart``
NAMES = ("query", *WORDS, *RANGES, *IDS, "status")


def _range(key: str, name: str, value: Any) -> str:
    low, high, decimals = RANGES[name]
    number = r"\d+(?:\.\d+)?" if decimals else r"\d+"
    text = str(value).strip()
    match = re.fullmatch(rf"({number})(?:\s*-\s*({number}))?", text)
    if isinstance(value, bool) or not match:
        raise ConditionError(f"{key}: {name} must be a {'number' if decimals else 'whole number'} or a range "
                             f"like {low}-{high}, got {value!r}")
    a, b = float(match.group(1)), float(match.group(2) or match.group(1))
    if not (low <= a <= high and low <= b <= high) or a > b:
        raise ConditionError(f"{key}: {name} must be between {low} and {high} (smaller first), got {value!r}")
    return f"{match.group(1)}-{match.group(2)}" if match.group(2) else match.group(1)


def _words(key: str, name: str, value: Any) -> str:
    raw = value if isinstance(value, list) else str(value).split(",")
    words = [str(v).strip().lower() for v in raw if str(v).strip()]
    if not words or not all(re.fullmatch(r"[a-z0-9][a-z0-9\-]*", w) for w in words):
        raise ConditionError(f"{key}: {name} must be Trakt slugs or codes (e.g. action, science-fiction), got {value!r}")
    if name in ("languages", "countries") and not all(len(w) == 2 for w in words):
        raise ConditionError(f"{key}: {name} must be two-letter codes, got {value!r}")
    return ",".join(words)


def _list(value: Any) -> list[str]:
    raw = value if isinstance(value, list) else str(value).split(",")
    return [str(v).strip().lower() for v in raw if str(v).strip()]


def chart_filters(key: str, spec: Mapping[str, Any], shows: bool = False) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in spec.items():
        if name in ("chart", "time_period", "limit"):
            continue
        if value is None:
            raise ConditionError(f"{key}: {name} has no value")
        if name in SHOWS_ONLY and not shows:
            raise ConditionError(f"{key}: the {name} filter works in show libraries only")
        if name == "query":
            out[name] = str(value)
        elif name in IDS:
            ids = _list(value)
            if not ids or not all(i.isdigit() for i in ids):
                raise ConditionError(f"{key}: {name} must be Trakt ids (numbers), got {value!r}")
            out[name] = ",".join(ids)
        elif name == "status":
            words = _list(value)
            bad = next((w for w in words if w not in STATUSES), None) if words else str(value)
            if bad is not None:
                raise ConditionError(f"{key}: status must be one of {', '.join(STATUSES)}, got {bad!r}")
            out[name] = ",".join(STATUSES[w] for w in words)
        elif name in WORDS:
            out[name] = _words(key, name, value)
        elif name in RANGES:
            out[name] = _range(key, name, value)
    return out
