"""mass_imdb_parental_labels decisions (pure): levels, removal, other labels left alone."""

from __future__ import annotations

import pytest

from kometa.operations.parental import decide_parental, labels_for, parse_level
from kometa.plex.snapshot import Item

GUIDE = {"Sex & Nudity": "Mild", "Violence & Gore": "Severe", "Profanity": "None",
         "Alcohol, Drugs & Smoking": "Moderate", "Frightening & Intense Scenes": "Mild"}


def test_levels():
    assert labels_for(GUIDE, "severe") == {"Violence:Severe"}
    assert labels_for(GUIDE, "moderate") == {"Violence:Severe", "Alcohol:Moderate"}
    assert len(labels_for(GUIDE, "none")) == 5 and "Profanity:None" in labels_for(GUIDE, "none")
    assert parse_level("with_none") == "none" and parse_level("without_none") == "mild"
    with pytest.raises(ValueError, match="not a parental label level"):
        parse_level("extreme")


def test_decide_keeps_other_labels_and_skips_items_without_guide():
    items = [Item(1, "movie", {"label": ("Keep", "Violence:Mild")}), Item(2, "movie", {"label": ("Nudity:Mild",)}),
             Item(3, "movie", {"label": ("Violence:Severe",)})]
    decision = decide_parental(items, {1: GUIDE, 3: GUIDE}, "severe")
    assert [c.rating_key for c in decision.changes] == [1] and decision.no_value == 1
    assert set(decision.changes[0].new_value) == {"Keep", "Violence:Severe"}
    removed = decide_parental(items, {}, "remove")
    assert {c.rating_key: c.new_value for c in removed.changes} == {1: ("Keep",), 2: (), 3: ()}
