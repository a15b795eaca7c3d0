"""plexsim fixtures for this directory (see plexsim.testing)."""

import sys
from pathlib import Path

_SRC = str(Path(__file__).resolve().parents[2] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

from plexsim.testing import fresh_plexsim, plex, plexsim_factory, plexsim_server  # noqa: E402,F401
