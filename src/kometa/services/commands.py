"""``kometa service print|install TARGET`` (arriving with the platform set-up feature)."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    subparsers.add_parser("service", help="generate service files (not available yet)")
