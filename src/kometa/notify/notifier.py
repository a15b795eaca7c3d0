"""The one object a run talks to about notifications: :class:`Notifier`.

Made once per run from the config (:func:`kometa.notify.config.parse_notify`); the run calls
``run_start`` early, ``error`` for each failure, ``changes`` for each collection/playlist that was
created or gained/lost items, ``delete`` for each one deleted, and ``run_end`` last. ``changes``
are batched: they are kept during the run and sent (one body per collection, in run order) just
before ``run_end``, so a slow webhook never holds up the work on Plex.

A dry run sends ``run_start``, ``error`` and ``run_end`` (marked ``"dry_run": true``) but no
``changes`` and no ``delete``: nothing changed. Every body carries ``library_mapping_name``
(``""`` outside a library). Nothing here raises: delivery problems are warnings.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from kometa.notify import payloads
from kometa.notify.config import NotifyConfig, Target
from kometa.notify.payloads import Change, RunStats
from kometa.notify.send import Delivery

log = logging.getLogger("kometa")


class Notifier:
    def __init__(self, config: NotifyConfig, *, dry_run: bool = False, delivery: Delivery | None = None) -> None:
        self.config = config
        self.dry_run = dry_run
        self.delivery = delivery or Delivery(config)
        self.pending: list[tuple[tuple[Target, ...], dict[str, Any]]] = []
        self.held_back = 0  # changes/delete bodies a dry run did not send
        for line in config.warnings:
            log.warning("%s", line)

    def _send(self, targets: tuple[Target, ...], body: dict[str, Any], mapping_name: str | None = None) -> None:
        if not targets:
            return
        body["library_mapping_name"] = mapping_name or ""
        self.delivery.send(targets, body)

    def wants(self, event: str, library: str | None = None) -> bool:
        return bool(self.config.targets(event, library))

    # -- events -------------------------------------------------------------------------------

    def run_start(self, started: datetime) -> None:
        self._send(self.config.targets("run_start"), payloads.run_start(started))

    def version(self, current: str, latest: str, notes: str | None) -> None:
        self._send(self.config.targets("version"), payloads.version(current, latest, notes))

    def run_end(self, started: datetime, ended: datetime, stats: RunStats) -> None:
        self.flush()
        body = payloads.run_end(started, ended, stats)
        if self.dry_run:
            body["dry_run"] = True
        self._send(self.config.targets("run_end"), body)
        self.close()

    def close(self) -> None:
        """The end of a run that sends no ``run_end`` (an event run): the kept changes go out."""
        self.flush()
        if self.held_back:
            log.info("Dry run: %d change/delete notification(s) not sent", self.held_back)
        self.delivery.close()

    def error(self, text: str, *, critical: bool = False, server_name: str | None = None,
              library_name: str | None = None, mapping_name: str | None = None, collection: str | None = None,
              playlist: str | None = None) -> None:
        body = payloads.error(text, critical=critical, server_name=server_name, library_name=library_name,
                              collection=collection, playlist=playlist)
        self._send(self.config.targets("error"), body, mapping_name)

    def delete(self, message: str, *, server_name: str | None = None, library_name: str | None = None,
               mapping_name: str | None = None) -> None:
        targets = self.config.targets("delete")
        if not targets:
            return
        if self.dry_run:
            self.held_back += 1
            return
        self._send(targets, payloads.delete(message, server_name=server_name, library_name=library_name),
                   mapping_name)

    def changes(self, change: Change, targets: tuple[Target, ...] | None = None) -> None:
        """Keep a collection's changes for the end of the run; ``targets`` (a definition's own
        ``changes_webhooks``) replace the library's or the global ones."""
        chosen = targets if targets else self.config.targets("changes", change.mapping_name or None)
        if not chosen:
            return
        if self.dry_run:
            self.held_back += 1
            return
        body = payloads.changes(change)
        body["library_mapping_name"] = change.mapping_name
        self.pending.append((chosen, body))

    def flush(self) -> None:
        """Send the changes kept so far."""
        pending, self.pending = self.pending, []
        for targets, body in pending:
            self.delivery.send(targets, body)
