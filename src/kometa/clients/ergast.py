"""The Ergast F1 API (``https://api.jolpi.ca/ergast``, Jolpica's successor of ergast.com, as Kometa
uses it; ``KOMETA_ERGAST_URL`` replaces the root) on the shared policy: a season's races, for the
``f1_season`` of metadata files.

``GET /f1/{season}.json`` answers ``MRData.RaceTable.Races``: each race's ``round``, ``raceName``
and ``date`` (strings). No key. Jolpica allows 4 requests a second (and 500 an hour), so the policy
asks slowly; a season's answer is cached for ``cache_expiration`` days, so a second run asks nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import Any

from kometa.clients.cache import Cache
from kometa.clients.policy import Policy, Service, ServiceError

API_ROOT = "https://api.jolpi.ca/ergast"
URL_ENV = "KOMETA_ERGAST_URL"


def api_root() -> str:
    return (os.environ.get(URL_ENV) or API_ROOT).rstrip("/")


@dataclass(frozen=True)
class RaceInfo:
    """One race of a season as Ergast gives it."""

    season: int
    round: int
    name: str  # "Bahrain Grand Prix"
    day: date | None  # the race's day (None when Ergast's date is missing or malformed)


def races_of(answer: Any) -> list[RaceInfo]:
    """The races of an Ergast season answer; ServiceError when it is not one."""
    try:
        raw = answer["MRData"]["RaceTable"]["Races"]
    except (KeyError, TypeError):
        raise ServiceError("Ergast", "not an Ergast season answer (no MRData.RaceTable.Races)") from None
    out = []
    for race in raw if isinstance(raw, list) else []:
        try:
            season, number, name = int(race["season"]), int(race["round"]), str(race["raceName"])
        except (KeyError, TypeError, ValueError):
            continue
        try:
            day: date | None = date.fromisoformat(str(race.get("date")))
        except ValueError:
            day = None
        out.append(RaceInfo(season, number, name, day))
    return out


class ErgastClient:
    """Ergast for one run (shared across libraries)."""

    def __init__(self, cache: Cache | None, *, expiration_days: int = 60, base_url: str | None = None,
                 policy: Policy | None = None) -> None:
        policy = policy or Policy("Ergast", rate=4.0, concurrency=1, expiration_days=expiration_days)
        self.service = Service(policy, base_url or api_root(), cache=cache)

    def races(self, season: int) -> list[RaceInfo]:
        """The season's races (empty for a season Ergast has none of). ServiceError when Ergast fails."""
        return races_of(self.service.get(f"/f1/{season}.json", {"limit": 100}))
