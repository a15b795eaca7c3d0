"""Collection posters from asset folders (name rules, priority over url/file posters, uploaded once)
and dimensional_asset_rename, against plexsim."""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from PIL import Image
from process_helpers import rows

COLLECTIONS = """
collections:
  "Sci-Fi: Picks":
    plex_search: {all: {genre: Drama}}
    limit: 3
  Plain:
    plex_search: {all: {genre: Drama}}
    limit: 2
    url_poster: https://example.com/plain.jpg
"""


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def _uploads(sim) -> list[dict]:
    return [r for r in sim.request_log() if r["method"] == "POST" and "/posters" in r["path"]]


def _collection(plex, title):
    return next(c for c in plex.library.section("Movies").collections() if c.title == title)


def test_collection_poster_from_assets_once(runner, sim, tmp_path):
    assets = tmp_path / "assets"
    (assets / "Sci-Fi Picks").mkdir(parents=True)  # ':' cannot be in a folder name: dropped
    (assets / "Sci-Fi Picks" / "poster.png").write_bytes(_png(20, 30))
    (assets / "Plain").mkdir()
    (assets / "Plain" / "poster.jpg").write_bytes(b"asset-plain")
    runner.write(COLLECTIONS)
    report = runner.run()
    assert all(r.error is None for r in report.library("Movies").rows), rows(report)
    plex = runner.plex()
    picks = _collection(plex, "Sci-Fi: Picks")
    assert any(p.ratingKey.startswith("upload://") for p in picks.posters())
    plain = _collection(plex, "Plain")
    assert not any(p.ratingKey.startswith("upload://") for p in plain.posters())  # its url_poster wins
    sim.reset_stats()
    runner.run()
    assert runner.writes() == 0  # the unchanged asset is not uploaded again
    (assets / "Sci-Fi Picks" / "poster.png").write_bytes(_png(21, 30))
    sim.reset_stats()
    runner.run()
    assert len(_uploads(sim)) == 1


def test_prioritize_assets_beats_url_poster(runner, sim, tmp_path):
    assets = tmp_path / "assets"
    (assets / "Plain").mkdir(parents=True)
    (assets / "Plain" / "poster.jpg").write_bytes(b"asset-plain")
    path = runner.write(COLLECTIONS)
    path.write_text(path.read_text(encoding="utf-8") + "settings:\n  prioritize_assets: true\n", encoding="utf-8")
    runner.run()
    plain = _collection(runner.plex(), "Plain")
    assert any(p.ratingKey.startswith("upload://") for p in plain.posters())


def test_dimensional_asset_rename(runner, sim, tmp_path):
    plex = runner.plex()
    movie = plex.library.section("Movies").all()[0]
    folder = tmp_path / "assets" / PurePosixPath(movie.media[0].parts[0].file).parent.name
    folder.mkdir(parents=True)
    (folder / "wide.png").write_bytes(_png(40, 20))
    (folder / "tall.png").write_bytes(_png(20, 40))
    (folder / "S01E01.png").write_bytes(_png(20, 40))  # episode images are never picked
    runner.write("collections: {}\n", library_extra="    operations:\n      assets_for_all: true\n"
                 "    settings:\n      dimensional_asset_rename: true\n")
    runner.run(dry_run=True)
    assert (folder / "tall.png").exists()  # a dry run renames nothing
    row = rows(runner.run())["assets_for_all"]
    assert sorted(p.name for p in folder.iterdir()) == ["S01E01.png", "background.png", "poster.png"], row
    assert row.added == 2


def test_assets_for_all_collections_covers_the_others(runner, sim, tmp_path):
    section = runner.plex().library.section("Movies")
    mine = section.createCollection("Mine", items=section.all()[:2])
    assets = tmp_path / "assets"
    for name in ("Mine", "Plain"):
        (assets / name).mkdir(parents=True)
        (assets / name / "poster.jpg").write_bytes(f"asset-{name}".encode())
    path = runner.write(COLLECTIONS)
    text = path.read_text(encoding="utf-8").replace(
        "libraries:\n  Movies:\n", "libraries:\n  Movies:\n    operations:\n      assets_for_all_collections: true\n")
    path.write_text(text, encoding="utf-8")
    row = rows(runner.run())["assets_for_all_collections"]
    assert row.error is None and row.added == 1, row  # "Mine" (the user's); "Plain" is configured
    assert any(p.ratingKey.startswith("upload://") for p in runner.plex().fetchItem(mine.ratingKey).posters())
    sim.reset_stats()
    assert rows(runner.run())["assets_for_all_collections"].status == "Unchanged"
    assert runner.writes() == 0


def test_download_url_assets(runner, sim, tmp_path):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    body = _png(20, 30)
    served: list[str] = []

    class Images(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            served.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Images)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        (tmp_path / "assets" / "Plain").mkdir(parents=True)
        path = runner.write(COLLECTIONS.replace("https://example.com/plain.jpg",
                                                f"http://127.0.0.1:{server.server_port}/plain"))
        path.write_text(path.read_text(encoding="utf-8") + "settings:\n  download_url_assets: true\n",
                        encoding="utf-8")
        runner.run(dry_run=True)
        assert not (tmp_path / "assets" / "Plain" / "poster.png").exists() and not served  # dry run: nothing
        runner.run()
        assert (tmp_path / "assets" / "Plain" / "poster.png").read_bytes() == body and served == ["/plain"]
        assert any(p.ratingKey.startswith("upload://") for p in _collection(runner.plex(), "Plain").posters())
        sim.reset_stats()
        runner.run()
        assert served == ["/plain"] and runner.writes() == 0  # the saved asset is used, not downloaded again
    finally:
        server.shutdown()
