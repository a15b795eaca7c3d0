"""collectionless: the items in no collection (our defaults' "!"-sorted collections do not count)."""

from __future__ import annotations

from more_defaults_helpers import delete_all, rows, section


def _keys(pair, name):
    return {i.ratingKey for i in section(pair).collection(name).items()}


def test_collectionless(runner, pair):
    delete_all(pair)
    runner.run("separator_award")  # an empty "!130" separator: not a collection that holds anything
    lib = section(pair)
    everything = [i for i in lib.all()]
    mine = lib.createCollection("My Picks", items=everything[:5])
    r = rows(runner.run("collectionless"))
    assert r["Collectionless"].status == "Created"
    assert _keys(pair, "Collectionless") == {i.ratingKey for i in everything[5:]}
    made = lib.collection("Collectionless")
    assert made.titleSort == "~_Collectionless" and "in no collection" in made.summary
    runner.run("collectionless", {"exclude": ["My Picks"], "name_collectionless": "Loose"})
    assert _keys(pair, "Loose") == {i.ratingKey for i in everything}
    mine.delete()
