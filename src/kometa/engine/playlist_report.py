"""``settings: playlist_report`` (Kometa's default: on): after the libraries and the playlists, per Plex
server, every playlist the admin and the shared users have and whose copies they are. As in Kometa it
is written whenever the setting is on, with or without ``playlist_files``, unless the run's flags
leave playlists out (``--collections-only``, ``--run-files``, ...).

Read after this run's writes: one ``GET /playlists`` as the admin and one as each shared user this
run knows (the users plex.tv listed because some playlist syncs to users; without such a playlist
the run does not ask plex.tv, and the report is the admin's). A user who has every copy is "all"
(as Kometa). A listing that fails is said in the report and the run goes on.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from kometa.plex.failures import describe
from kometa.plex.snapshot import list_all

log = logging.getLogger("kometa")


def report_rows(copies: Mapping[str, Iterable[str]], everyone: int) -> list[tuple[str, str]]:
    """(playlist title, its users) sorted by title; ``copies``: user -> their playlists' titles;
    ``everyone``: how many users the server has, the admin included (all of them: "all")."""
    owners: dict[str, list[str]] = {}
    for user, titles in copies.items():
        for title in dict.fromkeys(titles):
            owners.setdefault(title, []).append(user)
    return [(title, "all" if everyone > 1 and len(users) == everyone else ", ".join(users))
            for title, users in sorted(owners.items(), key=lambda kv: kv[0].lower())]


def _titles(server: Any) -> list[str]:
    return [e.attrib.get("title", "") for e in list_all(server, "/playlists") if "ratingKey" in e.attrib]


def playlist_report(ctx: Any, libraries: Iterable[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(server name, rows) per server of ``libraries`` (mapping names this run connected to)."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    seen: set[str] = set()
    for name in libraries:
        if name not in ctx.snapshots:
            continue
        server, _ = ctx.snapshots[name]
        machine = str(server.machineIdentifier)
        if machine in seen:
            continue
        seen.add(machine)
        library = ctx.config.libraries[name]
        plex = library.plex or ctx.config.plex
        users = ctx.plex_users.get(id(server))
        copies: dict[str, list[str]] = {}
        admin = users.admin if users is not None and not isinstance(users, Exception) else \
            str(getattr(server, "myPlexUsername", None) or "admin")  # the server's own word for its owner
        problems: list[tuple[str, str]] = []
        try:
            copies[admin] = _titles(server)
        except Exception as exc:  # the report is a listing: its failure is said, the run goes on
            problems.append(("(report failed)", f"{admin}: {describe(exc)}"))
        shared = users.shared if users is not None and not isinstance(users, Exception) else ()
        for user in shared:
            if not user.token:
                problems.append(("(not read)", f"{user.title}: plex.tv gave no token"))
                continue
            try:
                copies[user.title] = _titles(ctx.servers.get(dataclasses.replace(plex, token=user.token)))
            except Exception as exc:
                problems.append(("(report failed)", f"{user.title}: {describe(exc)}"))
        rows = report_rows(copies, len(shared) + 1) + problems
        out.append((str(getattr(server, "friendlyName", "") or machine), rows))
    return out


def log_playlist_report(ctx: Any, libraries: Iterable[str]) -> list[tuple[str, str]]:
    """Log the report (Kometa's "Playlist Report" block, our words) and return its rows."""
    everything: list[tuple[str, str]] = []
    for server_name, rows in playlist_report(ctx, libraries):
        width = max([len("Playlist"), *(len(title) for title, _ in rows)])
        log.info("Playlist report of %s:", server_name)
        log.info("  %s | Users", "Playlist".ljust(width))
        for title, users in rows:
            log.info("  %s | %s", title.ljust(width), users)
        if not rows:
            log.info("  (no playlists)")
        everything += rows
    return everything
