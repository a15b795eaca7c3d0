"""Several connections opening a new cache file at once (the overlay and builder threads of one
run, or two runs): none of them fails with "database is locked"."""

from __future__ import annotations

import threading
from pathlib import Path

from kometa.clients.cache import Cache


def test_caches_created_at_once_on_a_new_file_all_work(tmp_path: Path) -> None:
    errors: list[str] = []
    for trial in range(60):
        path = tmp_path / f"c{trial}.db"
        start = threading.Barrier(6)

        def open_and_write(n: int, path: Path = path, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                cache = Cache(path)
                cache.put(f"k{n}", n, 1)
                cache.count_request("tmdb")
                cache.close()
            except Exception as exc:  # the failure being tested for
                errors.append(repr(exc))

        threads = [threading.Thread(target=open_and_write, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        cache = Cache(path)
        assert cache.used_today("tmdb") == 6
        assert {cache.get(f"k{n}").value for n in range(6)} == set(range(6))  # type: ignore[union-attr]
        cache.close()
    assert errors == []
