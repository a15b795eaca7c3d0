"""``kometa demo``: see kometa work in a minute, offline, without a Plex server.

Starts plexsim (the bundled Plex simulator) with a seeded Movies library and, beside it, metasim
(the bundled TMDb, IMDb and Trakt simulators) serving the same seeded world; writes a sample config
of the shape most users have (our ``basic``, ``imdb``, ``tmdb`` and ``franchise`` collection defaults, a template,
a smart collection, a dynamic collection set, a TMDb franchise and discover, a Trakt list and an
IMDb chart; the ``resolution``, ``ribbon`` and ``ratings`` overlay defaults; a playlist and the
``playlist`` default) into a
folder, runs it once through the normal run path (with ``KOMETA_TMDB_URL``, ``KOMETA_IMDB_URL`` and
``KOMETA_TRAKT_URL`` pointing at metasim), shows what happened and where to look, and writes a
contact sheet of overlaid posters (``overlays-sheet.png``).

With ``--keep DIR`` the files go to DIR and the simulator keeps its library in
``DIR/plexsim/plexsim.db``, so a second ``kometa demo --keep DIR`` runs against the same library
(and shows that nothing changes), and ``plexsim serve --data DIR/plexsim`` can serve it again.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

TMDB_URL_ENV = "KOMETA_TMDB_URL"
IMDB_URL_ENV = "KOMETA_IMDB_URL"
TRAKT_URL_ENV = "KOMETA_TRAKT_URL"
SHEET = "overlays-sheet.png"
SHEET_POSTERS = 8
DEMO_TOKEN = "kometa-demo-token"
DEMO_SEED = 7
MARKER = "# Written by `kometa demo`"
FILES = {"config.yml": "demo-config.yml", "movies.yml": "demo-movies.yml", "playlists.yml": "demo-playlists.yml",
         "tmdb.yml": "demo-tmdb.yml", "lists.yml": "demo-lists.yml"}
DEMO_TMDB_KEY = "kometa-demo-tmdb"
DEMO_MDBLIST_KEY = "metasim-mdblist"  # the key metasim's MDBList accepts


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo", help="try kometa against a built-in Plex simulator (offline, about a minute)",
        description="Start plexsim (a simulated Plex server with a sample Movies library), write a sample "
                    "config, run it once and show the result.")
    parser.add_argument("--keep", metavar="DIR", type=Path, default=None,
                        help="write the config and the simulator's library into DIR (kept; reused next time)")
    parser.add_argument("--serve", action="store_true",
                        help="after the run keep the simulator running so you can browse it (Ctrl+C stops)")
    parser.add_argument("--dry-run", action="store_true", help="decide and print the changes, write nothing")
    parser.add_argument("--movies", type=int, default=120, help="movies in the simulated library (default 120)")
    parser.set_defaults(func=run_demo)


def write_demo_files(folder: Path, url: str, token: str, franchise: int = 0) -> Path:
    """Write the sample config files into ``folder``; returns config.yml's path.

    Refuses to overwrite a config.yml that the demo did not write.
    """
    from kometa.core.errors import UsageError

    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.yml"
    if config.exists() and not config.read_text(encoding="utf-8").startswith(MARKER):
        raise UsageError(f"{config} exists and was not written by 'kometa demo'; choose another --keep folder")
    data = resources.files("kometa") / "data"
    for target, source in FILES.items():
        text = (data / source).read_text(encoding="utf-8")
        if target == "config.yml":
            from metasim.trakt.state import TraktState
            app = TraktState()
            text = Template(text).substitute(url=url, token=token, tmdb_key=DEMO_TMDB_KEY, mdblist_key=DEMO_MDBLIST_KEY,
                                             trakt_id=app.client_id, trakt_secret=app.client_secret)
        if target == "tmdb.yml":
            text = Template(text).substitute(franchise=franchise)
        (folder / target).write_text(text, encoding="utf-8")
    return config


def demo_services(meta_url: str) -> dict[str, str]:
    """The ribbon default's other services, pointed at metasim too: MDBList and Letterboxd, and the
    IMDb event pages read at a simulator's pace (the real site is asked 5 pages a second)."""
    return {"KOMETA_MDBLIST_URL": f"{meta_url}/mdblist", "KOMETA_LETTERBOXD_URL": f"{meta_url}/letterboxd",
            "KOMETA_IMDB_PAGE_RATE": "500"}


def run_config(config: Path, *, dry_run: bool = False) -> int:
    """One run of ``config`` through the normal run path.

    Options are built directly (not from the environment or a ``.env`` file), so a user's
    ``KOMETA_*`` settings for their real server cannot change what the demo does.
    """
    from kometa.app.runner import run_once
    from kometa.core.options import Options

    return run_once(Options(config=config, run=True, dry_run=dry_run))


def describe(url: str, token: str) -> list[str]:
    """What the simulator now holds (through python-plexapi, as any Plex client would see it)."""
    from plexapi.server import PlexServer

    server = PlexServer(url, token, timeout=30)
    lines: list[str] = []
    for section in server.library.sections():
        collections = section.collections()
        if collections:
            lines.append(f"{section.title}: {len(collections)} collections")
            for collection in sorted(collections, key=lambda c: c.titleSort or c.title):
                kind = "smart" if collection.smart else "regular"
                lines.append(f"  - {collection.title} ({collection.childCount} items, {kind})")
    playlists = server.playlists()
    if playlists:
        lines.append(f"Playlists: {len(playlists)}")
        lines.extend(f"  - {p.title} ({p.leafCount} items)" for p in playlists)
    return lines or ["(no collections or playlists were created)"]


def _browse_hint(url: str, token: str) -> str:
    return (f'python3 -c "from plexapi.server import PlexServer; '
            f"s = PlexServer('{url}', '{token}'); "
            f"print([c.title for c in s.library.section('Movies').collections()])\"")


def run_demo(ns: argparse.Namespace) -> int:
    try:
        from plexsim.server import PlexSim
    except ImportError:
        print("kometa demo needs plexsim, which ships with kometa; reinstall with: python3 -m pip install -e .",
              file=sys.stderr)
        return 1
    folder: Path = ns.keep.expanduser().resolve() if ns.keep else Path(tempfile.mkdtemp(prefix="kometa-demo-"))
    data_dir = str(folder / "plexsim") if ns.keep else None
    from metasim.server import MetaSim
    from metasim.world import World

    world = World(seed=DEMO_SEED, movies=max(ns.movies, 1), shows=4)
    with PlexSim(movies=max(ns.movies, 1), shows=4, seed=DEMO_SEED, token=DEMO_TOKEN, data=data_dir,
                 world=world) as sim, MetaSim(world=world, tmdb_key=DEMO_TMDB_KEY) as meta:
        config = write_demo_files(folder, sim.url, DEMO_TOKEN, franchise_id(world))
        print(f"kometa demo: plexsim is serving a sample library at {sim.url} and metasim a sample TMDb at "
              f"{meta.tmdb_url}; running {config}\n", flush=True)
        urls = {TMDB_URL_ENV: meta.tmdb_url, IMDB_URL_ENV: f"{meta.url}/imdb", TRAKT_URL_ENV: f"{meta.url}/trakt",
                **demo_services(meta.url)}
        saved = {name: os.environ.get(name) for name in urls}
        os.environ.update(urls)
        try:
            code = run_config(config, dry_run=ns.dry_run)
        finally:
            _close_logs()
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        print("\nWhat Plex has now:")
        for line in describe(sim.url, DEMO_TOKEN):
            print(f"  {line}")
        sheet = None if ns.dry_run else write_sheet(sim.url, DEMO_TOKEN, folder / SHEET)
        print(f"""
Where to look:
  config      {config}  (and movies.yml, playlists.yml beside it: templates, a smart
              collection, a dynamic collection set and a playlist, each commented)
  run log     {folder / 'logs' / 'meta.log'}  (previous runs: meta-1.log ... meta-9.log)
  posters     {_sheet_line(sheet)}
  simulator   {sim.url}  token {DEMO_TOKEN}; TMDb simulator {meta.tmdb_url}  key {DEMO_TMDB_KEY}
  defaults    basic, imdb, tmdb, franchise collections, resolution, ribbon, ratings overlays and
              the playlist default: '- default: NAME'
              lines in config.yml (docs/defaults.md, docs/overlay-defaults.md)
  TMDb        tmdb.yml: a franchise and a discover, from the simulated TMDb
  lists       lists.yml: a Trakt list and an IMDb chart, from the simulated Trakt and IMDb
Next:
  - run it again: {'kometa demo --keep ' + str(folder) if ns.keep else 'kometa demo --keep DIR (keeps the library between runs)'}
  - your own Plex: set plex.url and plex.token in the config, then: kometa --config {config} --run""")
        if ns.serve:
            print(f"\nplexsim keeps running at {sim.url} (Ctrl+C stops it). Browse it with:\n  "
                  f"{_browse_hint(sim.url, DEMO_TOKEN)}", flush=True)
            _wait_for_interrupt()
        elif ns.keep:
            print(f"  - browse the library later: plexsim serve --data {data_dir} --token {DEMO_TOKEN} --port 0")
    return code


def _sheet_line(sheet: Path | None) -> str:
    if sheet is None:
        return "no contact sheet (a dry run uploads no posters; without one, no poster carries an overlay)"
    return (f"{sheet}  (overlaid posters side by side;\n              the badges come from the "
            f"resolution, ribbon and ratings overlay defaults)")


def write_sheet(url: str, token: str, target: Path, count: int = SHEET_POSTERS) -> Path | None:
    """A contact sheet of the first ``count`` overlaid posters (items labelled ``Overlay``) as Plex
    now serves them; None when no poster carries an overlay."""
    import requests
    from plexapi.server import PlexServer

    from kometa.engine.overlay_step import contact_sheet

    server = PlexServer(url, token, timeout=30)
    posters: list[tuple[str, bytes]] = []
    for section in server.library.sections():
        for item in section.search(label="Overlay", maxresults=count - len(posters)) if section.type == "movie" else ():
            response = requests.get(f"{url}{item.thumb}", params={"X-Plex-Token": token}, timeout=30)
            response.raise_for_status()
            posters.append((item.title, response.content))
        if len(posters) >= count:
            break
    if not posters:
        return None
    target.write_bytes(contact_sheet(posters))
    return target


def franchise_id(world: Any) -> int:
    """The world's biggest franchise with some films in the library and some missing."""
    groups = [g for g in world.collections.values() if any(t.in_library for t in g.members)]
    if not groups:
        return next(iter(world.collections), 10)
    best = max(groups, key=lambda g: (sum(t.in_library for t in g.members), len(g.members), -g.id))
    return int(best.id)


def _close_logs() -> None:
    try:
        from kometa.core.logs import teardown_logging
    except ImportError:
        return
    teardown_logging()


def _wait_for_interrupt() -> None:
    import threading

    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("\nplexsim stopped.")
