"""The ``plexapi-bootstrap`` library: what python-plexapi's ``tools/plex-bootstraptest.py`` builds.

python-plexapi's own test suite runs against a Plex Media Server bootstrapped by that script: four
movies, two shows, one artist and a photo folder tree, all made of the same stub files
(``tests/data/video_stub.mp4``, ``audio_stub.mp3``, ``cute_cat.jpg``) and then matched by Plex's
agents. ``populate_bootstrap(store)`` fills an empty store with the same sections, titles and the
metadata and media attributes a real server reports for them (the attributes the suite asserts:
Plex guids, studios, taglines, the stub file's 1080p H.264 / AAC stereo streams...).

Sections: 1 "Movies" (movie), 2 "TV Shows" (show), 3 "Music" (artist), 4 "Photos" (photo).
Select it with ``PlexSim(library="plexapi-bootstrap")`` or ``plexsim serve --library plexapi-bootstrap``.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from typing import Any

from .model import Item, Section
from .store import Store

BASE_EPOCH = 1764547200  # 2025-12-01T00:00:00Z, as plexsim.fixtures

LIBRARY = "plexapi-bootstrap"

_LOREM = ("This summary stands in for the agent's text; it is long enough for the checks that read it "
          "and says nothing else of interest, which is the point of a fixture. ")

#: title, year, plex guid, extra guids, studio, tagline, content rating, genres, people
MOVIES: list[dict[str, Any]] = [
    {"title": "Elephants Dream", "year": 2006, "guid": "plex://movie/5d776825880197001ec967c4",
     "guids": ["imdb://tt0807840", "tmdb://9761", "tvdb://1071"], "studio": "Blender Foundation",
     "tagline": "The first open movie.", "contentRating": "NR", "genres": ["Animation", "Fantasy"],
     "directors": ["Bassam Kurdali"], "writers": ["Pepijn Zwanenberg"], "producers": ["Ton Roosendaal"],
     "roles": [("Tygo Gernandt", "Proog"), ("Cas Jansen", "Emo")], "countries": ["Netherlands"],
     "rating": 6.1, "audienceRating": 5.6, "date": "2006-03-24"},
    {"title": "Sita Sings the Blues", "year": 2008, "guid": "plex://movie/5d776846880197001ec967c6",
     "guids": ["imdb://tt1172203", "tmdb://20529", "tvdb://1210"], "studio": "Nina Paley",
     "tagline": "The Greatest Break-Up Story Ever Told.", "contentRating": "NR",
     "genres": ["Animation", "Comedy", "Romance"], "directors": ["Nina Paley"], "writers": ["Nina Paley"],
     "producers": ["Nina Paley"], "roles": [("Reena Shah", "Sita"), ("Sanjiv Jhaveri", "Dave"),
                                            ("Aseem Chhabra", "Shadow Puppet 1"), ("Bhavana Nagulapally", "Shadow Puppet 2"),
                                            ("Manish Acharya", "Shadow Puppet 3"), ("Nina Paley", "Nina")],
     "countries": ["United States of America"], "rating": 10.0, "audienceRating": 8.0, "date": "2008-02-09",
     "reviews": [{"id": 1, "filter": "art=1", "tag": "Roger Ebert", "text": "A joyous, original, hand-made film.",
                  "image": "rottentomatoes://image.review.fresh", "link": "https://www.rogerebert.com/reviews/sita",
                  "source": "Chicago Sun-Times"}]},
    {"title": "Big Buck Bunny", "year": 2008, "guid": "plex://movie/5d776824880197001ec967b7",
     "guids": ["imdb://tt1254207", "tmdb://10378", "tvdb://1050"], "studio": "Blender Foundation",
     "tagline": "The story of a giant rabbit.", "contentRating": "G", "genres": ["Animation", "Comedy"],
     "directors": ["Sacha Goedegebure"], "writers": ["Sacha Goedegebure"], "producers": ["Ton Roosendaal"],
     "roles": [("Sacha Goedegebure", "Bunny")], "countries": ["Netherlands"], "rating": 6.5,
     "audienceRating": 6.4, "date": "2008-04-10"},
    {"title": "Sintel", "year": 2010, "guid": "plex://movie/5d7768ba96b655001fdc0ae8",
     "guids": ["imdb://tt1727587", "tmdb://45745", "tvdb://1082"], "studio": "Blender Foundation",
     "tagline": "A lonely young woman searches for her dragon.", "contentRating": "Not Rated",
     "genres": ["Animation", "Fantasy"], "directors": ["Colin Levy"], "writers": ["Esther Wouda"],
     "producers": ["Ton Roosendaal"], "roles": [("Halina Reijn", "Sintel")], "countries": ["Netherlands"],
     "rating": 7.6, "audienceRating": 7.1, "date": "2010-09-30"},
]

_GOT = (["Winter Is Coming", "The Kingsroad", "Lord Snow", "Cripples, Bastards, and Broken Things",
         "The Wolf and the Lion", "A Golden Crown", "You Win or You Die", "The Pointy End", "Baelor",
         "Fire and Blood"],
        ["The North Remembers", "The Night Lands", "What Is Dead May Never Die", "Garden of Bones",
         "The Ghost of Harrenhal", "The Old Gods and the New", "A Man Without Honor",
         "The Prince of Winterfell", "Blackwater", "Valar Morghulis"])
_THE100 = (["Pilot", "Earth Skills", "Earth Kills", "Murphy's Law", "Twilight's Last Gleaming",
            "His Sister's Keeper", "Contents Under Pressure", "Day Trip", "Unity Day", "I Am Become Death",
            "The Calm", "We Are Grounders (1)", "We Are Grounders (2)"],
           ["The 48", "Inclement Weather", "Reapercussions", "Many Happy Returns", "Human Trials",
            "Fog of War", "Long Into an Abyss", "Spacewalker", "Remember Me", "Survival of the Fittest",
            "Coup de Grâce", "Rubicon", "Resurrection", "Bodyguard of Lies", "Blood Must Have Blood (1)",
            "Blood Must Have Blood (2)"])
SHOWS: list[dict[str, Any]] = [
    {"title": "Game of Thrones", "year": 2011, "guid": "plex://show/5d9c086c46115600200aa2fe",
     "guids": ["imdb://tt0944947", "tmdb://1399", "tvdb://121361"], "studio": "Revolution Sun Studios",
     "tagline": "Winter is coming.", "contentRating": "TV-MA", "genres": ["Drama", "Adventure", "Fantasy"],
     "roles": [("Emilia Clarke", "Daenerys Targaryen"), ("Kit Harington", "Jon Snow"),
               ("Jason Momoa", "Khal Drogo"), ("Peter Dinklage", "Tyrion Lannister"),
               ("Lena Headey", "Cersei Lannister"), ("Sean Bean", "Eddard Stark")], "date": "2011-04-17", "audienceRating": 8.4,
     "seasons": _GOT, "season_guids": ["plex://season/602e67d31d3358002c411c39",
                                       "plex://season/602e67d31d3358002c411c3b"],
     "season_tvdb": [364731, 473271], "first_episode": ("plex://episode/5d9c1275e98e47001eb84029", 3254641),
     "directors": ["Tim Van Patten"], "writers": ["David Benioff", "D. B. Weiss"]},
    {"title": "The 100", "year": 2014, "guid": "plex://show/5d9c08254eefaa001f5d6dcb",
     "guids": ["imdb://tt2661044", "tmdb://48866", "tvdb://268592"], "studio": "Alloy Entertainment",
     "tagline": "Earth. It's not a place, it's a feeling.", "contentRating": "TV-14",
     "genres": ["Drama", "Science Fiction"], "roles": [("Eliza Taylor", "Clarke Griffin")],
     "date": "2014-03-19", "audienceRating": 7.6, "seasons": _THE100,
     "season_guids": ["plex://season/602e691b66dfdb002c0a4ed5", "plex://season/602e691b66dfdb002c0a4ed7"],
     "season_tvdb": [545491, 588731], "first_episode": ("plex://episode/5d9c1410ef619a001f31a6f4", 4568001),
     "directors": ["Bharat Nalluri"], "writers": ["Jason Rothenberg"]},
]


def _slug(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-").replace("--", "-")


class _Builder:
    def __init__(self, store: Store, added: int) -> None:
        self.store = store
        self.added = added

    def rk(self) -> int:
        return self.store.next_id("rk")

    def tags(self, item: Item, kind: str, names: list[str]) -> None:
        item.tags[kind] = [self.store.tag_id(kind, n) for n in dict.fromkeys(names)]

    def roles(self, item: Item, cast: list[tuple[str, str]]) -> None:
        self.tags(item, "role", [c[0] for c in cast])
        item.roles = {str(self.store.find_tag("role", name)): role for name, role in cast}

    def video_media(self, path: str, duration: int, size: int) -> list[dict[str, Any]]:
        """The stub mp4 as Plex analyses it: 1080p H.264 + AAC LC stereo, optimised for streaming."""
        sid = self.store.next_id
        video = {"id": sid("stream"), "streamType": 1, "default": 1, "codec": "h264", "index": 0,
                 "bitrate": 5133, "bitDepth": 8, "chromaLocation": "left", "chromaSubsampling": "4:2:0",
                 "codedHeight": 1088, "codedWidth": 1920, "frameRate": 24.0, "hasScalingMatrix": 0,
                 "height": 1080, "level": 40, "profile": "main", "refFrames": 4, "scanType": "progressive",
                 "streamIdentifier": 1, "width": 1920, "displayTitle": "1080p (H.264)",
                 "extendedDisplayTitle": "1080p (H.264)"}
        audio = {"id": sid("stream"), "streamType": 2, "selected": 1, "default": 1, "codec": "aac", "index": 1,
                 "channels": 2, "bitrate": 128, "audioChannelLayout": "stereo", "profile": "lc",
                 "samplingRate": 44100, "streamIdentifier": 2, "displayTitle": "Unknown (AAC Stereo)",
                 "extendedDisplayTitle": "Unknown (AAC Stereo)"}
        part_id = sid("part")
        return [{
            "id": sid("media"), "duration": duration, "bitrate": 5261, "width": 1920, "height": 1080,
            "aspectRatio": 1.78, "audioChannels": 2, "audioCodec": "aac", "videoCodec": "h264",
            "videoResolution": "1080", "container": "mp4", "videoFrameRate": "24p", "optimizedForStreaming": 1,
            "audioProfile": "lc", "has64bitOffsets": 0, "videoProfile": "main",
            "parts": [{"id": part_id, "key": f"/library/parts/{part_id}/{self.added}/file.mp4", "duration": duration,
                       "file": path, "size": size, "audioProfile": "lc", "container": "mp4",
                       "has64bitOffsets": 0, "optimizedForStreaming": 1, "videoProfile": "main",
                       "streams": [video, audio]}],
        }]

    def common(self, item: Item, title: str, guid: str, added: int) -> None:
        a = item.attrs
        a.update(title=title, guid=guid, addedAt=added, updatedAt=added,
                 thumb=f"/library/metadata/{item.rk}/thumb/{added}", art=f"/library/metadata/{item.rk}/art/{added}")

    def movie(self, sid: int, spec: dict[str, Any], n: int) -> None:
        item = Item(rk=self.rk(), type="movie", section=sid)
        added = self.added + n
        self.common(item, spec["title"], spec["guid"], added)
        a = item.attrs
        a.update(year=spec["year"], studio=spec["studio"], tagline=spec["tagline"],
                 contentRating=spec["contentRating"], originallyAvailableAt=spec["date"],
                 summary=f"{spec['title']}: {_LOREM}", rating=spec["rating"], audienceRating=spec["audienceRating"],
                 ratingImage="rottentomatoes://image.rating.ripe",
                 audienceRatingImage="rottentomatoes://image.rating.upright", slug=_slug(spec["title"]),
                 duration=653804 if spec["title"] != "Sita Sings the Blues" else 4920000)
        for kind in ("genres", "directors", "writers", "producers", "countries"):
            self.tags(item, {"genres": "genre", "directors": "director", "writers": "writer",
                             "producers": "producer", "countries": "country"}[kind], spec[kind])
        self.roles(item, spec["roles"])
        item.guids = list(spec["guids"])
        if spec.get("reviews"):
            item.extra["reviews"] = [dict(r) for r in spec["reviews"]]
        item.media = self.video_media(f"/data/Movies/{spec['title']} ({spec['year']}).mp4", a["duration"], 33554432)
        self.store.add(item)

    def show(self, sid: int, spec: dict[str, Any], n: int) -> None:
        show = Item(rk=self.rk(), type="show", section=sid, index=1)
        added = self.added + 100 + n
        self.common(show, spec["title"], spec["guid"], added)
        a = show.attrs
        a.update(year=spec["year"], studio=spec["studio"], tagline=spec["tagline"], contentRating=spec["contentRating"],
                 originallyAvailableAt=spec["date"], summary=f"{spec['title']}: {_LOREM}",
                 audienceRating=spec["audienceRating"], audienceRatingImage="themoviedb://image.rating",
                 slug=_slug(spec["title"]), theme=f"/library/metadata/{show.rk}/theme/{added}", duration=3600000)
        self.tags(show, "genre", spec["genres"])
        self.roles(show, spec["roles"])
        show.guids = list(spec["guids"])
        show.extra["location"] = f"/data/TV-Shows/{spec['title']}"
        self.store.add(show)
        for s, titles in enumerate(spec["seasons"], start=1):
            season = Item(rk=self.rk(), type="season", section=sid, parent=show.rk, index=s)
            self.common(season, f"Season {s}", spec["season_guids"][s - 1], added)
            season.attrs.pop("art")
            season.attrs.update(summary=f"Season {s} of {spec['title']}: {_LOREM}", year=spec["year"] + s - 1,
                                audienceRatingImage="themoviedb://image.rating")
            season.guids = [f"tvdb://{spec['season_tvdb'][s - 1]}"]
            self.store.add(season)
            for e, title in enumerate(titles, start=1):
                ep = Item(rk=self.rk(), type="episode", section=sid, parent=season.rk, index=e)
                guid, tvdb = spec["first_episode"]
                if (s, e) != (1, 1):
                    digest = hashlib.sha1(f"{spec['title']}:{s}:{e}".encode()).hexdigest()
                    guid, tvdb = f"plex://episode/{digest[:24]}", tvdb + s * 100 + e
                self.common(ep, title, guid, added)
                ep.attrs.pop("art")
                year = spec["year"] + s - 1
                ep.attrs.update(year=year, contentRating=spec["contentRating"], summary=f"{title}: {_LOREM}",
                                originallyAvailableAt=f"{year}-{min(12, 3 + e // 4):02d}-{(e * 7) % 28 + 1:02d}",
                                audienceRating=8.0 + (e % 10) / 10, audienceRatingImage="themoviedb://image.rating",
                                duration=653804)
                self.tags(ep, "director", spec["directors"][:1])
                self.tags(ep, "writer", spec["writers"])
                if (s, e) == (1, 1):
                    self.roles(ep, spec["roles"])
                ep.guids = [f"tvdb://{tvdb}"]
                path = f"/data/TV-Shows/{spec['title']}/S{s:02d}E{e:02d}.mp4"
                ep.media = self.video_media(path, 653804, 18184197)
                self.store.add(ep)

    def music(self, sid: int) -> None:
        added = self.added + 200
        artist = Item(rk=self.rk(), type="artist", section=sid, index=1)
        self.common(artist, "Broke For Free", "plex://artist/5d07bbfc403c6402904a5ec7", added)
        artist.attrs.update(summary=f"Broke For Free: {_LOREM}", titleSort="Broke For Free")
        self.tags(artist, "genre", ["Electronic"])
        self.tags(artist, "country", ["United States of America"])
        artist.guids = ["mbid://bd76e0e4-7f0e-4eb4-9f3e-4e6d26f2dc6d"]
        artist.extra["location"] = "/data/Music/Broke for free"
        self.store.add(artist)
        album = Item(rk=self.rk(), type="album", section=sid, parent=artist.rk, index=1)
        self.common(album, "Layers", "plex://album/5d07c4e9403c640290a3b8a2", added)
        album.attrs.update(year=2012, originallyAvailableAt="2012-11-30", studio="Broke For Free",
                           summary="", loudnessAnalysisVersion=2)
        self.tags(album, "genre", ["Electronic"])
        album.guids = ["mbid://0f4b3a4e-7d6b-4b8f-8e0c-3e2b1c7a9d11"]
        self.store.add(album)
        track = Item(rk=self.rk(), type="track", section=sid, parent=album.rk, index=1)
        self.common(track, "As Colourful as Ever", "plex://track/5d07c4e9403c640290a3b8a3", added)
        track.attrs.pop("art")
        track.attrs.update(duration=228000, year=2012, parentIndex=1)
        track.guids = ["mbid://2a0e1f4b-3c5d-4e6f-8a9b-0c1d2e3f4a5b"]
        sid_ = self.store.next_id
        part_id = sid_("part")
        track.media = [{"id": sid_("media"), "duration": 228000, "bitrate": 128, "audioChannels": 2,
                        "audioCodec": "mp3", "container": "mp3",
                        "parts": [{"id": part_id, "key": f"/library/parts/{part_id}/{added}/file.mp3",
                                   "duration": 228000, "file": "/data/Music/Broke for free/Layers/1 - As Colorful As Ever.mp3",
                                   "size": 3761053, "container": "mp3",
                                   "streams": [{"id": sid_("stream"), "streamType": 2, "selected": 1, "codec": "mp3",
                                                "index": 0, "channels": 2, "bitrate": 128, "samplingRate": 44100,
                                                "displayTitle": "MP3 (Stereo)",
                                                "extendedDisplayTitle": "MP3 (Stereo)"}]}]}]
        self.store.add(track)

    def photos(self, sid: int) -> None:
        added = self.added + 300
        tree = {("Cats",): 3, ("Cats", "Cats in bed"): 7, ("Cats", "Cats not in bed"): 1,
                ("Cats", "Not cats in bed"): 1}
        albums: dict[tuple[str, ...], Item] = {}
        for path, count in tree.items():
            parent = albums.get(path[:-1])
            album = Item(rk=self.rk(), type="photoalbum", section=sid, parent=parent.rk if parent else None)
            self.common(album, path[-1], f"local://{album.rk}", added)
            album.attrs.pop("art")
            album.attrs["summary"] = ""
            self.store.add(album)
            albums[path] = album
            for i in range(1, count + 1):
                photo = Item(rk=self.rk(), type="photo", section=sid, parent=album.rk, index=i)
                self.common(photo, f"photo{i}", f"local://{photo.rk}", added)
                photo.attrs.pop("art")
                photo.attrs.update(year=2025, originallyAvailableAt="2025-11-30", summary="")
                sid_ = self.store.next_id
                part_id = sid_("part")
                file = "/data/Photos/" + "/".join(path) + f"/photo{i}.jpg"
                photo.media = [{"id": sid_("media"), "width": 500, "height": 333, "aspectRatio": 1.5,
                                "container": "jpeg",
                                "parts": [{"id": part_id, "key": f"/library/parts/{part_id}/{added}/file.jpg",
                                           "file": file, "size": 30824, "container": "jpeg", "streams": []}]}]
                self.store.add(photo)


_SECTIONS = [(1, "movie", "Movies", "tv.plex.agents.movie", "Plex Movie", "en-US", "/data/Movies"),
             (2, "show", "TV Shows", "tv.plex.agents.series", "Plex TV Series", "en-US", "/data/TV-Shows"),
             (3, "artist", "Music", "tv.plex.agents.music", "Plex Music", "en-US", "/data/Music"),
             (4, "photo", "Photos", "com.plexapp.agents.none", "Plex Photo Scanner", "en", "/data/Photos")]


def populate_bootstrap(store: Store, now: int | None = None) -> None:
    """Fill an empty store with the plexapi bootstrap library (always the same content).

    As on a freshly bootstrapped server, the media was added an hour before ``now`` (default: the
    wall clock; pass a fixed epoch for byte-identical stores): the suite compares ``addedAt`` and
    ``updatedAt`` with "a day before/after" values read from objects it does not reload."""
    added = (int(time.time()) if now is None else now) - 3600
    with store.lock, store.bulk():
        store.set_meta("machineIdentifier", hashlib.sha1(b"plexsim-plexapi-bootstrap").hexdigest())
        store.set_meta("seed", 0)
        store.set_meta("library", LIBRARY)
        for sid, type_, title, agent, scanner, lang, location in _SECTIONS:
            digest = hashlib.sha1(f"bootstrap:{sid}".encode()).hexdigest()
            store.add_section(Section(id=sid, type=type_, title=title, agent=agent, scanner=scanner, language=lang,
                                      uuid=str(uuid.UUID(digest[:32])), location=location,
                                      created_at=BASE_EPOCH - 30 * 86400, updated_at=BASE_EPOCH))
        b = _Builder(store, added)
        for n, spec in enumerate(MOVIES):
            b.movie(1, spec, n)
        for n, spec in enumerate(SHOWS):
            b.show(2, spec, n)
        b.music(3)
        b.photos(4)
