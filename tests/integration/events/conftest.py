"""Event sources end to end: the webhook listener over real HTTP, Plex's websocket from plexsim."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "runs"))  # runs_helpers.wait_for
