"""The pure parts of the image and Radarr/Sonarr operations and of the anime/Trakt readings."""

from __future__ import annotations

import pytest

from kometa.clients.anidb import parse_anime
from kometa.engine.arr_ops import _folder, plan_adds, tagged
from kometa.engine.image_ops import ImageTarget, lock_changes, skipped
from kometa.operations.anime_values import extractor
from kometa.operations.model import ImageOp, _image_op, parse_operations
from kometa.plex.snapshot import Item


def _item(rk: int, **values) -> Item:
    return Item(rk, "movie", {"title": f"M{rk}", "locked_fields": (), "label": (), **values})


def test_image_op_values():
    assert _image_op("tmdb") == ImageOp("tmdb")
    assert _image_op({"source": "Plex", "seasons": False, "language": "XX"}) == ImageOp("plex", "xx", seasons=False)
    assert _image_op(False) is False
    for raw, message in (({"source": "fanart"}, "source 'fanart' is not one of tmdb, plex, lock, unlock"),
                         ({"source": "tmdb", "episode": True}, "unknown key 'episode'"),
                         ({"source": "tmdb", "language": "english"}, "is not an ISO 639-1 code"),
                         ({"source": "tmdb", "ignore_locked": "yes"}, "ignore_locked must be true or false"),
                         (3, "expected a mapping")):
        with pytest.raises(ValueError, match=message):
            _image_op(raw)


def test_image_skips_and_locks():
    locked = ImageTarget(_item(1, locked_fields=("thumb",)), "item", "a")
    overlaid = ImageTarget(_item(2, label=("Overlay",)), "item", "b")
    plain = ImageTarget(_item(3), "item", "c")
    spec = ImageOp("tmdb", ignore_locked=True, ignore_overlays=True)
    assert [skipped(spec, "thumb", t) for t in (locked, overlaid, plain)] == ["locked", "overlay", None]
    assert skipped(spec, "art", overlaid) is None  # ignore_overlays is about posters
    changes = lock_changes(ImageOp("lock"), "thumb", [locked, overlaid, plain])
    assert [(t.item.rating_key, c.params) for t, c in changes] == [(2, (("thumb.locked", "1"),)),
                                                                  (3, (("thumb.locked", "1"),))]
    assert [t.item.rating_key for t, _ in lock_changes(ImageOp("unlock"), "thumb", [locked, plain])] == [1]


def test_arr_folders_and_plans():
    assert _folder(("/data/TV/Show/Season 01/Show - S01E01.mkv",), show=True) == "/data/TV/Show"
    assert _folder(("/data/Movies/Film (2001)/Film.mkv",), show=False) == "/data/Movies/Film (2001)"
    assert _folder(("D:\\Movies\\Film\\Film.mkv",), show=False) == "D:\\Movies\\Film"
    items = [(_item(1, guid="plex://movie/a", guids=("tmdb://10",)), ("/data/Movies/A/A.mkv",)),
             (_item(2, guid="plex://movie/b", guids=("tmdb://20",)), ("/data/Movies/B/B.mkv",)),
             (_item(3, guid="plex://movie/c", guids=("tmdb://30",)), ("/other/C/C.mkv",)),
             (_item(4, guid="plex://movie/d", guids=("imdb://tt0000004",)), ("/data/Movies/D/D.mkv",)),
             (_item(5, guid="plex://movie/e", guids=("tmdb://50",)), ("/data/Movies/E/E.mkv",))]
    plan = plan_adds("radarr", items, have={20}, sent={"50"}, root="/movies", plex_path="/data/Movies",
                     arr_path="/movies")
    assert plan.send == [(10, "/movies/A", "M1")] and plan.already == 2
    assert plan.no_id == ["M4"] and plan.outside_root == ["M3: /other/C is not in /movies"]


def test_remove_by_tag_needs_every_tag():
    titles = [{"id": 1, "tags": [1, 2]}, {"id": 2, "tags": [1]}, {"id": 3, "tags": [2, 1, 3]}]
    tags = {"kometa": 1, "4k": 2}
    assert [t["id"] for t in tagged(titles, tags, ("Kometa", "4K"))] == [1, 3]
    assert tagged(titles, tags, ("kometa", "nope")) == [] and tagged(titles, tags, ()) == []


def test_remove_by_tag_values_parse():
    from kometa.config.model import Located
    parsed = parse_operations(Located({"radarr_remove_by_tag": "a, b ,", "sonarr_add_all": True}, "c.yml", 3))
    values = {op.key: op.value for op in parsed.blocks[0].operations}
    assert values == {"radarr_remove_by_tag": ("a", "b"), "sonarr_add_all_existing": True} and not parsed.errors


ANIDB = """<anime id="7" restricted="false"><startdate>2019-04-06</startdate>
<titles><title xml:lang="x-jat" type="main">Kimetsu</title><title xml:lang="en" type="official">Demon Slayer</title>
<title xml:lang="ja" type="official">鬼滅の刃</title></titles>
<creators><name id="1" type="Director">Someone</name><name id="2" type="Animation Work">ufotable</name></creators>
<ratings><permanent count="9">8.47</permanent><temporary count="9">8.52</temporary></ratings>
<tags><tag id="1" weight="600" infobox="true"><name>shounen</name></tag><tag id="2" weight="400"><name>swordplay</name></tag>
<tag id="3" weight="200"><name>demons</name></tag></tags></anime>"""


def test_anidb_record_and_readings():
    record = parse_anime(ANIDB)
    assert record["studio"] == "ufotable" and record["score"] is None and record["released"] == "2019-04-06"
    read = lambda name, key, kind: extractor("AniDB", name, key, kind, "en")(record)  # noqa: E731
    assert read("anidb_rating", "mass_critic_rating_update", "float") == 8.5
    assert read("anidb_score", "mass_critic_rating_update", "float") is None  # no review score: the chain goes on
    assert read("anidb", "mass_genre_update", "tags") == ("Shounen",)
    assert read("anidb_2_0", "mass_genre_update", "tags") == ("Shounen", "Swordplay")
    assert read("anidb_1_0", "mass_genre_update", "tags") == ("Shounen", "Swordplay", "Demons")
    assert read("anidb_official", "mass_original_title_update", "text") == "Demon Slayer"
    assert extractor("AniDB", "anidb_official", "mass_original_title_update", "text", "de")(record) == "Kimetsu"


def test_mal_readings():
    record = {"title": "Kimetsu", "mean": 8.46, "rating": "r", "start_date": "2019-04-06",
              "studios": [{"id": 1, "name": "ufotable"}], "alternative_titles": {"en": "Demon Slayer", "ja": "鬼滅の刃"},
              "genres": [{"id": 1, "name": "Action"}, {"id": 27, "name": "Shounen"}, {"id": 13, "name": "Historical"}]}
    read = lambda name, key, kind: extractor("MyAnimeList", name, key, kind)(record)  # noqa: E731
    assert read("mal", "mass_audience_rating_update", "float") == 8.5
    assert read("mal", "mass_genre_update", "tags") == ("Action",)
    assert read("mal_all", "mass_genre_update", "tags") == ("Action", "Shounen", "Historical")
    assert read("mal", "mass_content_rating_update", "text") == "R - 17+ (violence & profanity)"
    assert read("mal_japanese", "mass_original_title_update", "text") == "鬼滅の刃"
    assert read("mal", "mass_studio_update", "text") == "ufotable"
    assert read("mal", "mass_originally_available_update", "date") == "2019-04-06"


def test_tmdb_release_dates_by_region():
    from kometa.operations.model import parse_chain
    from kometa.operations.tmdb_values import release_date

    answer = {"results": [
        {"iso_3166_1": "US", "release_dates": [{"type": 4, "release_date": "2020-05-01T00:00:00.000Z"},
                                               {"type": 4, "release_date": "2020-04-01T00:00:00.000Z"}]},
        {"iso_3166_1": "DE", "release_dates": [{"type": 4, "release_date": "2020-03-01T00:00:00.000Z"},
                                               {"type": 5, "release_date": "2020-06-01T00:00:00.000Z"}]}]}
    assert release_date(answer, 4, "US") == "2020-04-01"
    assert release_date(answer, 4, None) == "2020-03-01"  # no region: the earliest anywhere
    assert release_date(answer, 5, "US") is None and release_date(answer, 5, "FR") == "2020-06-01"
    assert [link.name for link in parse_chain("mass_added_at_update", ["tmdb_digital", "tmdb"])] == \
        ["tmdb_digital", "tmdb"]
    with pytest.raises(ValueError, match="tmdb_tv is a release date: a source of mass_originally_available_update"):
        parse_chain("mass_genre_update", "tmdb_tv")
