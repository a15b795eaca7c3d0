"""What this tool owns in Plex, and what it last wrote there.

Collections: a collection is *managed* when it carries the label ``Kometa`` (``PMM``, Kometa's
old name, counts too, so a library Kometa used to manage stays managed). Every collection we create
gets the label in the same run. A collection with a configured name but without the label belongs
to the user: it is never emptied, edited or deleted unless the definition says
``take_ownership: true`` (then it gets the label and is managed from then on).

Playlists cannot carry labels. Ownership is kept in a ledger file beside config.yml
(``kometa-state.json``), keyed by the server's machine identifier and the playlist's ``guid``
(stable across renames). A playlist we create is recorded immediately after the create request;
only recorded playlists are changed or deleted. If the ledger is lost, a playlist of the configured
name is treated as the user's until ``take_ownership: true`` adopts it — the safe direction.

The ledger also remembers the poster each collection got (source fingerprint), so an unchanged
``url_poster``/``file_poster`` costs no request on later runs, and which collections are
``smart_label`` ones: only their label is removed from items when they are deleted (a smart filter
on a label of the user's, named like it, looks the same in Plex).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kometa.core.errors import KometaError
from kometa.defaults import posters

log = logging.getLogger("kometa")

MANAGED_LABEL = "Kometa"
MANAGED_LABELS = frozenset({"kometa", "pmm"})
LEDGER_NAME = "kometa-state.json"


def is_managed(labels: Iterable[str]) -> bool:
    return any(label.lower() in MANAGED_LABELS for label in labels)


def poster_fingerprint(kind: str, value: str, base_dir: Path) -> str:
    if kind == "url":  # a hash: the URL may hold a token, and the state file is not a secret store
        return "url-sha1:" + hashlib.sha1(value.encode("utf-8")).hexdigest()
    if posters.is_reference(value):  # one our defaults draw (kometa.defaults.posters)
        return posters.fingerprint(value)
    path = Path(value) if Path(value).is_absolute() else base_dir / value
    try:
        return "file:" + hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError:
        return f"file-missing:{value}"


class LedgerError(KometaError):
    """The ledger could not be written where the run must not go on without it."""


def create_key(kind: str, section: int | str | None, title: str) -> str:
    """``collection:<section id>:<title>`` or ``playlist:<title>`` (titles compared case-blind)."""
    return f"{kind}:{section}:{title.lower()}" if section is not None else f"{kind}:{title.lower()}"


class Ledger:
    """A small JSON record; ``save()`` writes atomically. Disabled (never written) in dry runs."""

    def __init__(self, path: Path, *, writable: bool = True) -> None:
        self.path = path
        self.writable = writable
        self.data: dict[str, Any] = {"playlists": {}, "posters": {}, "smart_labels": {}, "creating": {}}
        self.dirty = False
        self._unreadable = False
        if path.exists():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(loaded, dict) or not all(isinstance(loaded.get(k, {}), dict)
                                                           for k in self.data):
                    raise ValueError("not a mapping of playlists, posters and smart_labels")
                self.data.update(loaded)
            except (OSError, ValueError) as exc:
                self._unreadable = True
                log.warning("ignoring unreadable %s (%s); playlist ownership starts empty (the file is kept "
                            "aside as %s.unreadable-* when this run writes a new one)", path, exc, path.name)

    # playlists: server machine id -> guid -> title
    def owns_playlist(self, server: str, guid: str) -> bool:
        return guid in self.data["playlists"].get(server, {})

    def record_playlist(self, server: str, guid: str, title: str) -> None:
        self.data["playlists"].setdefault(server, {})[guid] = title
        self.dirty = True
        self.save()

    def forget_playlist(self, server: str, guid: str) -> None:
        if self.data["playlists"].get(server, {}).pop(guid, None) is not None:
            self.dirty = True

    # smart_label collections: server -> collection rating key -> title (their label is ours to remove)
    def is_smart_label(self, server: str, rating_key: int) -> bool:
        return str(rating_key) in self.data.setdefault("smart_labels", {}).get(server, {})

    def record_smart_label(self, server: str, rating_key: int, title: str) -> None:
        if self.data.setdefault("smart_labels", {}).setdefault(server, {}).get(str(rating_key)) != title:
            self.data["smart_labels"][server][str(rating_key)] = title
            self.dirty = True

    def forget_collection(self, server: str, rating_key: int) -> None:
        for table in ("smart_labels", "posters"):
            for key in (str(rating_key), f"{rating_key}/art"):
                if self.data.get(table, {}).get(server, {}).pop(key, None) is not None:
                    self.dirty = True

    # posters: server -> collection rating key -> fingerprint
    def poster(self, server: str, rating_key: int | str) -> str | None:
        value = self.data["posters"].get(server, {}).get(str(rating_key))
        return str(value) if value is not None else None

    def record_poster(self, server: str, rating_key: int | str, fingerprint: str) -> None:
        self.data["posters"].setdefault(server, {})[str(rating_key)] = fingerprint
        self.dirty = True

    # creating: server -> create key -> title. Written (strictly) before a create request, so what
    # that request makes is known to be ours even if the run dies before labelling or recording it.
    def intend_create(self, server: str, key: str, title: str) -> None:
        """Record "about to create ``key``" on disk; raises :class:`LedgerError` if it cannot be."""
        if not self.writable:
            return
        self.data.setdefault("creating", {}).setdefault(server, {})[key] = title
        self.dirty = True
        self.save(strict=True)

    def intended(self, server: str, key: str) -> bool:
        return key in self.data.setdefault("creating", {}).get(server, {})

    def adopts(self, server: str, key: str, title: str) -> bool:
        """An unlabelled namesake is ours when a run recorded that it was about to create it."""
        if not self.intended(server, key):
            return False
        log.warning("%s: the last run created it but stopped before labelling it; adopting it", title)
        return True

    def created(self, server: str, key: str) -> None:
        """The create went through and the result is labelled/recorded: the intent is done with."""
        if self.data.setdefault("creating", {}).get(server, {}).pop(key, None) is not None:
            self.dirty = True

    def save(self, *, strict: bool = False) -> None:
        """Write the record atomically. ``strict``: a failure raises :class:`LedgerError` (the caller
        must not write to Plex what could not be recorded); else it is logged."""
        if not self.writable or not self.dirty:
            return
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self._unreadable and self.path.exists():  # keep what we could not read; never overwrite it
                os.replace(self.path, self.path.with_name(f"{self.path.name}.unreadable-{int(time.time())}"))
            self._unreadable = False
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".kometa-state.")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.data, handle, indent=1, sort_keys=True)
                handle.flush()
                os.fsync(handle.fileno())  # on disk before it replaces the old record (crash-safe)
            os.replace(tmp, self.path)
            tmp = None
        except OSError as exc:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            if strict:
                raise LedgerError(f"cannot write {self.path} ({exc.strerror or exc}), so nothing was created that "
                                  "it could not record as ours; free disk space or make the config folder "
                                  "writable") from None
            log.error("cannot write %s (%s): what this run recorded there (posters, smart_label collections) "
                      "is written again next run; make the config folder writable", self.path, exc.strerror or exc)
            return
        self.dirty = False
