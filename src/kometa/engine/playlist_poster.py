"""A playlist's poster: ``url_poster``, ``file_poster``, ``tmdb_poster``, ``tmdb_profile`` (Kometa's
order: the first of them the definition has), uploaded to ``/library/metadata/{id}/posters`` as
python-plexapi's ``Playlist.uploadPoster`` sends it, once: the ledger keeps the image's
fingerprint per playlist, so an unchanged image is not sent again (a changed URL or file is).
Every copy of the playlist (the admin's and each ``sync_to_users`` user's) gets it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kometa.engine.apply import Transport, upload_image
from kometa.engine.ownership import Ledger, poster_fingerprint


class PosterError(ValueError):
    """A file_poster that is not there (the message is for the user)."""


def wanted_fingerprint(poster: tuple[str, str] | None, base_dir: Path) -> str | None:
    """The poster's fingerprint, or None when the definition names none. Raises PosterError."""
    if poster is None:
        return None
    fingerprint = poster_fingerprint(*poster, base_dir)
    if fingerprint.startswith("file-missing:"):
        raise PosterError(f"file_poster '{poster[1]}' not found (relative paths are looked up beside config.yml)")
    return fingerprint


def poster_due(ledger: Ledger, machine: str, rating_key: int | None, fingerprint: str | None) -> bool:
    """Whether the playlist (None: about to be created) needs the poster uploaded."""
    return fingerprint is not None and (rating_key is None or ledger.poster(machine, rating_key) != fingerprint)


def upload(transport: Transport, ledger: Ledger, machine: str, rating_key: int, poster: tuple[str, str],
           fingerprint: str, base_dir: Path, say: Callable[[str], None], where: str, dry_run: bool) -> None:
    """Upload (or, in a dry run, only say) the poster and remember its fingerprint."""
    say(f"{where}: poster <- {poster[0]} {Path(poster[1]).name if poster[0] == 'file' else poster[1]}")
    if dry_run:
        return
    upload_image(transport, base_dir, rating_key, poster)
    ledger.record_poster(machine, rating_key, fingerprint)


def fill_poster(s: Any, details: dict[str, str]) -> None:
    """``tmdb_poster`` / ``tmdb_profile``: TMDb's image, when the playlist has no url/file poster."""
    if s.poster is None and details.get("url_poster"):
        s.poster = ("url", details["url_poster"])
