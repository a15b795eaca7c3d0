"""One seeded world: the Plex library plexsim serves and the catalogue the metadata services know.

``World(seed=1, movies=200, shows=20)`` is deterministic: every object comes from a
``random.Random`` seeded by a hash of (seed, kind, index or id) — never the wall clock, never the
order objects were asked for. Two processes with the same arguments hold the same world.

What is in it
    * **Library**: ``movies`` movies and ``shows`` shows (catalogue positions ``0..movies-1``);
      ``plexsim --world`` with the same seed/movies/shows serves exactly these (see
      ``plexsim.world_library``).
    * **Missing**: about 25% more catalogue titles of each kind that are *not* in the library
      (``round(n / 4)``, at least 1 when ``n > 0``). About a fifth of the missing movies are
      upcoming (released after :data:`~metasim.model.TODAY`, 2025-12-01, the world's fixed today).
    * Every title has a TMDb id (movies 2-1,299,999; shows 1-299,999), an IMDb id (``tt`` + 7-8
      digits; a few missing titles have none), a TVDb id (every show; about 60% of movies; no two
      shows, and no two movies, share one), title,
      original title and language (following the first origin country), dates, runtime, TMDb genre
      ids (TMDb's real genre tables), keywords, cast and crew (TMDb person ids), production
      companies and networks (TMDb's real ids for real names, ``metasim.tables``), certifications
      per country, watch providers per region, votes and popularity.
    * **Franchises**: about one movie in twelve starts a TMDb collection of 2-5 parts; each has a
      library part and every other one also a missing part. **Public lists**: a few v3 lists.
    * **Plex view** of a library title: ``title.plex_guid`` (``plex://movie/<24 hex>`` or
      ``plex://show/<24 hex>``) and ``title.plex_guids`` (``imdb://…``, ``tmdb://…``, ``tvdb://…``).
      Exactly one library title in twenty (positions ``i`` with ``(i + offset) % 20 == 0``) is a
      **legacy-agent** item: ``plex_guid`` is ``com.plexapp.agents.imdb://tt…?lang=en`` or
      ``com.plexapp.agents.themoviedb://<id>?lang=en`` (movies, alternating) or
      ``com.plexapp.agents.thetvdb://<id>?lang=en`` (shows), and it has no Guid elements.

Any well-formed id resolves
    Real configs name thousands of TMDb ids. A collection, list, person, company, keyword,
    network, movie or show id the world does not list (any integer ``1..989,999,999``) answers
    with content made from (seed, kind, id): a name and members drawn mostly (about 80%) from the
    library plus some missing titles (a synthetic person's credits are mostly in the department they
    are known for, some in others). The same id always gives the same answer. Such *synthetic*
    objects are one-way: their members do not name them back (a synthetic company's movies do not
    list that company), and synthetic movies/shows are never in the library or in discover results.

Reserved ids
    Ids ``990,000,000..999,999,999`` (:data:`RESERVED`) of every kind, ids above that, zero,
    negative and non-numeric ids are *not found*: services answer 404. Tests use them for
    not-found paths. Unknown IMDb/TVDb ids in ``find`` give empty results, as TMDb does.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any, cast

from . import tables as T
from .generate import (
    MAX_ID,
    RESERVED_HI,
    RESERVED_LO,
    People,
    keyword_id,
    make_person,
    make_title,
    synthetic_name,
    unique_ids,
)
from .model import TODAY, Credit, Group, Person, Season, Title, derive, hex24, rng_for

RESERVED = range(RESERVED_LO, RESERVED_HI + 1)
GROUP_KINDS = ("collection", "company", "network", "keyword", "list")
_SYNTHETIC_CACHE = 4096


def well_formed(value: object) -> int | None:
    """The id as an int when it names something (explicit or synthetic), else None (not found)."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    if number < 1 or number > MAX_ID or number in RESERVED:
        return None
    return number


def extra_count(n: int) -> int:
    """How many missing catalogue titles go with ``n`` library titles (about 25%)."""
    return max(1, round(n / 4)) if n > 0 else 0


class World:
    """The seeded world. Accessors return model objects (:mod:`metasim.model`); None = not found."""

    def __init__(self, seed: int = 1, movies: int = 200, shows: int = 20) -> None:
        if movies < 0 or shows < 0:
            raise ValueError("movies and shows must not be negative")
        self.seed = seed
        self.library_movies = movies
        self.library_shows = shows
        n_movies, n_shows = movies + extra_count(movies), shows + extra_count(shows)
        self.keywords: dict[int, str] = {keyword_id(name): name for name in T.KEYWORDS}
        self.people = People(seed, min(6000, max(60, 3 * (n_movies + n_shows))))
        keyword_ids = list(self.keywords)
        movie_ids = unique_ids(seed, "movie", n_movies, 2, 1_299_999)
        show_ids = unique_ids(seed, "tv", n_shows, 1, 299_999)
        self.movies = [make_title(seed, "movie", i, tid, i < movies, self.people, keyword_ids)
                       for i, tid in enumerate(movie_ids)]
        self.shows = [make_title(seed, "tv", i, tid, i < shows, self.people, keyword_ids)
                      for i, tid in enumerate(show_ids)]
        self._keyword_pool = keyword_ids  # what titles draw their keywords from (synthetic ones too)
        self.keywords.update(self._stingers())
        self._titles: dict[tuple[str, int], Title] = {t.key: t for t in self.titles}
        self._imdb: dict[str, Title] = {}
        self._tvdb: dict[int, Title] = {}
        self._tvdb_movies: dict[int, Title] = {}
        self._index_external_ids()
        self._plex_view()
        self.collections = self._franchises(movie_ids)
        self.lists = self._lists()
        self.companies = self._explicit_groups("company", ((c[0], c[1], c[2]) for c in T.COMPANIES),
                                               lambda t, gid: gid in t.company_ids)
        self.networks = self._explicit_groups("network", ((n[0], n[1], n[2]) for n in T.NETWORKS),
                                              lambda t, gid: gid in t.network_ids, kinds=("tv",))
        self.keyword_groups = self._explicit_groups("keyword", ((k, n, "") for k, n in self.keywords.items()),
                                                    lambda t, gid: gid in t.keyword_ids)
        self._credits: dict[int, list[tuple[Title, Credit]]] = {}
        for title in self.titles:
            for credit in title.cast + title.crew:
                self._credits.setdefault(credit.person_id, []).append((title, credit))
        self._synthetic: dict[tuple[str, int], Any] = {}

    # -- building ----------------------------------------------------------------------------
    def _stingers(self) -> dict[int, str]:
        """TMDb's MediaStinger keywords (a scene during or after the credits) on some movies: drawn on
        their own, so no other keyword of any title moved when they were added."""
        found = {keyword_id(name): name for name in T.STINGERS}
        after, during = list(found)
        for title in self.movies:
            roll = derive(self.seed, "stinger", title.tmdb_id) % 8
            extra = {0: [after], 1: [during], 2: [after, during]}.get(roll, [])
            title.keyword_ids = sorted({*title.keyword_ids, *extra})
        return found

    def _index_external_ids(self) -> None:
        for title in self.titles:
            if title.imdb_id:
                bump = 0
                while title.imdb_id in self._imdb:  # keep IMDb ids unique across the catalogue
                    bump += 1
                    title.imdb_id = f"tt{derive(self.seed, 'tt', title.kind, title.tmdb_id, bump) % 39_000_000 + 100_000:07d}"
                self._imdb[title.imdb_id] = title
            if title.tvdb_id:  # TVDb ids are unique per kind (a series and a movie may share a number, as on TVDb)
                index = self._tvdb if title.kind == "tv" else self._tvdb_movies
                while title.tvdb_id in index:
                    title.tvdb_id += 1
                index[title.tvdb_id] = title

    def _plex_view(self) -> None:
        offset = derive(self.seed, "legacy") % 20
        for title in self.library:
            kind = "movie" if title.kind == "movie" else "show"
            title.plex_guid = f"plex://{kind}/{hex24(self.seed, 'plex', title.kind, title.index)}"
            if (title.index + offset) % 20 == 0:
                title.legacy = True
                if title.kind == "tv":
                    title.plex_guid = f"com.plexapp.agents.thetvdb://{title.tvdb_id}?lang=en"
                elif (title.index // 20) % 2 == 0 and title.imdb_id:
                    title.plex_guid = f"com.plexapp.agents.imdb://{title.imdb_id}?lang=en"
                else:
                    title.plex_guid = f"com.plexapp.agents.themoviedb://{title.tmdb_id}?lang=en"

    def _franchises(self, movie_ids: list[int]) -> dict[int, Group]:
        rng = rng_for(self.seed, "franchises")
        library = [t for t in self.movies if t.in_library]
        missing = [t for t in self.movies if not t.in_library]
        rng.shuffle(library)
        rng.shuffle(missing)
        count = max(2, len(self.movies) // 12) if self.movies else 0
        ids = unique_ids(self.seed, "collection", count, 10, 1_499_999)
        out: dict[int, Group] = {}
        for n, cid in enumerate(ids):
            if not library:
                break
            parts = [library.pop()]
            if n % 2 == 0 and missing:
                parts.append(missing.pop())
            for _ in range(rng.randint(0, 3)):
                pool = library if (rng.random() < 0.75 and library) or not missing else missing
                if pool:
                    parts.append(pool.pop())
            parts.sort(key=lambda t: (t.date_text, t.tmdb_id))
            base = parts[0].title.removeprefix("The ")
            for part in parts:
                part.collection_id = cid
            out[cid] = Group("collection", cid, f"The {base} Collection", parts,
                             overview=f"The films of the {base} saga.")
        return out

    def _lists(self) -> dict[int, Group]:
        count = max(3, len(self.titles) // 40) if self.titles else 0
        out: dict[int, Group] = {}
        for lid in unique_ids(self.seed, "list", count, 1, 8_999_999):
            rng = rng_for(self.seed, "list", lid)
            items = rng.sample(self.titles, min(len(self.titles), rng.randint(10, 50)))
            out[lid] = Group("list", lid, synthetic_name(self.seed, "list", lid), items,
                             overview="A public list.")
        return out

    def _explicit_groups(self, kind: str, rows: Iterable[tuple[int, str, str]], has: Callable[[Title, int], bool],
                         kinds: tuple[str, ...] = ("movie", "tv")) -> dict[int, Group]:
        out: dict[int, Group] = {}
        for gid, name, country in rows:
            members = [t for t in self.titles if t.kind in kinds and has(t, gid)]
            out[gid] = Group(kind, gid, name, members, country=country)
        return out

    # -- titles -----------------------------------------------------------------------------
    @property
    def titles(self) -> list[Title]:
        """The whole catalogue: movies then shows (library and missing)."""
        return self.movies + self.shows

    @property
    def library(self) -> list[Title]:
        """The titles plexsim serves (movies then shows)."""
        return [t for t in self.titles if t.in_library]

    @property
    def missing(self) -> list[Title]:
        return [t for t in self.titles if not t.in_library]

    def title(self, kind: str, tmdb_id: object) -> Title | None:
        """Movie (``kind="movie"``) or show (``"tv"``) by TMDb id: catalogue, else synthetic, else None."""
        number = well_formed(tmdb_id)
        if number is None or kind not in ("movie", "tv"):
            return None
        found = self._titles.get((kind, number))
        if found is not None:
            return found
        return cast(Title, self._cached((kind, number), lambda: self._synthetic_title(kind, number)))

    def _synthetic_title(self, kind: str, number: int) -> Title:
        """A title outside the catalogue; its TVDb id is moved past the catalogue's (no two of a kind share one)."""
        title = make_title(self.seed, kind, -1, number, False, self.people, list(self._keyword_pool), synthetic=True)
        index = self._tvdb if kind == "tv" else self._tvdb_movies
        while title.tvdb_id and title.tvdb_id in index:
            title.tvdb_id += 1
        return title

    def by_imdb(self, imdb_id: str) -> Title | None:
        return self._imdb.get(imdb_id)

    def episode_by_imdb(self, imdb_id: str) -> tuple[Title, Season, int] | None:
        """(show, season, episode number) of an episode's IMDb id (``Title.episode_imdb_id``)."""
        digits = imdb_id[2:] if imdb_id.startswith("tt") else ""
        if not digits.isdigit() or int(digits) < 40_000_000:
            return None
        rest = int(digits) - 40_000_000
        index, season_number, number = rest // 10_000, rest % 10_000 // 100, rest % 100
        if index >= len(self.shows):
            return None
        show = self.shows[index]
        season = next((s for s in show.seasons if s.season_number == season_number), None)
        if not show.imdb_id or season is None or not 1 <= number <= season.episode_count:
            return None
        return show, season, number

    def by_tvdb(self, tvdb_id: object, kind: str = "tv") -> Title | None:
        """The catalogue's show (``kind="movie"``: movie) with this TVDb id."""
        try:
            return (self._tvdb if kind == "tv" else self._tvdb_movies).get(int(str(tvdb_id)))
        except ValueError:
            return None

    # -- people ----------------------------------------------------------------------------
    def person(self, person_id: object) -> Person | None:
        number = well_formed(person_id)
        if number is None:
            return None
        return self.people.people.get(number) or cast(Person, self._cached(
            ("person", number), lambda: make_person(self.seed, number)))

    def credits(self, person_id: int) -> list[tuple[Title, Credit]]:
        """(title, credit) pairs of a person: explicit people from the catalogue, others synthetic."""
        if person_id in self._credits or person_id in self.people.people:
            return self._credits.get(person_id, [])
        if self.person(person_id) is None:
            return []

        def make() -> list[tuple[Title, Credit]]:
            person = make_person(self.seed, person_id)
            rng = rng_for(self.seed, "person-credits", person_id)
            # like real people, most credits are in the department they are known for and some in
            # others (a writer-director, an actor who produces); the first is always the known one
            side = rng_for(self.seed, "person-departments", person_id)
            others = sorted(d for d in T.DEPARTMENTS if d != person.known_for_department)
            out = []
            for n, title in enumerate(self._draw(rng, ("movie", "tv"), 3, 12)):
                dept = person.known_for_department if n == 0 or side.random() < 0.6 else side.choice(others)
                jobs = T.DEPARTMENTS.get(dept) or ("Director",)
                credit = Credit(person_id, hex24(self.seed, "credit", person_id, n), dept,
                                job=None if dept == "Acting" else rng.choice(jobs),
                                character=f"{rng.choice(T.FIRST)} {rng.choice(T.NOUN)}" if dept == "Acting" else None,
                                order=rng.randint(0, 8))
                out.append((title, credit))
            return out

        return cast(list[tuple[Title, Credit]], self._cached(("person-credits", person_id), make))

    # -- groups ------------------------------------------------------------------------------
    def group(self, kind: str, gid: object) -> Group | None:
        """A collection, company, network, keyword or list by id (explicit, else synthetic)."""
        number = well_formed(gid)
        if number is None or kind not in GROUP_KINDS:
            return None
        explicit = {"collection": self.collections, "company": self.companies, "network": self.networks,
                    "keyword": self.keyword_groups, "list": self.lists}[kind]
        if number in explicit:
            return explicit[number]
        return cast(Group, self._cached((kind, number), lambda: self._synthetic_group(kind, number)))

    def _synthetic_group(self, kind: str, gid: int) -> Group:
        rng = rng_for(self.seed, "members", kind, gid)
        kinds, lo, hi = {"collection": (("movie",), 2, 6), "company": (("movie", "tv"), 4, 20),
                         "network": (("tv",), 1, 5), "keyword": (("movie", "tv"), 3, 16),
                         "list": (("movie", "tv"), 5, 30)}[kind]
        members = self._draw(rng, kinds, lo, hi)
        if kind == "collection":
            members.sort(key=lambda t: (t.date_text, t.tmdb_id))
        country = rng.choice(list(T.COUNTRIES)) if kind in ("company", "network") else ""
        return Group(kind, gid, synthetic_name(self.seed, kind, gid), members, country=country, synthetic=True)

    def _draw(self, r: random.Random, kinds: tuple[str, ...], lo: int, hi: int) -> list[Title]:
        """Titles for a synthetic object: about 80% from the library, the rest missing titles."""
        pool_lib = [t for t in self.titles if t.kind in kinds and t.in_library]
        pool_miss = [t for t in self.titles if t.kind in kinds and not t.in_library]
        want = r.randint(lo, hi)
        chosen: dict[int, Title] = {}
        for _ in range(want * 3):
            if len(chosen) >= want or not (pool_lib or pool_miss):
                break
            pool = pool_lib if (r.random() < 0.8 and pool_lib) or not pool_miss else pool_miss
            pick = r.choice(pool)
            chosen.setdefault(id(pick), pick)
        return list(chosen.values())

    def _cached(self, key: tuple[str, int], make: Callable[[], Any]) -> Any:
        if key not in self._synthetic:
            if len(self._synthetic) >= _SYNTHETIC_CACHE:
                self._synthetic.pop(next(iter(self._synthetic)))
            self._synthetic[key] = make()
        return self._synthetic[key]

    # -- rankings ------------------------------------------------------------------------------
    def trending(self, media: str, window: str) -> list[Title | Person]:
        """Titles (``movie``/``tv``), people (``person``) or all three (``all``, as TMDb: the
        busiest people of the credit pool beside the titles) ranked for ``day`` or ``week``."""
        rows: list[tuple[float, str, int, Title | Person]] = []
        if media in ("movie", "tv", "all"):
            rows += [(-t.popularity * self._trend(window, t.kind, t.tmdb_id), t.kind, t.tmdb_id, t)
                     for t in self.titles if media == "all" or t.kind == media]
        if media in ("person", "all"):
            people = self.people.people.values() if media == "person" else [
                self.people.people[pid] for dept in self.people.by_dept.values() for pid in dept[:10]]
            rows += [(-p.popularity * self._trend(window, "person", p.id), "person", p.id, p) for p in people]
        rows.sort(key=lambda row: row[:3])
        return [row[3] for row in rows]

    def _trend(self, window: str, kind: str, ident: int) -> float:
        spread = 2.0 if window == "day" else 1.0
        return 0.25 + spread * (derive(self.seed, "trend", window, kind, ident) % 10_000) / 10_000

    def chart(self, name: str) -> list[Title]:
        """TMDb's fixed lists: popular, top_rated, now_playing, upcoming, airing_today, on_the_air."""
        kind = "tv" if name in ("airing_today", "on_the_air") else "movie"
        return self.kind_chart(kind, name)

    def kind_chart(self, kind: str, name: str) -> list[Title]:
        pool = [t for t in self.titles if t.kind == kind]
        by_pop = sorted(pool, key=lambda t: (-t.popularity, t.tmdb_id))
        if name == "popular":
            return by_pop
        if name == "top_rated":
            rated = [t for t in pool if t.vote_count >= 100]
            return sorted(rated, key=lambda t: (-t.vote_average, -t.vote_count, t.tmdb_id))
        if name == "now_playing":
            lo, hi = NOW_PLAYING
            return [t for t in by_pop if t.release_date and lo <= t.release_date <= hi]
        if name == "upcoming":
            lo, hi = UPCOMING
            return [t for t in by_pop if t.release_date and lo <= t.release_date <= hi]
        returning = [t for t in by_pop if t.status == "Returning Series" and t.last_air_date]
        age = {t.tmdb_id: (TODAY - t.last_air_date).days for t in returning if t.last_air_date}
        if name == "on_the_air":
            return [t for t in returning if age[t.tmdb_id] <= 7]
        if name == "airing_today":
            return [t for t in returning if age[t.tmdb_id] % 7 == 0]
        raise KeyError(name)


#: the release windows of ``movie/now_playing`` and ``movie/upcoming`` (inclusive)
NOW_PLAYING = (TODAY - timedelta(days=45), TODAY)
UPCOMING = (TODAY + timedelta(days=1), TODAY + timedelta(days=240))
