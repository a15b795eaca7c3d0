"""``kometa overlays preview``: render what a run would upload, to local files; nothing is written to Plex.

It loads the config and the library's overlay files exactly as a run does, reads the library
listing once, decides each chosen item's stack, takes the same original a run would (our backup
while the poster in Plex is still our upload, else the current poster) and writes the result to
``--output-dir``; ``--sheet FILE.png`` adds a contact sheet of the first ``--count`` posters.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from kometa.core.errors import ConfigError, KometaError, UsageError
from kometa.core.options import Options


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "overlays", help="preview overlays without touching Plex",
        description="Overlay tools. 'preview' renders the posters a run would upload, to local files.")
    actions = parser.add_subparsers(dest="action", required=True)
    preview: argparse.ArgumentParser = actions.add_parser(
        "preview", help="render what a run would upload, to local files",
        description="Render the overlaid posters a run would upload for one item (--item/--rating-key) or "
        "every item with overlays (--all), into --output-dir; --sheet writes a contact sheet. Reads Plex, "
        "never writes to it.")
    preview.add_argument("--config", "-c", help="config.yml (default: KOMETA_CONFIG, else config/config.yml)")
    preview.add_argument("--library", "-l", required=True, help="library name as in config.yml")
    which = preview.add_mutually_exclusive_group()
    which.add_argument("--item", help="the item's title (exact, case-insensitive; a season or episode also as "
                       "'Show S01E02 Title' / 'Show Season 1')")
    which.add_argument("--rating-key", type=int, help="the item's ratingKey")
    which.add_argument("--all", action="store_true", help="every item that gets overlays")
    preview.add_argument("--output-dir", "-o", default="overlay-preview", help="where posters go "
                         "(default ./overlay-preview)")
    preview.add_argument("--sheet", metavar="FILE.png", help="also write a contact sheet of the posters")
    preview.add_argument("--count", type=int, default=8, help="posters on the sheet (default 8)")
    preview.add_argument("--columns", type=int, default=4, help="posters per sheet row (default 4)")
    preview.set_defaults(func=run, options_flags=("config",))


def _safe(title: str) -> str:
    return re.sub(r"[^\w\- ]+", "_", title).strip()[:60] or "item"


def run(ns: argparse.Namespace, options: Options) -> int:
    try:
        return _preview(ns, options)
    except KometaError as exc:
        print(f"kometa overlays preview: {exc.message}", file=sys.stderr)
        return int(exc.exit_code)


def _preview(ns: argparse.Namespace, options: Options) -> int:
    from kometa.config import load_config
    from kometa.engine.context import RunContext, connect_library
    from kometa.engine.online import OnlineServices
    from kometa.engine.overlay_step import level_reader, preview_state, select
    from kometa.engine.process import library_sources

    if not (ns.item or ns.rating_key or ns.all):
        raise UsageError("choose --item TITLE, --rating-key N or --all")
    config = load_config(options.config, secrets=options.secrets, plex_url=options.plex_url,
                         plex_token=options.plex_token)
    library = next((lib for name, lib in config.libraries.items()
                    if ns.library.lower() in (name.lower(), lib.library_name.lower())), None)
    if library is None:
        raise UsageError(f"no library '{ns.library}' in {config.path} (it has: {', '.join(config.libraries)})")
    if not library.overlay_files:
        raise ConfigError(f"library '{library.mapping_name}' has no overlay_files", file=library.file,
                          line=library.line)
    ctx = RunContext(config=config, options=options, moment=datetime.now().astimezone())
    server, snapshot = connect_library(ctx, library)
    state = preview_state(config)
    ctx.online = OnlineServices(config)
    try:
        read = level_reader(server, snapshot)
        chosen = select(config, library, snapshot, ctx.moment, ctx.documents.load, levels=read, server=server,
                        sources=library_sources(ctx, library, snapshot))
        return _render(ns, chosen, library, snapshot, server, state, ctx.online, read, config)
    finally:
        ctx.online.close()


def _render(ns: argparse.Namespace, chosen: Any, library: Any, snapshot: Any, server: Any, state: Any,
            online: Any, read: Any, config: Any) -> int:
    """Choose the items, render them (service values of text variables asked through ``online``), write."""
    from kometa.engine.overlay_step import contact_sheet, preview_bases, preview_posters
    from kometa.engine.overlay_text import episode_totals, online_values

    for message in chosen.overlays.errors:
        print(message, file=sys.stderr)
    if ns.all:
        keys = [key for level in chosen.levels for key in level.snapshot.items if key in level.stacks]
    else:
        if ns.rating_key is not None:
            found = [ns.rating_key] if chosen.level_of(ns.rating_key) is not None else []
        else:
            wanted = ns.item.lower()
            found = [key for level in chosen.levels for key, item in level.snapshot.items.items()
                     if wanted in (item.title.lower(), str(item.get("display_title") or "").lower())]
        if not found:
            raise UsageError(f"no item {ns.item or ns.rating_key!r} in library {snapshot.section_title}")
        keys = found
    extra, problems = online_values(chosen.levels, snapshot, online, set(keys))
    episode_totals(chosen.levels, read, extra)
    for problem in problems:
        print(problem, file=sys.stderr)
    out = Path(ns.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    rendered: list[tuple[str, bytes]] = []
    failed = 0
    bases = preview_bases(chosen, library, config, server, snapshot, state, online, keys)
    for key, title, data, note in preview_posters(chosen, library, server, state, keys, extra, bases):
        if data is None:
            print(f"{title}: {note}", file=sys.stderr if note and "no overlay" not in note else sys.stdout)
            failed += note is not None and "no overlay" not in note
            continue
        ext = "jpg" if data[:3] == b"\xff\xd8\xff" else "webp" if data[8:12] == b"WEBP" else "png"
        path = out / f"{key} {_safe(title)}.{ext}"
        path.write_bytes(data)
        rendered.append((title, data))
        print(f"{title}: {path} ({note})")
    if ns.sheet and rendered:
        Path(ns.sheet).write_bytes(contact_sheet(rendered[: max(1, ns.count)], ns.columns))
        print(f"contact sheet: {ns.sheet} ({min(len(rendered), max(1, ns.count))} posters)")
    print(f"{len(rendered)} poster(s) rendered into {out}; nothing was written to Plex")
    return 1 if failed else 0
