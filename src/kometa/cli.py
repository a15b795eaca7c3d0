"""Command line entry point (placeholder while the foundation lands)."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    print("kometa: foundation in progress")
    return 0
