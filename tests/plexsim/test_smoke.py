"""Connect, list and fetch through python-plexapi."""

from plexapi.server import PlexServer


def test_connect_list_fetch(plexsim_server):
    plex = PlexServer(plexsim_server.url, plexsim_server.token)
    assert len(plex.machineIdentifier) == 40
    movies = plex.library.section("Movies")
    items = movies.all()
    assert len(items) == 200
    item = plex.fetchItem(items[0].ratingKey)
    assert item.title == items[0].title
    assert item.media[0].parts[0].streams
