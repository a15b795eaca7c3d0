"""config/unbuilt.py lists the item_* keys the engine applies (config may not import engine): in step."""

from kometa.config.unbuilt import ITEM_DONE, attribute_part
from kometa.engine.item_edits import KINDS
from kometa.engine.item_updates import KEYS


def test_every_applied_item_key_is_known_as_done():
    applied = {k for k in KEYS if k.startswith("item_")}
    applied |= {f"{base}{mod}" for base in (*KINDS, "item_radarr_tag", "item_sonarr_tag")
                for mod in ("", ".remove", ".sync")}  # tags: engine/item_edits.py and the Radarr/Sonarr editor
    assert applied == set(ITEM_DONE)


def test_an_item_key_not_applied_is_still_not_done():
    assert attribute_part("item_made_up") == "item_made_up (item edits)"
    assert attribute_part("item_refresh") is None
