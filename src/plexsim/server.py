"""Run plexsim in a background thread: the Python API used by tests, benchmarks and the demo.

Example::

    from plexsim.server import PlexSim

    with PlexSim(movies=200, shows=20, seed=1, token="t") as sim:
        plex = plexapi.server.PlexServer(sim.url, sim.token)
        ...
        sim.stats()          # {"requests": n, "by_method": {...}, "by_endpoint": {"GET /library/...": n}}
        sim.reset_stats()    # zero the counters (data unchanged)
        sim.set_faults(latency_ms=50, error_rate=0.1)   # see plexsim.faults.Faults
        sim.request_log()    # recent requests, oldest first
        sim.client()         # a plexapi PlexServer for this simulator

``PlexSim(...)`` arguments: ``movies`` (200), ``shows`` (20), ``seed`` (1), ``token`` ("plexsim";
``None`` = anonymous access allowed), ``host`` ("127.0.0.1"), ``port`` (0 = a free port),
``data`` (directory for ``plexsim.db``; ``None`` = in-memory), ``faults`` (a ``Faults`` or dict),
``world`` (``True`` = serve ``metasim.world.World(seed, movies, shows)``'s library instead of the
fixture library, or pass a ``World``; see ``plexsim.world_library``; ``sim.world`` is it, else None),
``library`` (``None`` = the generated one; ``"plexapi-bootstrap"`` = :mod:`plexsim.bootstrap_media`),
``users`` (names of shared users with their own tokens and a plex.tv stand-in: :mod:`plexsim.users`;
``sim.sim.users`` lists them).
``start()``/``stop()`` work without ``with``. ``sim.store`` exposes the state for assertions.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from typing import Any

import uvicorn

from .app import Sim, build_app
from .faults import Faults
from .fixtures import populate
from .store import Store


def open_store(data: str | None, movies: int, shows: int, seed: int, world: Any = None,
               library: str | None = None) -> Store:
    """A store from ``data/plexsim.db`` (created and seeded when new), or an in-memory one.

    ``world`` (a ``metasim.world.World``) seeds a new store with that world's library instead;
    ``library="plexapi-bootstrap"`` seeds :mod:`plexsim.bootstrap_media`."""
    path = None
    if data:
        os.makedirs(data, exist_ok=True)
        path = os.path.join(data, "plexsim.db")
    store = Store(path)
    if store.empty and world is not None:
        from .world_library import populate_world
        populate_world(store, world)
    elif store.empty and library == "plexapi-bootstrap":
        from .bootstrap_media import populate_bootstrap
        populate_bootstrap(store)
    elif store.empty:
        populate(store, movies=movies, shows=shows, seed=seed)
    return store


class PlexSim:
    """A plexsim server on a loopback port, served by uvicorn in a daemon thread."""

    def __init__(self, movies: int = 200, shows: int = 20, seed: int = 1, token: str | None = "plexsim",
                 host: str = "127.0.0.1", port: int = 0, data: str | None = None,
                 faults: Faults | dict[str, Any] | None = None, store: Store | None = None,
                 world: Any = False,
                 library: str | None = None, users: Any = ()) -> None:
        self.host = host
        self.token = token
        self._port = port
        if isinstance(faults, dict):
            faults = Faults(**faults)
        if world is True:
            from metasim.world import World
            world = World(seed=seed, movies=movies, shows=shows)
        self.world = world or None
        self.store = store or open_store(data, movies, shows, seed, self.world, library)
        self.sim = Sim(self.store, token=token, faults=faults, users=users)
        self.sim.world = self.world
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._port}"

    def start(self) -> PlexSim:
        # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on sockets that say so (else 40 ms stalls)
        sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET, socket.SOCK_STREAM,
                             socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self._port))
        self._port = sock.getsockname()[1]
        self._sock = sock
        config = uvicorn.Config(build_app(self.sim), log_level="critical", access_log=False, lifespan="off",
                                timeout_keep_alive=30)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name=f"plexsim-{self._port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("plexsim did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._sock is not None:
            self._sock.close()
        self._server = self._thread = self._sock = None

    def __enter__(self) -> PlexSim:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- observability / faults (in-process; the same data /_sim/* serves over HTTP) -------
    def stats(self) -> dict[str, Any]:
        return self.sim.stats.snapshot()

    def reset_stats(self) -> None:
        self.sim.stats.reset()

    def request_log(self, limit: int | None = None) -> list[dict[str, Any]]:
        return self.sim.stats.entries(limit)

    def set_faults(self, **changes: Any) -> dict[str, Any]:
        """Change fault settings (``latency_ms``, ``error_rate``, ``error_statuses``, ``drop_rate``,
        ``slow_body_ms``, ``seed``); ``clear_faults()`` resets them."""
        self.sim.faults.update(**changes)
        return self.sim.faults.as_dict()

    def clear_faults(self) -> None:
        self.sim.faults.update(latency_ms=0, error_rate=0, drop_rate=0, slow_body_ms=0, only="")

    @property
    def machine_identifier(self) -> str:
        return self.sim.machine_id

    def client(self) -> Any:
        """A ``plexapi.server.PlexServer`` connected to this simulator."""
        from plexapi.server import PlexServer
        return PlexServer(self.url, self.token)  # type: ignore[no-untyped-call]
