"""One client per external service and the policy they share.

* :mod:`kometa.clients.policy` — :class:`~kometa.clients.policy.Service`: bounded timeouts,
  retries with backoff honouring ``Retry-After`` (tenacity), a per-service rate limit
  (pyrate-limiter's GCRA bucket; why the waiting and the cache are ours: docs/tmdb.md), bounded
  concurrency (``Service.map``), daily quotas, isolation (a service that keeps failing is down for
  the rest of the run; only what needs it fails), and the errors for people
  (``AuthError``, ``NotFound``, ``ServiceDown``, ``QuotaReached``).
* :mod:`kometa.clients.cache` — the persistent cache beside config.yml (``kometa-cache.db``),
  expiry spread between 1 and ``cache_expiration`` days, stale answers kept for when a service is
  down; it also counts requests per service per day for quotas.
* :mod:`kometa.clients.tmdb` — TMDb v3 (``KOMETA_TMDB_URL`` replaces its API root).

Adding a service (Trakt, IMDb, MDBList, OMDb, ...) is three modules:

1. ``clients/<service>.py``: a ``Policy("<Name>", rate=..., daily_quota=..., ...)``, an API root
   constant and a ``KOMETA_<SERVICE>_URL`` override (as ``clients/tmdb.py`` does), credentials in
   ``Service(params=...)`` or the session's headers, and one small method per thing the builders
   ask (a path and parameters; the ``Service`` does the rest). Its section in config.yml is read by
   ``config/services.py`` (``section(config, "<service>")``) when first needed; the engine builds the
   client once per run in ``engine/online.py`` and reports its counters.
2. ``sources/<service>.py``: the builders — parse the values (errors as ``ConditionError`` with
   the key first, so they are located), ask the client, map the answer to the library's items
   with ``kometa.ids`` and return the rest as missing; register the builder names in
   ``sources/registry.py`` and dispatch them in ``sources/builders.py``.
3. ``src/metasim/<service>/``: the simulator's routes with the service's documented JSON shapes,
   auth errors and faults, so the integration tests run over real HTTP.
"""
