"""The Ergast F1 API (as Jolpica serves it today) under ``/ergast`` (``KOMETA_ERGAST_URL=
http://HOST:PORT/ergast`` replaces ``https://api.jolpi.ca/ergast``), in Ergast's documented JSON.

* ``GET /ergast/f1/{season}.json``: the season's races, ``{"MRData": {"xmlns", "series": "f1",
  "url", "limit", "offset", "total", "RaceTable": {"season", "Races": [...]}}}``. A race has
  ``season``, ``round`` (strings, as Ergast sends every value), ``url``, ``raceName`` (``Bahrain
  Grand Prix``), ``Circuit`` (``circuitId``, ``url``, ``circuitName``, ``Location``: ``lat``,
  ``long``, ``locality``, ``country``), ``date`` (``2021-03-28``, the race's Sunday), ``time``
  (``15:00:00Z``), and its sessions ``FirstPractice``, ``SecondPractice``, ``ThirdPractice`` (or, on
  a sprint weekend, ``Sprint``), ``Qualifying``, each ``{"date", "time"}``.
* Seasons 1950 to 2030 have races (a deterministic draw from the seed: more rounds in later
  seasons, a Sunday every two weeks from March, sprint weekends from 2021); another season is
  Ergast's empty answer (``total: "0"``, ``Races: []``), not an error. ``limit``/``offset`` query
  parameters page the races as Ergast's do (default 30).
* Another path is 404 ``{"detail": "Not found."}``. No key (the API is public); metasim's rate
  limit and faults apply as to every service.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ..app import Service
from ..model import rng_for

if TYPE_CHECKING:
    from ..app import Meta

PREFIX = "/ergast"
FIRST, LAST = 1950, 2030

#: (race name without "Grand Prix", circuit id, circuit name, locality, country, lat, long)
GRANDS_PRIX: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("Australian", "albert_park", "Albert Park Grand Prix Circuit", "Melbourne", "Australia", "-37.8497", "144.968"),
    ("Bahrain", "bahrain", "Bahrain International Circuit", "Sakhir", "Bahrain", "26.0325", "50.5106"),
    ("Chinese", "shanghai", "Shanghai International Circuit", "Shanghai", "China", "31.3389", "121.22"),
    ("Azerbaijan", "baku", "Baku City Circuit", "Baku", "Azerbaijan", "40.3725", "49.8533"),
    ("Spanish", "catalunya", "Circuit de Barcelona-Catalunya", "Montmeló", "Spain", "41.57", "2.26111"),
    ("Monaco", "monaco", "Circuit de Monaco", "Monte-Carlo", "Monaco", "43.7347", "7.42056"),
    ("Canadian", "villeneuve", "Circuit Gilles Villeneuve", "Montreal", "Canada", "45.5", "-73.5228"),
    ("French", "ricard", "Circuit Paul Ricard", "Le Castellet", "France", "43.2506", "5.79167"),
    ("Austrian", "red_bull_ring", "Red Bull Ring", "Spielberg", "Austria", "47.2197", "14.7647"),
    ("British", "silverstone", "Silverstone Circuit", "Silverstone", "UK", "52.0786", "-1.01694"),
    ("German", "hockenheimring", "Hockenheimring", "Hockenheim", "Germany", "49.3278", "8.56583"),
    ("Hungarian", "hungaroring", "Hungaroring", "Budapest", "Hungary", "47.5789", "19.2486"),
    ("Belgian", "spa", "Circuit de Spa-Francorchamps", "Spa", "Belgium", "50.4372", "5.97139"),
    ("Dutch", "zandvoort", "Circuit Park Zandvoort", "Zandvoort", "Netherlands", "52.3888", "4.54092"),
    ("Italian", "monza", "Autodromo Nazionale di Monza", "Monza", "Italy", "45.6156", "9.28111"),
    ("Singapore", "marina_bay", "Marina Bay Street Circuit", "Marina Bay", "Singapore", "1.2914", "103.864"),
    ("Japanese", "suzuka", "Suzuka Circuit", "Suzuka", "Japan", "34.8431", "136.541"),
    ("United States", "americas", "Circuit of the Americas", "Austin", "USA", "30.1328", "-97.6411"),
    ("Mexico City", "rodriguez", "Autódromo Hermanos Rodríguez", "Mexico City", "Mexico", "19.4042", "-99.0907"),
    ("Brazilian", "interlagos", "Autódromo José Carlos Pace", "São Paulo", "Brazil", "-23.7036", "-46.6997"),
    ("Abu Dhabi", "yas_marina", "Yas Marina Circuit", "Abu Dhabi", "UAE", "24.4672", "54.6031"),
    ("Saudi Arabian", "jeddah", "Jeddah Corniche Circuit", "Jeddah", "Saudi Arabia", "21.6319", "39.1044"),
    ("Miami", "miami", "Miami International Autodrome", "Miami", "USA", "25.9581", "-80.2389"),
    ("Emilia Romagna", "imola", "Autodromo Enzo e Dino Ferrari", "Imola", "Italy", "44.3439", "11.7167"),
    ("Portuguese", "portimao", "Autódromo Internacional do Algarve", "Portimão", "Portugal", "37.227", "-8.6267"),
    ("Qatar", "losail", "Losail International Circuit", "Al Daayen", "Qatar", "25.49", "51.4542"),
)


def races(seed: int, season: int) -> list[dict[str, Any]]:
    """The season's races (Ergast's shape), the same for the same seed and season."""
    if not FIRST <= season <= LAST:
        return []
    rng = rng_for(seed, "ergast", season)
    count = min(len(GRANDS_PRIX), 7 + (season - FIRST) * 17 // (LAST - FIRST) + rng.randint(0, 2))
    chosen = rng.sample(range(len(GRANDS_PRIX)), count)
    first = date(season, 3, 1)
    sunday = first + timedelta(days=(6 - first.weekday()) % 7 + 7 * rng.randint(0, 2))
    out = []
    for number, index in enumerate(chosen, 1):
        name, circuit, circuit_name, locality, country, lat, long = GRANDS_PRIX[index]
        day = sunday + timedelta(days=14 * (number - 1))
        race: dict[str, Any] = {
            "season": str(season), "round": str(number),
            "url": f"https://en.wikipedia.org/wiki/{season}_{name.replace(' ', '_')}_Grand_Prix",
            "raceName": f"{name} Grand Prix",
            "Circuit": {"circuitId": circuit, "url": f"https://en.wikipedia.org/wiki/{circuit}",
                        "circuitName": circuit_name,
                        "Location": {"lat": lat, "long": long, "locality": locality, "country": country}},
            "date": day.isoformat(), "time": "14:00:00Z"}
        if season >= 2006:  # sessions are listed for recent seasons only, as on Ergast
            sprint = season >= 2021 and rng.random() < 0.25
            friday, saturday = (day - timedelta(days=2)).isoformat(), (day - timedelta(days=1)).isoformat()
            race["FirstPractice"] = {"date": friday, "time": "11:30:00Z"}
            if sprint:
                race["Qualifying"] = {"date": friday, "time": "15:00:00Z"}
                race["SecondPractice"] = {"date": saturday, "time": "10:30:00Z"}
                race["Sprint"] = {"date": saturday, "time": "14:30:00Z"}
            else:
                race["SecondPractice"] = {"date": friday, "time": "15:00:00Z"}
                race["ThirdPractice"] = {"date": saturday, "time": "11:30:00Z"}
                race["Qualifying"] = {"date": saturday, "time": "15:00:00Z"}
        out.append(race)
    return out


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() else default


def authorised(meta: Meta, request: Request) -> bool:
    return True


def error(status: int, kind: str) -> Response:
    from ..app import json_body
    message = {"not_found": "Not found.", "rate_limited": "Request was throttled."}.get(kind, "Server error.")
    return json_body({"detail": message}, status)


def _routes(meta: Meta) -> list[BaseRoute]:
    async def season(request: Request) -> Response:
        from ..app import json_body
        text = str(request.path_params["season"])
        if not text.isdigit():
            return error(404, "not_found")
        year = int(text)
        found = races(meta.world.seed, year)
        limit = max(1, min(100, _int(request.query_params.get("limit"), 30)))
        offset = _int(request.query_params.get("offset"), 0)
        return json_body({"MRData": {
            "xmlns": "", "series": "f1", "url": f"http://api.jolpi.ca/ergast/f1/{year}.json",
            "limit": str(limit), "offset": str(offset), "total": str(len(found)),
            "RaceTable": {"season": str(year), "Races": found[offset:offset + limit]}}})

    return [Route("/f1/{season}.json", season, methods=["GET"])]


SERVICE = Service(name="ergast", prefix=PREFIX, routes=_routes, authorised=authorised, error=error)
