"""Conformance: collection hub visibility (home / library recommended / shared)."""

from __future__ import annotations

import pytest
from plexapi.exceptions import BadRequest, NotFound
from plexapi.server import PlexServer


def test_visibility_flow(fresh_plexsim):
    plex = PlexServer(fresh_plexsim.url, fresh_plexsim.token)
    movies = plex.library.section("Movies")
    coll = plex.createCollection("Hubbed", movies, movies.search(limit=2))
    vis = coll.visibility()
    assert not vis.promotedToRecommended and not vis.promotedToOwnHome  # not visible yet
    vis.updateVisibility(recommended=True, home=True, shared=False)
    vis = coll.visibility()
    assert vis.identifier == f"custom.collection.1.{coll.ratingKey}"
    assert (vis.promotedToRecommended, vis.promotedToOwnHome, vis.promotedToSharedHome) == (True, True, False)
    assert vis.homeVisibility == "admin" and vis.recommendationsVisibility == "all"
    hubs = movies.managedHubs()
    assert hubs[-1].identifier == vis.identifier  # new hubs go last
    hubs[-1].move()  # to the top
    assert movies.managedHubs()[0].identifier == vis.identifier
    builtin = movies.managedHubs()[1]
    movies.managedHubs()[0].move(after=builtin)
    assert movies.managedHubs()[1].identifier == vis.identifier
    vis.updateVisibility(recommended=False, home=False, shared=False)
    assert vis.identifier in {h.identifier for h in movies.managedHubs()}  # all flags 0 stays listed
    put, delete = plex._session.put, plex._session.delete
    with pytest.raises(BadRequest):
        plex.query("/hubs/sections/1/manage/nope/move", method=put)
    with pytest.raises(NotFound):
        plex.query("/hubs/sections/1/manage/nope", method=delete)
    movies.resetManagedHubs()
    assert vis.identifier not in {h.identifier for h in movies.managedHubs()}
