"""Playlists (in progress)."""

from __future__ import annotations

from typing import Any


class Playlists:
    def __init__(self, sim: Any) -> None:
        self.sim = sim

    def xml(self, item: Any) -> str:
        return ""
