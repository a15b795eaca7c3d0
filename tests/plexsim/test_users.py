"""Shared users: plex.tv's user and shared-server listings (read by python-plexapi's own classes) and
per-user playlists on the server."""

from __future__ import annotations

import pytest
import requests
from plexapi.myplex import MyPlexUser
from plexapi.server import PlexServer

from plexsim.server import PlexSim


@pytest.fixture(scope="module")
def shared():
    with PlexSim(movies=20, shows=2, seed=3, token="admin-token", users=["alice", "bob"]) as sim:
        yield sim


def _get(sim, path, token):
    return requests.get(f"{sim.url}{path}", headers={"X-Plex-Token": token}, timeout=10)


def test_plextv_lists_the_users_in_plexapis_shapes(shared):
    admin = shared.client()
    elem = admin.query("/_plextv/api/users/")
    users = admin.findItems(elem, cls=MyPlexUser)
    assert [u.title for u in users] == ["alice", "bob"]
    assert all(admin.machineIdentifier in [s.machineIdentifier for s in u.servers] for u in users)
    shares = admin.query(f"/_plextv/api/servers/{admin.machineIdentifier}/shared_servers")
    tokens = {int(s.attrib["userID"]): s.attrib["accessToken"] for s in shares}
    assert tokens == {u.id: u.token for u in shared.sim.users}


def test_plextv_answers_the_admin_only(shared):
    alice = shared.sim.users[0]
    assert _get(shared, "/_plextv/api/users/", alice.token).status_code == 401
    assert _get(shared, "/_plextv/api/users/", "nobody").status_code == 401


def test_each_user_sees_only_their_own_playlists_and_cannot_edit_the_library(shared):
    alice_token = shared.sim.users[0].token
    admin = shared.client()
    alice = PlexServer(shared.url, alice_token)
    movie = alice.library.section("Movies").all()[0]
    mine = alice.createPlaylist("Alice's", items=[movie])
    assert [p.title for p in alice.playlists()] == ["Alice's"]
    assert "Alice's" not in [p.title for p in admin.playlists()]
    assert _get(shared, f"/playlists/{mine.ratingKey}", shared.token).status_code == 404
    edit = requests.put(f"{shared.url}/library/metadata/{movie.ratingKey}?title.value=X",
                        headers={"X-Plex-Token": alice_token}, timeout=10)
    assert edit.status_code == 403
    mine.delete()
    assert alice.playlists() == []
