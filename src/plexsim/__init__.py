"""plexsim: a Plex Media Server simulator that the unmodified python-plexapi client works against.

Public API (stable; the rest of the project builds on it):

- ``plexsim.server.PlexSim``: start a simulator on a free loopback port in a thread::

      from plexsim.server import PlexSim
      with PlexSim(movies=200, shows=20, seed=1, token="t") as sim:
          plex = plexapi.server.PlexServer(sim.url, sim.token)
          sim.stats(); sim.reset_stats(); sim.set_faults(latency_ms=50); sim.request_log()

- ``plexsim.testing``: pytest fixtures ``plexsim_server`` (module scope, 200 movies / 20 shows),
  ``fresh_plexsim`` (function scope, small library), ``plexsim_factory`` and ``plex``. Enable them
  with ``from plexsim.testing import plexsim_server, ...`` in a conftest (see tests/plexsim).
- ``plexsim serve`` (``plexsim.cli``): the same server in the foreground.
- HTTP control: ``GET /_sim/stats``, ``POST /_sim/reset``, ``GET /_sim/log``,
  ``GET|POST /_sim/faults``, ``POST /_sim/items`` (new movies/episodes, as a scan finds them; see
  ``additions``) (token required; not counted, never faulted).
- Plex's notification websocket ``/:/websockets/notifications`` (``notifications``): timeline,
  activity and status messages for what the store changes; python-plexapi's AlertListener reads it.

Layout: ``store`` (SQLite + in-memory mirror), ``fixtures`` (seeded libraries), ``xml``
(serialisation), ``bootstrap_media`` (the ``plexapi-bootstrap`` library python-plexapi's own test suite
expects: ``PlexSim(library="plexapi-bootstrap")``; see docs/plexsim-fidelity.md),
``fields``/``filters``/``meta`` (search grammar and metadata), ``edits``,
``collection``, ``playlists``, ``images``, ``routes_*`` (HTTP; ``routes_extra``: the less central
endpoints python-plexapi's suite exercises), ``app`` (Starlette app, auth,
counting, faults), ``faults``, ``stats``, ``server``, ``cli``, ``testing``.
"""
