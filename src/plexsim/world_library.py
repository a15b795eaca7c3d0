"""World mode: a Plex library drawn from ``metasim.world.World`` instead of plexsim's own fixtures.

``populate_world(store, world)`` fills an empty store with the world's library titles (the first
``movies`` movies and ``shows`` shows of its catalogue), so plexsim and metasim started with the same
seed/movies/shows agree on every id: a movie's ``tmdb://`` Guid is the id metasim's TMDb knows.

What comes from the world: title, original title, year and release date, summary, tagline,
genres (TMDb's names), studio (first production company; shows also carry ``network``), US content
rating, audience rating (TMDb vote average), duration, countries, directors/writers/producers/cast
(with character names), the Guid elements and the agent guid — including the one-in-twenty legacy
items whose ``guid`` is ``com.plexapp.agents.…?lang=en`` and which have no Guid elements. Shows get
the world's seasons with their episode counts. What plexsim invents (deterministically, from the
seed): media (resolution, codecs, HDR, audio via the fixture generator), addedAt, view counts,
critic ratings, episode titles and episode/season tvdb Guids.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from .fixtures import BASE_EPOCH, _Gen, _section, _title_sort
from .model import Item
from .store import Store

if TYPE_CHECKING:
    from metasim.model import Title
    from metasim.world import World


def _epoch(day: date) -> int:
    return int(datetime.combine(day, datetime.min.time(), tzinfo=UTC).timestamp())


class _WorldGen:
    def __init__(self, store: Store, world: World) -> None:
        from metasim.model import rng_for
        from metasim.tables import COMPANIES, COUNTRIES, MOVIE_GENRES, NETWORKS, TV_GENRES
        self.store = store
        self.world = world
        self.rng_for = rng_for
        self.gen = _Gen(store, world.seed)
        self.companies = {c[0]: c[1] for c in COMPANIES}
        self.networks = {n[0]: n[1] for n in NETWORKS}
        self.countries = COUNTRIES
        self.genres = {"movie": MOVIE_GENRES, "tv": TV_GENRES}

    def _name(self, pid: int) -> str:
        person = self.world.person(pid)
        return person.name if person else f"Person {pid}"

    def _company(self, title: Title) -> str:
        for cid in title.company_ids:
            group = self.world.group("company", cid)
            return group.name if group else self.companies.get(cid, "")
        return ""

    def common(self, item: Item, title: Title) -> None:
        rng = self.rng_for(self.world.seed, "plex", title.kind, title.index)
        a = item.attrs
        a["title"] = title.title
        ts = _title_sort(title.title)
        if ts:
            a["titleSort"] = ts
        if title.original_title != title.title:
            a["originalTitle"] = title.original_title
        a["guid"] = title.plex_guid
        if title.year:
            a["year"] = title.year
            a["originallyAvailableAt"] = title.date_text
        released = _epoch(title.release_date) if title.release_date else BASE_EPOCH - 9 * 365 * 86400
        added = min(BASE_EPOCH - 3600, max(released, BASE_EPOCH - 9 * 365 * 86400) + rng.randint(0, 400 * 86400))
        a["addedAt"] = added
        a["updatedAt"] = added
        a["summary"] = title.overview
        a["tagline"] = title.tagline
        a["studio"] = self._company(title)
        a["contentRating"] = title.certifications.get("US", "NR" if title.kind == "movie" else "TV-14")
        if title.vote_count:
            a["audienceRating"] = round(title.vote_average, 1)
            a["audienceRatingImage"] = "themoviedb://image.rating"
            a["rating"] = round(min(10.0, max(1.0, title.vote_average + rng.uniform(-1.5, 1.5))), 1)
            a["ratingImage"] = "rottentomatoes://image.rating.ripe" if a["rating"] >= 6 else \
                "rottentomatoes://image.rating.rotten"
        if rng.random() < 0.2:
            a["userRating"] = float(rng.randint(1, 10))
            a["lastRatedAt"] = added + rng.randint(1, 86400 * 30)
        a["thumb"] = f"/library/metadata/{item.rk}/thumb/{added}"
        a["art"] = f"/library/metadata/{item.rk}/art/{added}"
        names = self.genres[title.kind]
        self.gen.tags(item, "genre", [names[g] for g in title.genre_ids if g in names])
        self.gen.tags(item, "country", [self.countries[c] for c in title.origin_countries if c in self.countries])
        cast = title.cast
        self.gen.tags(item, "role", [self._name(c.person_id) for c in cast])
        roles = {}
        for credit, tid in zip(cast, item.tags["role"], strict=False):
            roles[str(tid)] = credit.character or ""
        item.roles = roles
        item.guids = list(title.plex_guids)

    def movie(self, title: Title, sid: int) -> None:
        rng = self.rng_for(self.world.seed, "plex-media", title.kind, title.index)
        item = Item(rk=self.store.next_id("rk"), type="movie", section=sid)
        self.common(item, title)
        a = item.attrs
        a["slug"] = title.title.lower().replace(" ", "-")
        duration = title.runtime * 60000
        a["duration"] = duration
        if rng.random() < 0.35:
            a["viewCount"] = rng.randint(1, 5)
            a["lastViewedAt"] = a["addedAt"] + rng.randint(3600, 86400 * 200)
        for kind, dept in (("director", "Directing"), ("writer", "Writing"), ("producer", "Production")):
            self.gen.tags(item, kind, [self._name(c.person_id) for c in title.crew if c.department == dept])
        year = title.year or 2025
        name = f"{title.title} ({year})"
        item.media = [self.gen.media(rng, f"/data/Movies/{name}/{name}", duration)]
        self.store.add(item)

    def show(self, title: Title, sid: int) -> None:
        rng = self.rng_for(self.world.seed, "plex-media", title.kind, title.index)
        show = Item(rk=self.store.next_id("rk"), type="show", section=sid)
        self.common(show, title)
        show.extra["location"] = f"/data/TV Shows/{title.title}"
        a = show.attrs
        if title.network_ids:
            group = self.world.group("network", title.network_ids[0])
            a["network"] = group.name if group else self.networks.get(title.network_ids[0], "")
        a["duration"] = title.runtime * 60000
        self.store.add(show)
        resolution = rng.choices(["sd", "720", "1080", "4k"], [8, 15, 50, 27])[0]
        for season_data in title.seasons:
            s = season_data.season_number
            season = Item(rk=self.store.next_id("rk"), type="season", section=sid, parent=show.rk, index=s)
            season.attrs.update(title=f"Season {s}", guid=f"plex://season/{_hex(title, s)}",
                                addedAt=a["addedAt"], updatedAt=a["addedAt"],
                                thumb=f"/library/metadata/{season.rk}/thumb/{a['addedAt']}")
            season.guids = [f"tvdb://{season_data.id}"]
            self.store.add(season)
            for e in range(1, season_data.episode_count + 1):
                ep = Item(rk=self.store.next_id("rk"), type="episode", section=sid, parent=season.rk, index=e)
                air = season_data.air_date.toordinal() + 7 * (e - 1)
                ea = ep.attrs
                ea.update(title=f"Episode {e}", guid=f"plex://episode/{_hex(title, s, e)}",
                          contentRating=a["contentRating"], addedAt=a["addedAt"], updatedAt=a["addedAt"],
                          summary=f"{title.title}, season {s}, episode {e}.")
                day = datetime.fromordinal(air).date()
                ea["originallyAvailableAt"] = day.isoformat()
                ea["year"] = day.year
                ea["thumb"] = f"/library/metadata/{ep.rk}/thumb/{a['addedAt']}"
                duration = title.runtime * 60000
                ea["duration"] = duration
                if rng.random() < 0.4:
                    ea["viewCount"] = 1
                    ea["lastViewedAt"] = a["addedAt"] + rng.randint(3600, 86400 * 90)
                ep.guids = [f"tvdb://{season_data.id * 100 + e}"]
                if title.imdb_id and not title.legacy:  # as Plex's agent: the episode's IMDb id first
                    ep.guids.insert(0, f"imdb://{title.episode_imdb_id(s, e)}")
                path = f"/data/TV Shows/{title.title}/Season {s:02d}/{title.title} - S{s:02d}E{e:02d}"
                ep.media = [self.gen.media(rng, path, duration, resolution)]
                self.store.add(ep)


def _hex(title: Title, *parts: int) -> str:
    return hashlib.sha1(f"{title.plex_guid}:{parts}".encode()).hexdigest()[:24]


def populate_world(store: Store, world: World) -> None:
    """Fill an empty store with ``world``'s library: section 1 "Movies", section 2 "TV Shows"."""
    with store.lock, store.bulk():
        gen = _WorldGen(store, world)
        seed = world.seed
        store.set_meta("machineIdentifier", hashlib.sha1(f"plexsim-world-{seed}".encode()).hexdigest())
        store.set_meta("seed", seed)
        store.set_meta("world", True)
        _section(store, 1, "movie", "Movies", seed)
        _section(store, 2, "show", "TV Shows", seed)
        for title in world.movies:
            if title.in_library:
                gen.movie(title, 1)
        for title in world.shows:
            if title.in_library:
                gen.show(title, 2)
