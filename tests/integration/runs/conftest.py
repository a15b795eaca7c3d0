"""Fixtures for the process-level tests."""

from runs_helpers import refusing_plex, slow_plex  # noqa: F401
