"""Generators for the world's titles, people and groups (see :mod:`metasim.world` for the rules).

Every function takes the world seed and derives its own ``random.Random`` from (seed, kind, index
or id), so one object never depends on the order others were made in.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from . import tables as T
from .model import TODAY, Credit, Person, Season, Title, derive, hex24, rng_for

#: ids of every kind in this range answer "not found" (HTTP 404) on every service
RESERVED_LO = 990_000_000
RESERVED_HI = 999_999_999
#: the largest well-formed id; anything above it is "not found" too
MAX_ID = 999_999_999


def pick_weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def unique_ids(seed: int, kind: str, n: int, lo: int, hi: int, avoid: set[int] | None = None) -> list[int]:
    """``n`` distinct ids in ``lo..hi`` for ``kind``; the i-th id depends only on (seed, kind, i)."""
    rng = rng_for(seed, "ids", kind)
    seen = set(avoid or ())
    out: list[int] = []
    while len(out) < n:
        value = rng.randint(lo, hi)
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(T.FIRST)} {rng.choice(T.LAST)}"


def make_person(seed: int, pid: int) -> Person:
    """The person with TMDb id ``pid`` (explicit or made for an unknown id: the same rules)."""
    rng = rng_for(seed, "person", pid)
    r = rng.random()
    dept = "Acting" if r < 0.7 else "Directing" if r < 0.8 else "Writing" if r < 0.9 else "Production"
    born = date(rng.randint(1925, 2005), rng.randint(1, 12), rng.randint(1, 28))
    died = None
    if born.year < 1950 and rng.random() < 0.4:
        died = date(min(2025, born.year + rng.randint(55, 95)), rng.randint(1, 12), rng.randint(1, 28))
    country = rng.choices(list(T.COUNTRY_WEIGHTS), list(T.COUNTRY_WEIGHTS.values()))[0]
    gender = rng.choices([0, 1, 2, 3], [4, 46, 46, 4])[0]
    return Person(id=pid, name=person_name(rng), gender=gender,
                  birthday=born if rng.random() < 0.9 else None, deathday=died,
                  place_of_birth=f"{rng.choice(T.NOUN)}ville, {T.COUNTRIES[country]}",
                  known_for_department=dept, popularity=round(rng.lognormvariate(1.2, 1.0), 3),
                  imdb_id=f"nm{derive(seed, 'nm', pid) % 9_000_000 + 100_000:07d}")


def _title_text(rng: random.Random, lang: str) -> tuple[str, str]:
    """(English title, original title)."""
    r = rng.random()
    if r < 0.45:
        base = f"The {rng.choice(T.ADJ)} {rng.choice(T.NOUN)}"
    elif r < 0.8:
        base = f"{rng.choice(T.ADJ)} {rng.choice(T.NOUN)}"
    else:
        base = f"{rng.choice(T.NOUN)} of the {rng.choice(T.ADJ)} {rng.choice(T.NOUN)}"
    original = rng.choice(T.FOREIGN[lang]) if lang in T.FOREIGN and lang != "en" else base
    if original != base and rng.random() < 0.3:
        base = original  # some foreign films keep their title in English listings
    return base, original


def _release(rng: random.Random, in_library: bool, kind: str) -> date:
    r = rng.random()
    if kind == "movie" and not in_library and r < 0.2:
        return TODAY + timedelta(days=rng.randint(1, 240))  # upcoming
    if (0.2 <= r < 0.26) or (in_library and r < 0.04):
        return TODAY - timedelta(days=rng.randint(0, 60))  # now playing / just aired
    year = max(1930 if kind == "movie" else 1955, min(2025, int(2025 - abs(rng.gauss(0, 20)))))
    day = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
    return min(day, TODAY - timedelta(days=61))


def _votes(rng: random.Random, released: date) -> tuple[float, int, float]:
    if released > TODAY:
        return 0.0, 0, round(rng.uniform(5, 80), 3)
    count = int(rng.lognormvariate(6.0, 1.8))
    average = round(max(1.0, min(9.4, rng.gauss(6.5, 1.0))), 3) if count else 0.0
    popularity = round(rng.lognormvariate(2.5, 1.1) + (30 if (TODAY - released).days < 90 else 0), 3)
    return average, count, popularity


def _certs(rng: random.Random, kind: str) -> dict[str, str]:
    ladders, weights = (T.MOVIE_CERTS, T.MOVIE_CERT_WEIGHTS) if kind == "movie" else (T.TV_CERTS, T.TV_CERT_WEIGHTS)
    step = rng.choices(range(len(weights)), weights)[0]
    return {country: ladder[step] for country, ladder in ladders.items() if country == "US" or rng.random() < 0.7}


def _providers(rng: random.Random, released: date) -> dict[str, dict[str, list[int]]]:
    if released > TODAY:
        return {}
    out: dict[str, dict[str, list[int]]] = {}
    for region in T.FLATRATE:  # (the first regions' draws; the regional ones come from _regional)
        if rng.random() > 0.75:
            continue
        offer: dict[str, list[int]] = {}
        flat = rng.sample(T.FLATRATE[region], rng.choice([0, 1, 1, 1, 2]))
        if flat:
            offer["flatrate"] = sorted(flat)
        stores = sorted(rng.sample(T.STORES, rng.randint(0, 3)))
        if stores:
            offer["rent"] = stores
            offer["buy"] = stores
        if offer:
            out[region] = offer
    return out


def _regional(seed: int, kind: str, tmdb_id: int, released: date,
              providers: dict[str, dict[str, list[int]]]) -> dict[str, dict[str, list[int]]]:
    """The regional services and the other ids a service has (T.REGIONAL_OFFERS) added to a title's
    offers, from a random stream of their own; Amazon Prime Video is id 119 where TMDb says so."""
    for region in T.PRIME_119:
        offer = providers.get(region, {})
        if 9 in offer.get("flatrate", []):
            offer["flatrate"] = sorted({119 if p == 9 else p for p in offer["flatrate"]})
    if released > TODAY:
        return providers
    rng = rng_for(seed, kind, "regional-providers", tmdb_id)
    for region, offers in T.REGIONAL_OFFERS.items():
        if rng.random() > 0.5:
            continue
        for pid, mode in rng.sample(offers, rng.choice([1, 1, 2])):
            ids = providers.setdefault(region, {}).setdefault(mode, [])
            if pid not in ids:
                ids.append(pid)
                ids.sort()
    return providers


class People:
    """The explicit person pool: actors drawn with a popularity skew, crew by department."""

    def __init__(self, seed: int, size: int) -> None:
        self.ids = unique_ids(seed, "person", size, 1, 4_999_999)
        self.people = {pid: make_person(seed, pid) for pid in self.ids}
        self.by_dept: dict[str, list[int]] = {}
        for pid in self.ids:
            self.by_dept.setdefault(self.people[pid].known_for_department, []).append(pid)
        for dept in ("Acting", "Directing", "Writing", "Production"):
            self.by_dept.setdefault(dept, list(self.ids[:5]))
        # the first people of each department are the busiest (weight 1 / (rank + 3))
        self._cum: dict[str, list[float]] = {}
        for dept, pool in self.by_dept.items():
            total, cum = 0.0, []
            for rank in range(len(pool)):
                total += 1.0 / (rank + 3)
                cum.append(total)
            self._cum[dept] = cum

    def draw(self, rng: random.Random, dept: str, k: int) -> list[int]:
        chosen = dict.fromkeys(rng.choices(self.by_dept[dept], cum_weights=self._cum[dept], k=k))
        return list(chosen)[:k]


def make_title(seed: int, kind: str, index: int, tmdb_id: int, in_library: bool, people: People,
               keyword_ids: list[int], synthetic: bool = False) -> Title:
    """One catalogue title (or, ``synthetic``, one made for an id outside the catalogue)."""
    rng = rng_for(seed, kind, "synthetic" if synthetic else index, tmdb_id if synthetic else "")
    countries = [rng.choices(list(T.COUNTRY_WEIGHTS), list(T.COUNTRY_WEIGHTS.values()))[0]]
    if rng.random() < 0.15:
        extra = rng.choice(list(T.COUNTRIES))
        if extra not in countries:
            countries.append(extra)
    lang = T.COUNTRY_LANGUAGE[countries[0]]
    name, original = _title_text(rng, lang)
    released = _release(rng, in_library, kind)
    average, count, popularity = _votes(rng, released)
    table = T.MOVIE_GENRE_WEIGHTS if kind == "movie" else T.TV_GENRE_WEIGHTS
    genres = list(dict.fromkeys(rng.choices(list(table), list(table.values()), k=rng.choice([1, 2, 2, 3]))))

    def credits(dept: str, jobs: tuple[str, ...], k: int) -> list[Credit]:
        ids = people.draw(rng, dept, k)
        return [Credit(person_id=pid, credit_id=hex24(seed, "credit", kind, tmdb_id, dept, n), department=dept,
                       job=rng.choice(jobs) if jobs else None,
                       character=f"{rng.choice(T.FIRST)} {rng.choice(T.NOUN)}" if dept == "Acting" else None,
                       order=n)
                for n, pid in enumerate(ids)]

    cast = credits("Acting", (), rng.randint(4, 10))
    crew = credits("Directing", ("Director",), 1) + credits("Writing", ("Writer", "Screenplay"), rng.randint(1, 2))
    crew += credits("Production", ("Producer", "Executive Producer"), rng.randint(1, 3))
    company_pool = [c[0] for c in T.COMPANIES]
    title = Title(
        kind=kind, index=index, in_library=in_library, tmdb_id=tmdb_id,
        imdb_id=f"tt{derive(seed, 'tt', kind, tmdb_id) % 39_000_000 + 100_000:07d}" if rng.random() < 0.97 else None,
        tvdb_id=None, title=name, original_title=original, original_language=lang, release_date=released,
        runtime=rng.randint(80, 185) if kind == "movie" else rng.randint(22, 60), genre_ids=genres,
        keyword_ids=sorted(rng.sample(keyword_ids, min(len(keyword_ids), rng.randint(1, 5)))),
        cast=cast, crew=crew, company_ids=rng.sample(company_pool, rng.choice([1, 1, 2, 3])),
        origin_countries=countries, vote_average=average, vote_count=count, popularity=popularity,
        certifications=_certs(rng, kind),
        providers=_regional(seed, kind, tmdb_id, released, _providers(rng, released)),
        overview=f"{name}: a {rng.choice(T.ADJ).lower()} story about a {rng.choice(T.NOUN).lower()}.",
        tagline=f"Every {rng.choice(T.NOUN).lower()} has a secret.", synthetic=synthetic,
    )
    if in_library:
        title.imdb_id = title.imdb_id or f"tt{derive(seed, 'tt2', kind, tmdb_id) % 9_000_000 + 100_000:07d}"
    if kind == "movie":
        title.tvdb_id = derive(seed, "tvdb", kind, tmdb_id) % 400_000 + 1 if rng.random() < 0.6 else None
        title.budget = rng.randint(1, 250) * 1_000_000 if rng.random() < 0.7 else 0
        title.revenue = int(title.budget * rng.uniform(0.2, 6.0)) if title.budget and released < TODAY else 0
        title.status = "Released" if released <= TODAY else "Post Production"
    else:
        _show(seed, rng, title)
    return title


def _show(seed: int, rng: random.Random, title: Title) -> None:
    title.tvdb_id = derive(seed, "tvdb", "tv", title.tmdb_id) % 380_000 + 70_000
    title.status = pick_weighted(rng, T.SHOW_STATUSES)
    title.show_type = pick_weighted(rng, T.SHOW_TYPES)
    title.network_ids = [rng.choice(T.NETWORKS)[0]]
    first = title.release_date or TODAY
    if title.status == "Returning Series":
        first = min(first, TODAY - timedelta(days=rng.randint(30, 400)))
        title.release_date = first
    seasons = 1 if title.show_type == "Miniseries" else rng.randint(1, 6)
    air = first
    for n in range(1, seasons + 1):
        title.seasons.append(Season(season_number=n, episode_count=rng.randint(6, 13), air_date=air,
                                    id=derive(seed, "season", title.tmdb_id, n) % 4_000_000 + 1))
        air = air + timedelta(days=rng.randint(300, 430))
        if air > TODAY:
            break
    last = title.seasons[-1]
    title.last_air_date = min(TODAY, last.air_date + timedelta(days=7 * (last.episode_count - 1)))
    if title.status == "Returning Series":
        title.last_air_date = TODAY - timedelta(days=rng.randint(0, 40))
    title.created_by = [c.person_id for c in title.crew if c.department == "Writing"][:1]


def keyword_id(name: str) -> int:
    """Explicit keywords have seed-independent ids (a config's keyword id means the same in every world)."""
    return derive(0, "keyword", name) % 350_000 + 1000


def synthetic_name(seed: int, kind: str, gid: int) -> str:
    rng = rng_for(seed, "name", kind, gid)
    adj, noun = rng.choice(T.ADJ), rng.choice(T.NOUN)
    return {
        "collection": f"The {adj} {noun} Collection",
        "company": f"{adj} {noun} {rng.choice(['Pictures', 'Films', 'Studios', 'Entertainment'])}",
        "network": f"{noun} {rng.choice(['TV', 'Channel', 'Network', '+'])}".replace(" +", "+"),
        "keyword": f"{adj.lower()} {noun.lower()}",
        "list": f"{rng.choice(T.FIRST)}'s {adj} {noun} Picks",
    }[kind]
