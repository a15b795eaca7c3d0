"""The world's objects: titles (movies and shows), people, credits and named groups.

Plain dataclasses; the services (``metasim.tmdb`` ...) turn them into each API's JSON. Dates are
``datetime.date``; ids are ints except IMDb ids (``tt…``/``nm…`` strings).
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass, field
from datetime import date

#: the world's "today": release windows (now playing, upcoming, on the air) are relative to it.
#: The same moment as plexsim's fixture epoch (2025-12-01), never the wall clock.
TODAY = date(2025, 12, 1)


def derive(seed: int, *parts: object) -> int:
    """A stable 64-bit number from the seed and a path of parts (same inputs, same number, any process)."""
    text = ":".join(str(p) for p in (seed, *parts))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def rng_for(seed: int, *parts: object) -> random.Random:
    """A ``random.Random`` seeded by :func:`derive` (never by the clock)."""
    return random.Random(derive(seed, *parts))


def hex24(seed: int, *parts: object) -> str:
    return hashlib.sha1(":".join(str(p) for p in (seed, *parts)).encode()).hexdigest()[:24]


def image_path(*parts: object) -> str:
    """A TMDb-looking image file path (``/8uO0gUM8aNqYLs1OsTBQiXu0fEv.jpg``), stable for its parts."""
    digest = hashlib.sha1(":".join(str(p) for p in parts).encode()).digest()
    stem = base64.b64encode(digest + digest[:6]).decode().replace("+", "").replace("/", "").replace("=", "")
    return f"/{stem[:27]}.jpg"


@dataclass(slots=True)
class Person:
    id: int
    name: str
    gender: int  #: TMDb: 0 not set, 1 female, 2 male, 3 non-binary
    birthday: date | None
    deathday: date | None
    place_of_birth: str
    known_for_department: str
    popularity: float
    imdb_id: str
    #: TMDb has a profile picture of the person (False: ``profile_path`` null, as for many real people)
    profile: bool = True


@dataclass(slots=True)
class Credit:
    person_id: int
    credit_id: str
    department: str  #: "Acting" for cast
    job: str | None = None  #: crew only
    character: str | None = None  #: cast only
    order: int = 0


@dataclass(slots=True)
class Season:
    season_number: int
    episode_count: int
    air_date: date
    id: int


@dataclass(slots=True, eq=False)
class Title:
    """A movie (``kind == "movie"``) or a show (``kind == "tv"``) in the world's catalogue."""

    kind: str
    index: int  #: position in the catalogue of its kind (library titles come first)
    in_library: bool
    tmdb_id: int
    imdb_id: str | None
    tvdb_id: int | None
    title: str
    original_title: str
    original_language: str
    release_date: date | None  #: movies: release; shows: first air date
    runtime: int  #: minutes (shows: episode run time)
    genre_ids: list[int]
    keyword_ids: list[int]
    cast: list[Credit]
    crew: list[Credit]
    company_ids: list[int]
    origin_countries: list[str]
    vote_average: float
    vote_count: int
    popularity: float
    certifications: dict[str, str]  #: ISO 3166-1 -> certification
    providers: dict[str, dict[str, list[int]]]  #: region -> {"flatrate"|"rent"|"buy": [provider ids]}
    overview: str
    tagline: str
    synthetic: bool = False  #: made on demand for an id outside the catalogue (never in a library)
    collection_id: int | None = None
    budget: int = 0
    revenue: int = 0
    # shows only
    last_air_date: date | None = None
    status: str = "Released"
    show_type: str = ""
    network_ids: list[int] = field(default_factory=list)
    seasons: list[Season] = field(default_factory=list)
    created_by: list[int] = field(default_factory=list)
    # the Plex-facing view (library titles)
    plex_guid: str = ""
    legacy: bool = False

    @property
    def year(self) -> int | None:
        return self.release_date.year if self.release_date else None

    @property
    def date_text(self) -> str:
        return self.release_date.isoformat() if self.release_date else ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.tmdb_id)

    @property
    def plex_guids(self) -> list[str]:
        """The ``<Guid id=…>`` elements Plex gives this title (none for legacy-agent items)."""
        if self.legacy:
            return []
        out = []
        if self.imdb_id:
            out.append(f"imdb://{self.imdb_id}")
        out.append(f"tmdb://{self.tmdb_id}")
        if self.tvdb_id:
            out.append(f"tvdb://{self.tvdb_id}")
        return out

    def episode_imdb_id(self, season: int, episode: int) -> str:
        """The IMDb id of one of this show's episodes (derived from its place, ``tt4…``: never a title's)."""
        return f"tt{40_000_000 + self.index * 10_000 + season * 100 + episode:08d}"

    @property
    def poster_path(self) -> str:
        return image_path("poster", self.kind, self.tmdb_id)

    @property
    def backdrop_path(self) -> str:
        return image_path("backdrop", self.kind, self.tmdb_id)


@dataclass(slots=True)
class Group:
    """A named set of titles: a collection (franchise), company, network, keyword or public list."""

    kind: str  #: collection | company | network | keyword | list
    id: int
    name: str
    members: list[Title]
    country: str = ""
    overview: str = ""
    synthetic: bool = False  #: made on demand for an id the world does not list (members one-way)
