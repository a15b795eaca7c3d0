"""Schedule verdicts per place in the config, with the ``--ignore-schedules`` table (spec 3.7).

=================================================  ==================================================
level                                              with ``--ignore-schedules``
=================================================  ==================================================
``library``, ``operations``                        always scheduled (ranges included)
``file``, ``overlays``, ``collection``,            plain failures ignored; a failing ``range`` still
``playlist``                                       blocks; ``non_existing`` still applies
``visible`` (``visible_*``), ``plex`` (maintenance)  unaffected
=================================================  ==================================================

``non_existing`` only means something for collections and playlists (it asks whether they exist);
anywhere else it is a :class:`~kometa.core.errors.ConfigError` (Kometa aborts the config load there).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kometa.core.errors import ConfigError
from kometa.schedule.parse import parse_schedule
from kometa.schedule.rules import Rule, Verdict

LEVELS = frozenset({"library", "operations", "file", "overlays", "collection", "playlist", "visible", "plex"})
IGNORED_FULLY = frozenset({"library", "operations"})
IGNORED_EXCEPT_RANGE = frozenset({"file", "overlays", "collection", "playlist"})
NON_EXISTING_LEVELS = frozenset({"collection", "playlist"})


def as_rule(rule_or_value: Rule | str | list[Any] | None, *, file: str | None = None,
            line: int | None = None) -> Rule:
    if isinstance(rule_or_value, Rule):
        return rule_or_value
    return parse_schedule(rule_or_value, file=file, line=line)


def check_level(rule: Rule, level: str, *, file: str | None = None, line: int | None = None) -> None:
    """Raise ConfigError when ``rule`` cannot be used at ``level``."""
    if level not in LEVELS:
        raise ValueError(f"unknown schedule level {level!r}; expected one of {sorted(LEVELS)}")
    if rule.has_non_existing and level not in NON_EXISTING_LEVELS:
        raise ConfigError(
            f"schedule '{rule.text}': non_existing only applies to collections and playlists, not to a "
            f"{_LEVEL_WORDS[level]}; e.g. weekly(sunday)", file=file, line=line)


_LEVEL_WORDS = {"library": "library", "operations": "operations block", "file": "file block",
                "overlays": "library's schedule_overlays", "visible": "visible_* setting",
                "plex": "plex maintenance setting", "collection": "collection", "playlist": "playlist"}


def check_schedule(rule_or_value: Rule | str | list[Any] | None, moment: datetime, *, run_hour: int,
                   ignore_schedules: bool, level: str) -> Verdict:
    """The verdict for a schedule at ``level`` for a run at ``moment`` (hour ``run_hour``)."""
    rule = as_rule(rule_or_value)
    check_level(rule, level)
    return apply_ignore(rule.verdict(moment, run_hour), level=level, ignore_schedules=ignore_schedules)


def apply_ignore(verdict: Verdict, *, level: str, ignore_schedules: bool) -> Verdict:
    """The ``--ignore-schedules`` table applied to a verdict at ``level``."""
    if not ignore_schedules or verdict is Verdict.SCHEDULED:
        return verdict
    if level in IGNORED_FULLY:
        return Verdict.SCHEDULED
    if level in IGNORED_EXCEPT_RANGE and verdict is Verdict.NOT_SCHEDULED:
        return Verdict.SCHEDULED
    return verdict
