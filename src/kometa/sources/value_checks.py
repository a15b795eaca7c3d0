"""Checks of list builders' values that need no service, for ``--validate`` (the run checks the
same values the same way before asking anything): builder key -> ``check(key, value, today)``, raising
:class:`~kometa.sources.conditions.ConditionError` for a value the run would refuse.

Names a service must confirm (a Box Office Mojo country, a list that may not exist) and local
files are judged by the run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any


class _AnyArea(dict[str, str]):
    """An area menu we cannot read here: every chart name is taken as spelled."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> str:
        return ""


def _mojo(key: str, value: Any, today: date) -> None:
    from kometa.sources.mojo_values import parse_charts
    parse_charts(key, value, today, lambda path: _AnyArea())


def _simkl(key: str, value: Any, today: date) -> None:
    from kometa.sources.simkl import parse
    parse(key, value)


def _stevenlu(key: str, value: Any, today: date) -> None:
    from kometa.sources.stevenlu import parse_flag
    parse_flag(key, value)


def _icheckmovies(key: str, value: Any, today: date) -> None:
    from kometa.sources.icheckmovies import parse_lists
    parse_lists(key, value)


CHECKS: dict[str, Callable[[str, Any, date], None]] = {
    "stevenlu_popular": _stevenlu, "simkl_trending": _simkl, "simkl_dvd": _simkl,
    "icheckmovies_list": _icheckmovies, "icheckmovies_list_details": _icheckmovies,
    **dict.fromkeys(("mojo_world", "mojo_domestic", "mojo_international", "mojo_all_time", "mojo_never",
                     "mojo_record"), _mojo)}


def check(key: str, value: Any, today: date) -> None:
    """Raise ConditionError when ``value`` is one the ``key`` builder refuses (unknown keys pass);
    ``today`` is the check's date (``current-N`` years)."""
    found = CHECKS.get(key)
    if found is not None:
        found(key, value, today)
