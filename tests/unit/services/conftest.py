"""Fixtures for the service generator tests (the fakes live in svc_fakes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from svc_fakes import Machine, make_machine


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    return make_machine(tmp_path)
