"""Telling the user what changes: every planned change as one readable line.

A real run logs the changes it makes; ``--dry-run`` prints the same lines prefixed with
``[dry-run] would`` and sends nothing. Item lines follow Kometa's ``i/total | <name> Collection |
+ | <title>`` shape.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from kometa.engine.diff import Plan

log = logging.getLogger("kometa")

MODE_NAMES = {-1: "default", 0: "hide", 1: "hide_items", 2: "show_items"}
SORT_NAMES = {0: "release", 1: "alpha", 2: "custom"}


@dataclass
class ChangeLog:
    dry_run: bool
    out: Callable[[str], None] = print
    lines: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        line = f"[dry-run] would {text}" if self.dry_run else text
        self.lines.append(line)
        if self.dry_run:
            from kometa.core.logs import redact

            self.out(redact(line))  # printed, not logged: the log's redaction must be applied here
        else:
            log.info("%s", line)

    def plan(self, where: str, kind: str, plan: Plan, title_of: Callable[[int], str]) -> None:
        name = f'{where} | {kind} "{plan.title}"'
        if plan.recreate:
            self.say(f"{name}: delete and recreate (switching between smart and regular)")
        if plan.create:
            what = "smart filter" if plan.smart_uri else f"{len(plan.add)} items"
            self.say(f"{name}: create ({what})")
        elif plan.smart_uri:
            self.say(f"{name}: update smart filter to {plan.smart_uri.split('?', 1)[-1]}")
        total = len(plan.add) + len(plan.keep)
        for index, key in enumerate(plan.add, 1):
            self.say(f"{name}: add {index}/{total} + {title_of(key)}")
        for key in plan.remove:
            self.say(f"{name}: remove - {title_of(key)}")
        if plan.moves:
            self.say(f"{name}: reorder ({len(plan.moves)} moves)")
            for key, after in plan.moves:
                place = f"after {title_of(after)}" if after is not None else "to the top"
                self.say(f"{name}: move {title_of(key)} {place}")
        for field_name, value in plan.fields.items():
            self.say(f"{name}: edit {field_name} = {value!r}")
        if plan.labels_add:
            self.say(f"{name}: add labels {', '.join(plan.labels_add)}")
        if plan.labels_remove:
            self.say(f"{name}: remove labels {', '.join(plan.labels_remove)}")
        if "collectionMode" in plan.prefs:
            self.say(f"{name}: set collection_mode {MODE_NAMES.get(plan.prefs['collectionMode'])}")
        if "collectionSort" in plan.prefs:
            self.say(f"{name}: set collection_order {SORT_NAMES.get(plan.prefs['collectionSort'])}")
        if "collectionFilterBasedOnUser" in plan.prefs:
            who = "user" if plan.prefs["collectionFilterBasedOnUser"] else "admin"
            self.say(f"{name}: set collection_filtering {who}")
        if plan.poster:
            self.say(f"{name}: upload poster")
        if plan.background:
            self.say(f"{name}: upload background")
        for kind in plan.uploads:
            self.say(f"{name}: upload {'theme' if kind == 'themes' else 'square art'}")
        if plan.visibility is not None:
            library, home, shared = plan.visibility
            pins = ", ".join(f"{w} {'pinned' if v else 'unpinned'}" for w, v in
                             (("library", library), ("home", home), ("shared", shared)))
            self.say(f"{name}: visibility {pins}")

    def delete(self, where: str, kind: str, title: str, why: str) -> None:
        self.say(f'{where} | {kind} "{title}": delete ({why})')
