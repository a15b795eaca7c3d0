"""Seeded fixture libraries: a Movies section and a TV Shows section.

``populate(store, movies=200, shows=20, seed=1)`` fills an empty store. Everything derives from
``random.Random(seed)`` and a fixed base epoch, so the same seed always yields the same library
(titles, ratingKeys, tags, media, dates), whatever the wall clock says.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from typing import Any

from .model import Item, Section
from .store import Store

BASE_EPOCH = 1764547200  # 2025-12-01T00:00:00Z: fixture "now" for addedAt / lastViewedAt

_ADJ = ("Silent", "Crimson", "Last", "Hidden", "Broken", "Golden", "Midnight", "Lost", "Wild", "Frozen",
        "Burning", "Electric", "Savage", "Quiet", "Eternal", "Hollow", "Iron", "Velvet", "Distant", "Secret",
        "Little", "Dark", "Bright", "Northern", "Final", "Scarlet", "Forgotten", "Endless", "Restless", "Blue")
_NOUN = ("Harbor", "Kingdom", "River", "Garden", "Empire", "Witness", "Horizon", "Signal", "Mirror", "Voyage",
         "Orchard", "Frontier", "Machine", "Storm", "Letter", "Island", "Circus", "Shadow", "Station", "Crown",
         "Heart", "Promise", "Dynasty", "Canyon", "Lantern", "Citadel", "Paradox", "Symphony", "Archive", "Engine")
_FOREIGN = ("Coup de Grâce", "Les Misérables", "Amélie", "Das Boot", "El Niño", "Smörgåsbord", "Ça Ira",
            "Über Alles", "La Señora", "Noël")
GENRES = ("Action", "Adventure", "Animation", "Biography", "Comedy", "Crime", "Documentary", "Drama",
          "Family", "Fantasy", "History", "Horror", "Music", "Mystery", "Romance", "Science Fiction",
          "Thriller", "War", "Western", "Sport")
STUDIOS = ("Paramount Pictures", "Warner Bros.", "Universal Pictures", "20th Century Fox", "Columbia Pictures",
           "Metro-Goldwyn-Mayer", "Lionsgate", "A24", "Pixar", "Walt Disney Pictures", "New Line Cinema",
           "Focus Features", "Studio Ghibli", "Legendary Pictures", "DreamWorks", "Blumhouse", "Miramax",
           "Orion Pictures", "Amblin Entertainment", "Neon", "Toho", "Gaumont", "Canal+", "BBC Films")
NETWORKS = ("HBO", "AMC", "BBC One", "Netflix", "FX", "NBC", "CBS", "The CW", "Showtime", "Apple TV+")
COUNTRIES = ("United States of America", "United Kingdom", "France", "Germany", "Japan", "Canada",
             "Italy", "Spain", "South Korea", "Australia", "India", "Sweden")
LABELS = ("Favorite", "Kids", "Criterion", "Watchlist", "Remastered", "Keep")
EDITIONS = ("Director's Cut", "Extended Edition", "Theatrical", "Unrated", "IMAX", "Remastered",
            "Special Edition")
MOVIE_RATINGS = (("G", 6), ("PG", 14), ("PG-13", 25), ("R", 30), ("NC-17", 2), ("NR", 8), ("Not Rated", 5))
TV_RATINGS = (("TV-Y", 2), ("TV-G", 5), ("TV-PG", 15), ("TV-14", 40), ("TV-MA", 38))
_FIRST = ("James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "David", "Sofia",
          "Akira", "Chen", "Amara", "Lars", "Ines", "Mateo", "Yuki", "Olga", "Ravi", "Noor", "Pierre",
          "Greta", "Kwame", "Leila", "Tomás", "Aoife", "Dmitri", "Zoë", "Hiro", "Björn")
_LAST = ("Smith", "Johnson", "Garcia", "Kurosawa", "Nakamura", "Okafor", "Lindqvist", "Moreau", "Rossi",
         "Müller", "Kowalski", "Singh", "Haddad", "O'Brien", "Fernández", "Novak", "Park", "Ivanova", "Dubois",
         "Bergman", "Tanaka", "Mensah", "Costa", "Walsh", "Schmidt", "Kim", "Silva", "Andersen", "Petrov")
#: (resolution, weight, width, height)
RESOLUTIONS = (("sd", 8, 720, 480), ("720", 15, 1280, 720), ("1080", 50, 1920, 1080), ("4k", 27, 3840, 2160))
#: (audioCodec, audioProfile, display, weight)
AUDIO = (("aac", None, "AAC", 25), ("ac3", None, "AC3", 20), ("eac3", None, "EAC3", 15),
         ("dca", None, "DTS", 10), ("dca", "ma", "DTS-HD MA", 10), ("truehd", None, "TrueHD", 8),
         ("truehd", "atmos", "TrueHD Atmos", 7), ("eac3", "atmos", "EAC3 Atmos", 5))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


def _people(rng: random.Random, n: int) -> list[str]:
    return sorted({f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(n)})


def _year(rng: random.Random) -> int:
    # skewed towards recent decades, full 1930..2026 spread
    return max(1930, min(2026, int(2026 - abs(rng.gauss(0, 22)))))


def _title(rng: random.Random, used: dict[str, int]) -> str:
    r = rng.random()
    if r < 0.03:
        base = rng.choice(_FOREIGN)
    elif r < 0.5:
        base = f"The {rng.choice(_ADJ)} {rng.choice(_NOUN)}"
    elif r < 0.8:
        base = f"{rng.choice(_ADJ)} {rng.choice(_NOUN)}"
    else:
        base = f"{rng.choice(_NOUN)} of the {rng.choice(_ADJ)} {rng.choice(_NOUN)}"
    n = used.get(base, 0) + 1
    used[base] = n
    return base if n == 1 else f"{base} {n}"


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _title_sort(title: str) -> str | None:
    for article in ("The ", "A ", "An "):
        if title.startswith(article):
            return title[len(article):]
    return None


class _Gen:
    def __init__(self, store: Store, seed: int) -> None:
        self.store = store
        self.rng = random.Random(seed)
        self.titles: dict[str, int] = {}
        self.directors = _people(self.rng, 120)
        self.actors = _people(self.rng, 400)
        self.writers = _people(self.rng, 150)
        self.producers = _people(self.rng, 100)

    def tags(self, item: Item, kind: str, names: list[str]) -> None:
        item.tags[kind] = [self.store.tag_id(kind, n) for n in dict.fromkeys(names)]

    def media(self, rng: random.Random, path: str, duration: int, resolution: str | None = None) -> dict[str, Any]:
        res = resolution or _pick(rng, tuple((r[0], r[1]) for r in RESOLUTIONS))
        width, height = next((r[2], r[3]) for r in RESOLUTIONS if r[0] == res)
        if res == "4k":
            vcodec = rng.choices(["hevc", "h264", "av1"], [80, 10, 10])[0]
        elif res == "sd":
            vcodec = rng.choice(["mpeg4", "h264", "mpeg2video"])
        else:
            vcodec = rng.choices(["h264", "hevc"], [75, 25])[0]
        hdr = res == "4k" and vcodec != "h264" and rng.random() < 0.7
        dovi = hdr and rng.random() < 0.4
        acodec, aprofile, adisplay, _w = rng.choices(AUDIO, [a[3] for a in AUDIO])[0]
        channels = 2 if acodec == "aac" else rng.choice([6, 6, 8]) if acodec != "ac3" else rng.choice([2, 6])
        container = "avi" if res == "sd" and rng.random() < 0.5 else rng.choices(["mkv", "mp4"], [70, 30])[0]
        bitrate = {"sd": 1800, "720": 4500, "1080": 9000, "4k": 42000}[res] + rng.randint(0, 4000)
        size = bitrate * 125 * (duration // 1000)
        layout = {2: "stereo", 6: "5.1(side)", 8: "7.1"}[channels]
        sid = self.store.next_id
        video: dict[str, Any] = {
            "id": sid("stream"), "streamType": 1, "index": 0, "codec": vcodec, "default": 1,
            "width": width, "height": height, "bitDepth": 10 if hdr else 8, "frameRate": 23.976,
            "displayTitle": f"{res.upper() if res != 'sd' else 'SD'} ({vcodec.upper()})",
        }
        if hdr:
            video["colorTrc"] = "smpte2084"
            video["displayTitle"] += " HDR10"
        if dovi:
            video.update(DOVIPresent=1, DOVIProfile=8, DOVILevel=6)
            video["displayTitle"] = video["displayTitle"].replace("HDR10", "DoVi/HDR10")
        lang = rng.choices(["English", "French", "Japanese", "German", "Spanish"], [80, 5, 5, 5, 5])[0]
        code = {"English": "eng", "French": "fra", "Japanese": "jpn", "German": "deu", "Spanish": "spa"}[lang]
        audio: dict[str, Any] = {
            "id": sid("stream"), "streamType": 2, "index": 1, "codec": acodec, "channels": channels,
            "audioChannelLayout": layout, "samplingRate": 48000, "language": lang, "languageCode": code,
            "default": 1, "selected": 1,
            "displayTitle": f"{lang} ({adisplay} {layout.split('(')[0]})",
        }
        if aprofile:
            audio["profile"] = aprofile
        audio["extendedDisplayTitle"] = audio["displayTitle"]
        video["extendedDisplayTitle"] = video["displayTitle"]
        streams = [video, audio]
        if rng.random() < 0.5:
            streams.append({"id": sid("stream"), "streamType": 3, "index": 2, "codec": "srt",
                            "language": "English", "languageCode": "eng", "displayTitle": "English (SRT)"})
        part_id = sid("part")
        return {
            "id": sid("media"), "duration": duration, "bitrate": bitrate, "width": width, "height": height,
            "aspectRatio": round(width / height, 2), "audioChannels": channels, "audioCodec": acodec,
            "videoCodec": vcodec, "videoResolution": res, "container": container, "videoFrameRate": "24p",
            "videoProfile": "main 10" if hdr else "main", **({"audioProfile": aprofile} if aprofile else {}),
            "parts": [{"id": part_id, "key": f"/library/parts/{part_id}/{BASE_EPOCH}/file.{container}",
                       "file": f"{path}.{container}", "size": size, "duration": duration,
                       "container": container, "streams": streams}],
        }

    def common(self, rng: random.Random, item: Item, kind: str, year: int, title: str) -> None:
        a = item.attrs
        a["title"] = title
        ts = _title_sort(title)
        if ts:
            a["titleSort"] = ts
        a["guid"] = f"plex://{kind}/{_hex(rng, 24)}"
        a["year"] = year
        added = BASE_EPOCH - rng.randint(0, 9 * 365 * 86400)
        a["addedAt"] = added
        a["updatedAt"] = added
        a["originallyAvailableAt"] = f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        a["summary"] = f"{title}: a {rng.choice(_ADJ).lower()} story about a {rng.choice(_NOUN).lower()}."
        a["rating"] = round(rng.uniform(2.0, 9.8), 1)
        a["audienceRating"] = round(rng.uniform(2.0, 9.8), 1)
        a["ratingImage"] = "rottentomatoes://image.rating.ripe"
        a["audienceRatingImage"] = "rottentomatoes://image.rating.upright"
        if rng.random() < 0.2:
            a["userRating"] = float(rng.randint(1, 10))
            a["lastRatedAt"] = added + rng.randint(1, 86400 * 30)
        a["thumb"] = f"/library/metadata/{item.rk}/thumb/{added}"
        a["art"] = f"/library/metadata/{item.rk}/art/{added}"

    def movie(self, sid: int, add: bool = True) -> Item:
        rng = self.rng
        rk = self.store.next_id("rk")
        item = Item(rk=rk, type="movie", section=sid)
        year = _year(rng)
        title = _title(rng, self.titles)
        self.common(rng, item, "movie", year, title)
        a = item.attrs
        _add_common_sense(item)
        a["studio"] = rng.choice(STUDIOS)
        a["contentRating"] = _pick(rng, MOVIE_RATINGS)
        a["tagline"] = f"Every {rng.choice(_NOUN).lower()} has a secret."
        a["slug"] = title.lower().replace(" ", "-")
        duration = rng.randint(80, 185) * 60000
        a["duration"] = duration
        if rng.random() < 0.35:
            a["viewCount"] = rng.randint(1, 5)
            a["lastViewedAt"] = a["addedAt"] + rng.randint(3600, 86400 * 200)
        elif rng.random() < 0.05:
            a["viewOffset"] = duration // 3
        edition = rng.choice(EDITIONS) if rng.random() < 0.1 else None
        if edition:
            a["editionTitle"] = edition
        self.tags(item, "genre", rng.sample(GENRES, rng.choice([1, 1, 2, 2, 3])))
        self.tags(item, "director", [rng.choice(self.directors)])
        self.tags(item, "writer", rng.sample(self.writers, rng.choice([1, 2])))
        self.tags(item, "producer", rng.sample(self.producers, rng.choice([1, 2, 3])))
        self.tags(item, "country", [rng.choices(COUNTRIES, [40] + [5] * (len(COUNTRIES) - 1))[0]])
        cast = rng.sample(self.actors, rng.randint(3, 8))
        self.tags(item, "role", cast)
        item.roles = {str(t): f"{rng.choice(_FIRST)} {rng.choice(_NOUN)}" for t in item.tags["role"]}
        if rng.random() < 0.15:
            self.tags(item, "label", rng.sample(LABELS, rng.choice([1, 2])))
        item.guids = [f"imdb://tt{rng.randint(100000, 9999999):07d}", f"tmdb://{rng.randint(10, 999999)}",
                      f"tvdb://{rng.randint(10, 99999)}"]
        name = f"{title} ({year})" + (f" {{edition-{edition}}}" if edition else "")
        item.media = [self.media(rng, f"/data/Movies/{title} ({year})/{name}", duration)]
        if rng.random() < 0.03:  # a second version: "duplicate" filter
            item.media.append(self.media(rng, f"/data/Movies/{title} ({year})/{name} - 720p", duration, "720"))
        if add:
            self.store.add(item)
        return item

    def show(self, sid: int) -> None:
        rng = self.rng
        rk = self.store.next_id("rk")
        show = Item(rk=rk, type="show", section=sid)
        year = max(1950, _year(rng))
        title = _title(rng, self.titles)
        self.common(rng, show, "show", year, title)
        a = show.attrs
        _add_common_sense(show)
        a["studio"] = rng.choice(STUDIOS)
        a["network"] = rng.choice(NETWORKS)
        a["contentRating"] = _pick(rng, TV_RATINGS)
        a["tagline"] = f"The {rng.choice(_NOUN).lower()} is coming."
        self.tags(show, "genre", rng.sample(GENRES, rng.choice([1, 2, 2, 3])))
        cast = rng.sample(self.actors, rng.randint(4, 8))
        self.tags(show, "role", cast)
        show.roles = {str(t): f"{rng.choice(_FIRST)} {rng.choice(_NOUN)}" for t in show.tags["role"]}
        self.tags(show, "country", [rng.choice(COUNTRIES)])
        if rng.random() < 0.2:
            self.tags(show, "label", [rng.choice(LABELS)])
        show.guids = [f"imdb://tt{rng.randint(100000, 9999999):07d}", f"tmdb://{rng.randint(10, 999999)}",
                      f"tvdb://{rng.randint(10, 999999)}"]
        self.store.add(show)
        resolution = _pick(rng, tuple((r[0], r[1]) for r in RESOLUTIONS))
        for s in range(1, rng.randint(1, 5) + 1):
            season = Item(rk=self.store.next_id("rk"), type="season", section=sid, parent=rk, index=s)
            season.attrs.update(title=f"Season {s}", guid=f"plex://season/{_hex(rng, 24)}",
                                addedAt=a["addedAt"], updatedAt=a["addedAt"],
                                thumb=f"/library/metadata/{season.rk}/thumb/{a['addedAt']}")
            season.guids = [f"tvdb://{rng.randint(10, 999999)}"]
            self.store.add(season)
            for e in range(1, rng.randint(6, 12) + 1):
                ep = Item(rk=self.store.next_id("rk"), type="episode", section=sid, parent=season.rk, index=e)
                eyear = min(2026, year + s - 1)
                self.common(rng, ep, "episode", eyear, f"{rng.choice(_ADJ)} {rng.choice(_NOUN)}")
                ep.attrs.pop("titleSort", None)
                ep.attrs["contentRating"] = a["contentRating"]
                duration = rng.randint(22, 60) * 60000
                ep.attrs["duration"] = duration
                if rng.random() < 0.4:
                    ep.attrs["viewCount"] = 1
                    ep.attrs["lastViewedAt"] = ep.attrs["addedAt"] + rng.randint(3600, 86400 * 90)
                self.tags(ep, "director", [rng.choice(self.directors)])
                self.tags(ep, "writer", [rng.choice(self.writers)])
                ep.guids = [f"tvdb://{rng.randint(10, 9999999)}"]
                path = f"/data/TV Shows/{title}/Season {s:02d}/{title} - S{s:02d}E{e:02d}"
                ep.media = [self.media(rng, path, duration, resolution)]
                self.store.add(ep)


def _section(store: Store, sid: int, type_: str, title: str, seed: int) -> Section:
    digest = hashlib.sha1(f"{seed}:{sid}".encode()).hexdigest()
    agent, scanner = (("tv.plex.agents.movie", "Plex Movie") if type_ == "movie"
                      else ("tv.plex.agents.series", "Plex TV Series"))
    sec = Section(id=sid, type=type_, title=title, agent=agent, scanner=scanner, language="en-US",
                  uuid=str(uuid.UUID(digest[:32])), location=f"/data/{title}",
                  created_at=BASE_EPOCH - 10 * 365 * 86400, updated_at=BASE_EPOCH)
    store.add_section(sec)
    return sec


def populate(store: Store, movies: int = 200, shows: int = 20, seed: int = 1) -> None:
    """Generate the fixture libraries into an empty store (deterministic from ``seed``)."""
    with store.lock, store.bulk():
        gen = _Gen(store, seed)
        store.set_meta("machineIdentifier", hashlib.sha1(f"plexsim-{seed}".encode()).hexdigest())
        store.set_meta("seed", seed)
        _section(store, 1, "movie", "Movies", seed)
        _section(store, 2, "show", "TV Shows", seed)
        for _ in range(movies):
            gen.movie(1)
        for _ in range(shows):
            gen.show(2)


_CSM_GROUPS = ((4, "Little Kids"), (7, "Kids"), (12, "Big Kids"), (15, "Teens"), (99, "Adults"))


def common_sense(guid: str) -> list[dict[str, Any]] | None:
    """The Common Sense Media age ratings Plex's agent attaches to a movie or show (three in four
    fixture titles have them): an ``official`` age, and the parents' (``adult``) and kids'
    (``child``) ages with their star ratings. Derived from the guid, so the fixture's random
    sequence (and every other fixture value) is unchanged."""
    digest = hashlib.sha1(guid.encode()).digest()  # noqa: S324 - a seed, not security
    if digest[0] % 4 == 0:
        return None
    official = 2 + digest[1] % 17  # 2..18

    def group(age: int) -> str:
        return next(name for top, name in _CSM_GROUPS if age <= top)

    out = [{"type": "official", "age": float(official), "ageGroup": group(official), "rating": 1 + digest[2] % 5}]
    for kind, byte in (("adult", 3), ("child", 5)):
        age = max(2, min(18, official + digest[byte] % 5 - 2))
        out.append({"type": kind, "age": float(age), "ageGroup": group(age),
                    "rating": round(1 + digest[byte + 1] % 40 / 10, 1), "ratingCount": 1 + digest[byte + 1] % 90})
    return out


def _add_common_sense(item: Item) -> None:
    ratings = common_sense(str(item.attrs.get("guid") or ""))
    if ratings is not None:
        item.extra["common_sense"] = {"id": item.rk, "oneLiner": f"Age {int(ratings[0]['age'])}+ pick.",
                                      "ratings": ratings}
