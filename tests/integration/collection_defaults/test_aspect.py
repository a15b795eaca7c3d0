"""aspect: one collection per common aspect ratio, by the widest version of each item."""

from __future__ import annotations

from more_defaults_helpers import collection_names, delete_all, rows, section

BANDS = {"1.33 - Academy Aperture": (1.0, 1.35), "1.78 - Widescreen TV": (1.751, 1.8),
         "1.85 - American Widescreen": (1.801, 1.95), "2.35 - Anamorphic Projection": (2.251, 2.55)}


def test_aspect_collections(runner, pair):
    delete_all(pair)
    r = rows(runner.run("aspect", {"use_2.77": False}))
    ratios = {i.ratingKey: max(float(m.aspectRatio) for m in i.media) for i in section(pair).all()}
    made = 0
    for name, (lo, hi) in BANDS.items():
        want = {k for k, v in ratios.items() if lo <= v <= hi}
        if want:
            made += 1
            assert {i.ratingKey for i in section(pair).collection(name).items()} == want, name
        else:
            assert r[name].status != "Created"
    assert made >= 1
    assert "2.77 - Cinerama" not in collection_names(pair) and "Aspect Ratio Collections" in collection_names(pair)


def test_aspect_sort_by_orders_the_items(runner, pair):
    delete_all(pair)
    runner.run("aspect", {"sort_by": "title.desc"})
    made = [c for c in section(pair).collections() if c.title in BANDS and c.childCount > 1]
    assert made
    for collection in made:
        titles = [i.titleSort or i.title for i in collection.items()]
        assert titles == sorted(titles, key=str.lower, reverse=True), (collection.title, titles)
