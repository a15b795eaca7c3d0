"""Combinators: :class:`AllOf` (``all[a, b, ...]``: AND) and :class:`AnyOf` (a YAML list: OR).

Like APScheduler's ``AndTrigger``/``OrTrigger``, they only combine the verdicts of their items.
``non_existing`` inside either adds "or while the collection does not exist" (see
:mod:`kometa.schedule.rules` for why that differs from Kometa's own reading).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kometa.schedule.days import join_words
from kometa.schedule.rules import NonExisting, Rule, Verdict


@dataclass(frozen=True, repr=False)
class AllOf(Rule):
    """``all[a, b, ...]``: every item matches (AND). ``non_existing`` items add "or while it does
    not exist" (Kometa's meaning)."""

    rules: tuple[Rule, ...]
    text: str = ""

    @property
    def _plain(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if not isinstance(r, NonExisting))

    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        plain = self._plain
        return bool(plain) and all(r.matches(moment, run_hour) for r in plain)

    def day_possible(self, day: date) -> bool:
        plain = self._plain
        return bool(plain) and all(r.day_possible(day) for r in plain)

    def verdict(self, moment: datetime, run_hour: int | None = None) -> Verdict:
        plain = self._plain
        verdicts = [r.verdict(moment, run_hour) for r in plain]
        if plain and all(v is Verdict.SCHEDULED for v in verdicts):
            return Verdict.SCHEDULED
        if self.has_non_existing or Verdict.NON_EXISTING in verdicts:
            return Verdict.NON_EXISTING
        if Verdict.NOT_SCHEDULED_RANGE in verdicts:
            return Verdict.NOT_SCHEDULED_RANGE
        return Verdict.NOT_SCHEDULED

    def notes(self, moment: datetime) -> list[str]:
        return [note for r in self.rules for note in r.notes(moment)]

    @property
    def has_non_existing(self) -> bool:
        return any(r.has_non_existing for r in self.rules)

    @property
    def may_note(self) -> bool:
        return any(r.may_note for r in self.rules)

    def explain(self) -> list[str]:
        return ["Scheduled to meet all of these:", *("    " + line for r in self.rules for line in r.explain())]

    def describe(self) -> str:
        parts = [r.describe() for r in self._plain]
        text = " and ".join(parts) if parts else ""
        if self.has_non_existing:
            return f"{text}, or while it does not exist" if text else "only while it does not exist"
        return text


@dataclass(frozen=True, repr=False)
class AnyOf(Rule):
    """A YAML list (or comma-separated string): any item matches (OR)."""

    rules: tuple[Rule, ...]
    text: str = ""

    def matches(self, moment: datetime, run_hour: int | None = None) -> bool:
        return any(r.matches(moment, run_hour) for r in self.rules)

    def day_possible(self, day: date) -> bool:
        return any(r.day_possible(day) for r in self.rules)

    def verdict(self, moment: datetime, run_hour: int | None = None) -> Verdict:
        verdicts = [r.verdict(moment, run_hour) for r in self.rules]
        for kind in (Verdict.SCHEDULED, Verdict.NON_EXISTING, Verdict.NOT_SCHEDULED_RANGE):
            if kind in verdicts:
                return kind
        return Verdict.NOT_SCHEDULED

    def notes(self, moment: datetime) -> list[str]:
        if self.matches(moment):
            return []
        return [note for r in self.rules for note in r.notes(moment)]

    @property
    def has_non_existing(self) -> bool:
        return any(r.has_non_existing for r in self.rules)

    @property
    def may_note(self) -> bool:
        return any(r.may_note for r in self.rules)

    def explain(self) -> list[str]:
        return [line for r in self.rules for line in r.explain()]

    def describe(self) -> str:
        return join_words([r.describe() for r in self.rules], "or")
