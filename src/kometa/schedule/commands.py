"""``kometa schedule check|explain|calendar`` (arriving with the schedule-language feature)."""

from __future__ import annotations

from typing import Any


def register(actions: Any) -> None:
    """Add the config-schedule actions to ``kometa schedule``."""
