"""The pure decision: fallback chains, user locks vs our locks, actions, mappers, batching."""

from __future__ import annotations

from kometa.operations.batch import requests_for
from kometa.operations.collection_ops import to_delete
from kometa.operations.decide import decide_field, decide_genre_mapper, decide_title_parentheses
from kometa.operations.model import FIELD_OPS, parse_chain, parse_operations
from kometa.operations.sources import Action
from kometa.plex.snapshot import CollectionInfo, Item

CRITIC = FIELD_OPS["mass_critic_rating_update"]
GENRE = FIELD_OPS["mass_genre_update"]


def item(rk: int, **values) -> Item:
    base = {"title": f"M{rk}", "critic_rating": None, "genre": (), "locked_fields": (), "plex_ratings": {}}
    base.update(values)
    return Item(rk, "movie", base)


def test_first_source_with_a_value_wins():
    chain = parse_chain("mass_critic_rating_update", ["plex_tmdb", "plex_imdb", 5.0])
    items = [item(1, plex_ratings={"themoviedb://image.rating": 7.26}),
             item(2, plex_ratings={"imdb://image.rating": 6.0}), item(3)]
    changes = decide_field(CRITIC, chain, items, {}).changes
    assert [(c.rating_key, dict(c.params)["rating.value"]) for c in changes] == [(1, "7.3"), (2, "6.0"), (3, "5.0")]


def test_equal_value_decides_nothing_and_user_lock_is_kept_but_ours_is_not():
    chain = parse_chain("mass_critic_rating_update", 5.0)
    items = [item(1, critic_rating=5.0), item(2, critic_rating=3.0, locked_fields=("rating",)),
             item(3, critic_rating=4.0, locked_fields=("rating",))]
    decision = decide_field(CRITIC, chain, items, {3: "4.0"})
    assert [c.rating_key for c in decision.changes] == [3]
    assert decision.locked_skipped == 1


def test_actions_only_when_needed():
    items = [item(1, critic_rating=5.0), item(2, locked_fields=("rating",))]
    remove = decide_field(CRITIC, (Action("remove"),), items, {}).changes
    assert [c.rating_key for c in remove] == [1]
    assert dict(remove[0].params) == {"rating.value": "", "rating.locked": "1"}
    unlock = decide_field(CRITIC, (Action("unlock"),), items, {}).changes
    assert [c.rating_key for c in unlock] == [2]


def test_genres_sync_adds_and_removes_by_name():
    chain = parse_chain("mass_genre_update", [["Drama", "War"]])
    change = decide_field(GENRE, chain, [item(1, genre=("Drama", "Comedy"))], {}).changes[0]
    assert change.params == (("genre[0].tag.tag", "War"), ("genre[].tag.tag-", "Comedy"), ("genre.locked", "1"))


def test_genre_mapper_and_parentheses():
    mapped = decide_genre_mapper({"Sci-Fi": "Science Fiction", "Bad": None},
                                 [item(1, genre=("Sci-Fi", "Bad", "Drama")), item(2, genre=("Drama",))], {}, GENRE)
    assert [c.new_value for c in mapped.changes] == [("Science Fiction", "Drama")]
    titles = decide_title_parentheses([item(1, title="Alien (1979)"), item(2, title="Up"),
                                       item(3, title="Blade Runner (Final Cut)"), item(4, title="Heat(1995)")], {})
    assert [c.new_value for c in titles.changes] == ["Alien"]


def test_same_values_share_a_request_and_batches_split():
    chain = parse_chain("mass_critic_rating_update", 5.0)
    changes = decide_field(CRITIC, chain, [item(rk) for rk in range(1, 8)], {}).changes
    requests = requests_for(changes, 3)
    assert [ids for _, ids in requests] == [[1, 2, 3], [4, 5, 6], [7]]


def test_delete_collections_criteria():
    colls = [CollectionInfo(1, "A", False, ("Kometa",), child_count=1),
             CollectionInfo(2, "B", False, (), child_count=1),
             CollectionInfo(3, "C", True, ("Kometa",), child_count=0),
             CollectionInfo(4, "D", False, ("Kometa",), child_count=9)]
    pick = lambda **c: [x.title for x in to_delete(colls, {"ignore_empty_smart_collections": True, **c}, {"D"})]  # noqa: E731
    assert pick() == []
    assert pick(managed=True, less=5) == ["A", "C"]  # smart C: less does not apply, managed does
    assert pick(less=5) == ["A", "B"]
    assert pick(managed=True, configured=False) == ["A", "C"]


def test_old_library_keys_become_a_block():
    from ruamel.yaml import YAML

    node = YAML().load("split_duplicates: false\ndelete_unmanaged_collections: true\n")
    parsed = parse_operations(None, node)
    assert not parsed.errors
    assert [(op.key, op.value) for op in parsed.blocks[0].operations][1] == (
        "delete_collections", {"managed": False, "configured": None, "less": None,
                               "ignore_empty_smart_collections": True})


def test_old_delete_keys_in_a_block_make_one_delete_collections():
    from ruamel.yaml import YAML

    from kometa.config.model import Located

    node = YAML().load("operations:\n  - delete_unmanaged_collections: true\n    delete_collections_with_less: 2\n"
                       "  - delete_collections_with_less: 4\n    delete_collections: {configured: false}\n")
    parsed = parse_operations(Located(node["operations"], "config.yml", 1))
    assert not parsed.errors
    first, second = parsed.blocks
    assert [(op.key, op.value["managed"], op.value["less"]) for op in first.operations] == [
        ("delete_collections", False, 2)]
    assert [(op.key, op.value["configured"], op.value["less"]) for op in second.operations] == [
        ("delete_collections", False, None)]  # the block's own delete_collections wins
    node = YAML().load("delete_unmanaged_collections: maybe\n")
    assert [e.message for e in parse_operations(None, node).errors] == [
        "delete_unmanaged_collections: expected true or false"]


def test_mapper_runs_after_its_update_and_a_repeated_operation_once():
    from ruamel.yaml import YAML

    from kometa.config.model import Located
    from kometa.operations.runner import ordered

    node = YAML().load("operations:\n  - genre_mapper: {Sci-Fi: Science Fiction}\n    mass_user_rating_update: 2.0\n"
                       "  - mass_genre_update: [[Sci-Fi]]\n    mass_user_rating_update: 3.0\n"
                       "    content_rating_mapper: {PG: G}\n")
    parsed = parse_operations(Located(node["operations"], "config.yml", 1))
    order = [(op.key, op.value if op.key == "mass_user_rating_update" else None) for op, _ in ordered(parsed.blocks)]
    assert [key for key, _ in order] == ["mass_user_rating_update", "mass_genre_update", "genre_mapper",
                                         "content_rating_mapper"]
    assert order[0][1][0].literal == 2.0  # the first block's
