"""Conformance: regular and smart collections through python-plexapi."""

from __future__ import annotations

import pytest
from plexapi.exceptions import BadRequest, NotFound
from plexapi.server import PlexServer


@pytest.fixture
def env(fresh_plexsim):
    plex = PlexServer(fresh_plexsim.url, fresh_plexsim.token)
    return fresh_plexsim, plex, plex.library.section("Movies")


def test_create_list_children(env):
    sim, plex, movies = env
    items = movies.search(sort="titleSort", limit=4)
    coll = plex.createCollection("Blender", movies, items[:3])
    assert coll.title == "Blender" and coll.smart is False and coll.childCount == 3
    assert coll.librarySectionID == 1 and coll.subtype == "movie"
    assert {i.ratingKey for i in coll.items()} == {i.ratingKey for i in items[:3]}
    assert [c.title for c in movies.collections()] == ["Blender"]
    assert movies.collection("Blender").ratingKey == coll.ratingKey
    # both addresses serve it
    assert plex.fetchItem(coll.ratingKey).title == "Blender"
    # members carry the Collection tag; the tag id is the collection index; collection= search finds them
    member = plex.fetchItem(items[0].ratingKey)
    assert [c.tag for c in member.collections] == ["Blender"]
    assert member.collections[0].id == coll.index
    assert {i.ratingKey for i in movies.search(collection="Blender")} == {i.ratingKey for i in items[:3]}


def test_add_remove_move(env):
    sim, plex, movies = env
    items = movies.search(sort="titleSort", limit=5)
    coll = plex.createCollection("Ordered", movies, items[:3])
    coll.addItems(items[3:5])
    coll.addItems(items[0])  # re-adding a member is a no-op
    coll.reload()
    assert coll.childCount == 5
    coll.removeItems([items[1]])
    coll.reload()
    assert items[1].ratingKey not in {i.ratingKey for i in coll.items()}
    assert not plex.fetchItem(items[1].ratingKey).collections
    coll.moveItem(items[4])  # to the front
    coll.moveItem(items[0], after=items[3])
    coll.reload()
    order = [i.ratingKey for i in coll.items()]
    assert order[0] == items[4].ratingKey
    assert order.index(items[0].ratingKey) == order.index(items[3].ratingKey) + 1
    assert coll.collectionSort == 2  # custom after a move


def test_mode_sort_prefs_and_edits(env):
    sim, plex, movies = env
    coll = plex.createCollection("Prefs", movies, movies.search(limit=3))
    coll.modeUpdate("hideItems")
    coll.sortUpdate("alpha")
    coll.reload()
    assert coll.collectionMode == 1 and coll.collectionSort == 1
    prefs = {s.id: s.value for s in coll.preferences()}
    assert prefs["collectionMode"] == 1 and prefs["collectionSort"] == 1
    titles = [i.titleSort or i.title for i in coll.items()]
    assert [t.casefold() for t in titles] == sorted(t.casefold() for t in titles)
    coll.editTitle("Renamed").editSummary("About").addLabel("Kometa")
    coll.reload()
    assert (coll.title, coll.summary, [lb.tag for lb in coll.labels]) == ("Renamed", "About", ["Kometa"])
    assert "title" in {f.name for f in coll.fields}
    member = plex.fetchItem(coll.items()[0].ratingKey)
    assert [c.tag for c in member.collections] == ["Renamed"]
    coll.editSummary("")
    coll.reload()
    assert coll.summary == ""
    with pytest.raises(BadRequest):
        plex.query(f"/library/collections/{coll.ratingKey}/prefs?collectionMode=9", method=plex._session.put)


def test_smart_collection(env):
    sim, plex, movies = env
    kwargs = dict(limit=5, sort="year:desc", filters={"year>>": 1960, "genre": "Drama"})
    smart = plex.createCollection("Smart", movies, smart=True, **kwargs)
    assert smart.smart is True and smart.content.startswith(f"server://{plex.machineIdentifier}/")
    expected = [i.ratingKey for i in movies.search(libtype="movie", **kwargs)]
    assert [i.ratingKey for i in smart.items()] == expected
    assert smart.childCount == len(expected)
    # filters() round trip: the stored content gives back the same search
    f = smart.filters()
    assert f["limit"] == 5 and f["sort"] == ["movie.year:desc"] and f["libtype"] == "movie"
    assert [i.ratingKey for i in movies.search(**f)] == expected
    smart.updateFilters(limit=2, sort="titleSort", filters={"year<<": 1990})
    smart.reload()
    assert [i.ratingKey for i in smart.items()] == [
        i.ratingKey for i in movies.search(libtype="movie", limit=2, sort="titleSort", filters={"year<<": 1990})]
    with pytest.raises(BadRequest):
        smart.addItems(movies.search(limit=1))
    with pytest.raises(BadRequest):
        plex.query(f"/library/collections/{smart.ratingKey}/items/{expected[0]}", method=plex._session.delete)


def test_collection_tag_edit_creates_and_delete_cleans(env):
    sim, plex, movies = env
    item = movies.search(limit=1)[0]
    item.addCollection("Via Tag")
    coll = movies.collection("Via Tag")
    assert [i.ratingKey for i in coll.items()] == [item.ratingKey]
    item.reload()
    item.removeCollection("Via Tag")
    coll.reload()
    assert coll.childCount == 0  # removing the tag leaves the (empty) collection
    coll.delete()
    with pytest.raises(NotFound):
        movies.collection("Via Tag")
    with pytest.raises(NotFound):
        plex.fetchItem(coll.ratingKey)


def test_delete_drops_member_tags(env):
    sim, plex, movies = env
    items = movies.search(limit=2)
    coll = plex.createCollection("Doomed", movies, items)
    coll.delete()
    assert all(not plex.fetchItem(i.ratingKey).collections for i in items)
    assert movies.collections() == []


def test_collections_in_listing_only_on_request(env):
    sim, plex, movies = env
    coll = plex.createCollection("Shown", movies, movies.search(limit=2))
    coll.modeUpdate("showItems")
    with_colls = plex.query("/library/sections/1/all?includeCollections=1")
    assert any(e.attrib.get("type") == "collection" for e in with_colls)
    assert len(movies.search(libtype="collection")) == 1


def test_bad_creates(env):
    sim, plex, movies = env
    mid = plex.machineIdentifier
    base = f"/library/collections?sectionId=1&title=X&type=1&smart=0&uri=server://{mid}/com.plexapp.plugins.library"
    with pytest.raises(BadRequest):
        plex.query(base.replace("uri=", "uri=junk"), method=plex._session.post)
    with pytest.raises(BadRequest):
        plex.query(base.replace("type=1", "type=77") + "/library/metadata/1", method=plex._session.post)
    # Kometa's empty collection: bare /library/metadata
    data = plex.query(base + "/library/metadata", method=plex._session.post)
    assert data[0].attrib["childCount"] == "0"


def test_same_title_in_two_sections_stays_separate(env):
    sim, plex, movies = env
    shows = plex.library.section("TV Shows")
    movie = movies.search(limit=1)[0]
    show = shows.all()[0]
    movie.addCollection("Marvel")
    show.addCollection("Marvel")
    mc, sc = movies.collection("Marvel"), shows.collection("Marvel")
    assert mc.ratingKey != sc.ratingKey and mc.index != sc.index
    assert [i.ratingKey for i in mc.items()] == [movie.ratingKey]
    assert [i.ratingKey for i in sc.items()] == [show.ratingKey]
    assert sc.subtype == "show"


def test_duplicate_titles_get_their_own_tags(env):
    sim, plex, movies = env
    a, b = movies.search(limit=2)
    first = plex.createCollection("Twin", movies, [a])
    second = plex.createCollection("Twin", movies, [b])
    assert first.index != second.index
    assert [i.ratingKey for i in first.items()] == [a.ratingKey]
    assert [i.ratingKey for i in second.items()] == [b.ratingKey]


def test_failed_create_leaves_nothing(env):
    sim, plex, movies = env
    mid = plex.machineIdentifier
    with pytest.raises(NotFound):
        plex.query(f"/library/collections?sectionId=1&title=Ghost&type=1&smart=0"
                   f"&uri=server://{mid}/com.plexapp.plugins.library/library/metadata/99999999",
                   method=plex._session.post)
    assert movies.collections() == []
