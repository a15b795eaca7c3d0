"""Run metasim in a background thread: the Python API used by tests, benchmarks and the demo.

Example::

    from metasim.server import MetaSim

    with MetaSim(seed=1, movies=200, shows=20, tmdb_key="k") as meta:
        requests.get(f"{meta.tmdb_url}/movie/{meta.world.movies[0].tmdb_id}", params={"api_key": "k"})
        meta.stats()          # {"requests": n, "by_service": {"tmdb": n}, "by_endpoint": {...}, ...}
        meta.reset_stats()    # zero the counters (and the rate-limit windows)
        meta.set_faults(latency_ms=50, error_rate=0.1, rate_limit=40)   # see metasim.faults.Faults
        meta.request_log()    # recent requests, oldest first

``MetaSim(...)`` arguments: ``seed`` (1), ``movies`` (200), ``shows`` (20) — the same numbers as
``PlexSim(world=True)`` for the same library —, ``tmdb_key`` ("metasim-tmdb"), ``any_key`` (False:
accept every key), ``host`` ("127.0.0.1"), ``port`` (0 = a free port), ``faults`` (a ``Faults``
or dict), ``world`` (reuse a built :class:`~metasim.world.World`). ``start()``/``stop()`` work
without ``with``. ``.url`` is the root, ``.tmdb_url`` the TMDb v3 base (``…/tmdb/3``).
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import uvicorn

from .app import Meta, build_app
from .faults import Faults
from .world import World


class MetaSim:
    """A metasim server on a loopback port, served by uvicorn in a daemon thread."""

    def __init__(self, seed: int = 1, movies: int = 200, shows: int = 20, tmdb_key: str = "metasim-tmdb",
                 any_key: bool = False, host: str = "127.0.0.1", port: int = 0,
                 faults: Faults | dict[str, Any] | None = None, world: World | None = None) -> None:
        self.host = host
        self._port = port
        if isinstance(faults, dict):
            faults = Faults(**faults)
        self.world = world or World(seed=seed, movies=movies, shows=shows)
        self.meta = Meta(self.world, tmdb_key=tmdb_key, any_key=any_key, faults=faults)
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

    @property
    def tmdb_url(self) -> str:
        """The TMDb API v3 base URL (what ``KOMETA_TMDB_URL`` should be)."""
        return f"{self.url}/tmdb/3"

    @property
    def tmdb_key(self) -> str:
        return self.meta.tmdb_key

    def start(self) -> MetaSim:
        sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET, socket.SOCK_STREAM,
                             socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self._port))
        self._port = sock.getsockname()[1]
        self._sock = sock
        config = uvicorn.Config(build_app(self.meta), log_level="critical", access_log=False, lifespan="off",
                                timeout_keep_alive=30)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name=f"metasim-{self._port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("metasim did not start")
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

    def __enter__(self) -> MetaSim:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- observability / faults (in-process; the same data /_sim/* serves over HTTP) -------
    def stats(self) -> dict[str, Any]:
        return self.meta.stats.snapshot()

    def reset_stats(self) -> None:
        self.meta.stats.reset()
        self.meta.faults.reset_windows()

    def request_log(self, limit: int | None = None) -> list[dict[str, Any]]:
        return self.meta.stats.entries(limit)

    def set_faults(self, **changes: Any) -> dict[str, Any]:
        """Change fault settings (``latency_ms``, ``error_rate``, ``error_statuses``, ``rate_limit``,
        ``seed``); ``clear_faults()`` resets them."""
        self.meta.faults.update(**changes)
        return self.meta.faults.as_dict()

    def put_repo(self, repo: str, files: dict[str, str | bytes], branch: str = "master") -> str:
        """Put ``files`` (path -> text or bytes) in the GitHub repository ``owner/name``; the new commit's sha."""
        return self.meta.github.put(repo, files, branch=branch)

    def env(self) -> dict[str, str]:
        """The ``KOMETA_*_URL`` variables that point the product at this server's GitHub and ThePosterDB."""
        return {"KOMETA_GITHUB_URL": f"{self.url}/github", "KOMETA_GITHUB_RAW_URL": f"{self.url}/github-raw",
                "KOMETA_TPDB_URL": f"{self.url}/tpdb"}

    def clear_faults(self) -> None:
        self.meta.faults.update(latency_ms=0, error_rate=0, rate_limit=0)
        self.meta.faults.reset_windows()
