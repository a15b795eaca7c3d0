"""The poster addresses read after uploads: asked by id for a few items (an event's run), from the
whole listing for many; both give what the listing says, over real HTTP against plexsim."""

from __future__ import annotations

from kometa.overlays import apply
from kometa.overlays.apply import PlexPosters
from plexsim.server import PlexSim

TOKEN = "thumbs"


def test_few_items_are_asked_by_id_and_agree_with_the_whole_listing(monkeypatch):
    with PlexSim(movies=30, shows=2, seed=3, token=TOKEN) as sim:
        server = sim.client()
        section = server.library.section("Movies")
        posters = PlexPosters(server, str(section.key), 1)
        whole = posters.thumbs()
        assert len(whole) == 30
        keys = sorted(whole)[3:8]
        sim.reset_stats()
        few = posters.thumbs(keys)
        assert few == {key: whole[key] for key in keys}
        asked = [e for e in sim.request_log() if e["path"].endswith("/all")]
        assert len(asked) == 1 and "id=" in asked[0]["query"]
        monkeypatch.setattr(apply, "FEW_THUMBS", 2)  # more than FEW_THUMBS: one whole listing instead
        sim.reset_stats()
        assert posters.thumbs(keys) == whole
        asked = [e for e in sim.request_log() if e["path"].endswith("/all")]
        assert len(asked) == 1 and "id=" not in asked[0]["query"]
