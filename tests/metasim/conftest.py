"""metasim fixtures for this directory (see metasim.testing)."""

import sys
from pathlib import Path

_SRC = str(Path(__file__).resolve().parents[2] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

from metasim.testing import fresh_metasim, metasim_factory, metasim_server, paired_sims  # noqa: E402,F401
