"""metasim: simulators of the metadata services Kometa talks to, drawn from one seeded world.

Public API (stable; tests, benchmarks and the demo build on it):

- ``metasim.world.World``: the seeded world (library + missing catalogue titles, people, groups);
  its module docstring states the rules (id ranges, the reserved not-found range, synthetic ids).
- ``metasim.server.MetaSim``: the HTTP server in a thread (``.url``, ``.tmdb_url``, ``.stats()``,
  ``.reset_stats()``, ``.set_faults()``, ``.clear_faults()``, ``.request_log()``, ``.world``).
- ``metasim.testing``: pytest fixtures ``metasim_server``, ``fresh_metasim``, ``metasim_factory``
  and ``paired_sims`` (plexsim in world mode + metasim on the same world).
- ``metasim serve`` (``metasim.cli``): the same server in the foreground.

Services live under their own path prefix (TMDb API v3 under ``/tmdb/3``); each is one routes
module (``metasim.tmdb``). Control endpoints: ``/_sim/stats``, ``/_sim/reset``, ``/_sim/faults``,
``/_sim/log``.
"""
