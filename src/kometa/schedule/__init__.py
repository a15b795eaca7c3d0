"""The config schedule language: ``daily``, ``weekly(sunday)``, ``range(12/01-12/31)``, ...

Schedules decide what a run does when it happens; they never start a run (that is ``--times`` /
``--cron``, see :mod:`kometa.timing`).

    >>> from datetime import datetime
    >>> rule = parse_schedule(["weekly(sunday)", "range(12/01-12/31)"])
    >>> rule.matches(datetime(2026, 12, 2, 5))
    True
    >>> rule.explain()
    ['Scheduled weekly on Sunday', 'Scheduled December 1st and December 31st']
"""

from typing import Any

from kometa.schedule.combine import AllOf, AnyOf
from kometa.schedule.evaluate import check_schedule
from kometa.schedule.parse import parse_schedule
from kometa.schedule.rules import (
    Daily,
    DateRange,
    Hourly,
    Monthly,
    MonthlyLast,
    Never,
    NonExisting,
    OnDate,
    Rule,
    Span,
    Verdict,
    Weekly,
    Yearly,
)


def __getattr__(name: str) -> Any:
    """``validate_schedules`` and ``plan_run`` on demand: they import the config loader (ruamel)."""
    if name == "validate_schedules":
        from kometa.schedule.validate import validate_schedules

        return validate_schedules
    if name == "plan_run":
        from kometa.schedule.plan import plan_run

        return plan_run
    raise AttributeError(f"module 'kometa.schedule' has no attribute {name!r}")


__all__ = [
    "AllOf", "AnyOf", "Daily", "DateRange", "Hourly", "Monthly", "MonthlyLast", "Never", "NonExisting",
    "OnDate", "Rule", "Span", "Verdict", "Weekly", "Yearly", "check_schedule", "parse_schedule", "plan_run",
    "validate_schedules",
]
