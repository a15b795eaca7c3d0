"""``kometa schedule check``: is EXPR scheduled at a moment? One expression, or ``--batch`` JSON lines.

Exit codes: 0 scheduled, 1 not scheduled (also *non-existing*: it would run only if the collection
does not exist), 2 invalid expression or arguments. ``--batch`` reads ``{"expr": str | list,
"at": "YYYY-MM-DDTHH:MM"}`` lines from stdin and writes ``{"expr", "at", "scheduled", "error"}``
lines in the same order; a bad line gets an ``error`` and ``scheduled: false`` (exit 0).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO, Any

from kometa.core.errors import ConfigError, UsageError
from kometa.schedule.parse import parse_schedule
from kometa.schedule.rules import Rule, Verdict


def parse_expr_argument(text: str) -> str | list[Any]:
    """EXPR as given on the command line; ``[...]`` is a YAML/JSON list."""
    stripped = text.strip()
    if not stripped.startswith("["):
        return text
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError:
        from io import StringIO

        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        try:
            value = YAML(typ="safe", pure=True).load(StringIO(stripped))
        except YAMLError:
            raise UsageError(f"EXPR {text!r} starts with '[' but is not a YAML/JSON list, "
                             f"e.g. '[\"monthly(1)\", \"monthly(15)\"]'") from None
    if not isinstance(value, list):
        raise UsageError(f"EXPR {text!r} must be a list, e.g. '[\"monthly(1)\", \"monthly(15)\"]'")
    return value


def parse_at(text: str) -> datetime:
    """``YYYY-MM-DDTHH:MM`` (seconds and an offset are accepted too)."""
    try:
        return datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise UsageError(f"--at={text!r} is not a moment; expected YYYY-MM-DDTHH:MM, e.g. 2026-12-24T05:00") from None


def _verdict_words(verdict: Verdict) -> str:
    return {
        Verdict.SCHEDULED: "scheduled",
        Verdict.NOT_SCHEDULED: "not scheduled",
        Verdict.NOT_SCHEDULED_RANGE: "not scheduled (outside its range; --ignore-schedules does not override it)",
        Verdict.NON_EXISTING: "only if the collection does not exist yet",
    }[verdict]


def check_one(expr: str, at: str, *, as_json: bool, out: IO[str]) -> int:
    moment = parse_at(at)
    value = parse_expr_argument(expr)
    try:
        rule = parse_schedule(value)
    except ConfigError as exc:
        if as_json:
            out.write(json.dumps({"expr": value, "at": at, "scheduled": False, "verdict": None,
                                  "explanation": [], "next": None, "error": exc.message}) + "\n")
            return 2
        raise
    verdict = rule.verdict(moment, moment.hour)
    following = rule.next_match(moment)
    if as_json:
        out.write(json.dumps({
            "expr": value, "at": at, "scheduled": verdict is Verdict.SCHEDULED, "verdict": verdict.value,
            "describe": rule.describe(), "explanation": rule.explain(), "notes": rule.notes(moment),
            "next": following.isoformat() if following else None, "error": None}) + "\n")
    else:
        out.write(f"{rule.text or expr} at {moment:%a %Y-%m-%d %H:%M}: {_verdict_words(verdict)}\n")
        if rule.describe():
            out.write(f"  means: {rule.describe()}\n")
        for line in rule.explain():
            out.write(f"  {line}\n")
        for note in rule.notes(moment):
            out.write(f"  warning: {note}\n")
        if verdict is not Verdict.SCHEDULED:
            out.write(f"  next match: {following:%a %Y-%m-%d %H:%M}\n" if following else "  next match: none\n")
    return 0 if verdict is Verdict.SCHEDULED else 1


class _Cache:
    """Parsed rules by expression text; an invalid one remembers its message."""

    def __init__(self) -> None:
        self.rules: dict[str, Rule | str] = {}

    def get(self, expr: Any) -> Rule | str:
        key = expr if isinstance(expr, str) else json.dumps(expr)
        found = self.rules.get(key)
        if found is None:
            if not isinstance(expr, str | list):
                found = "expr must be a string or a list of strings"
            else:
                try:
                    found = parse_schedule(expr)
                except ConfigError as exc:
                    found = exc.message
            self.rules[key] = found
        return found


def batch_lines(lines: Iterable[str]) -> Iterator[str]:
    """One output JSON line per non-blank input line, in order."""
    cache = _Cache()
    dumps = json.dumps
    loads = json.loads
    fromiso = datetime.fromisoformat
    for line in lines:
        if not line.strip():
            continue
        expr: Any = None
        at: Any = None
        try:
            item = loads(line)
            if not isinstance(item, dict):
                raise ValueError("each line must be a JSON object with expr and at")
            expr, at = item.get("expr"), item.get("at")
            if not isinstance(at, str):
                raise ValueError("'at' must be a string YYYY-MM-DDTHH:MM")
            rule = cache.get(expr)
            if isinstance(rule, str):
                yield dumps({"expr": expr, "at": at, "scheduled": False, "error": rule})
                continue
            try:
                moment = fromiso(at)
            except ValueError:
                raise ValueError(f"'at' {at!r} is not YYYY-MM-DDTHH:MM") from None
            scheduled = rule.verdict(moment, moment.hour) is Verdict.SCHEDULED
            yield dumps({"expr": expr, "at": at, "scheduled": scheduled, "error": None})
        except ValueError as exc:  # JSONDecodeError is a ValueError
            message = str(exc) if not isinstance(exc, json.JSONDecodeError) else f"not JSON: {exc.msg}"
            yield dumps({"expr": expr, "at": at, "scheduled": False, "error": message})


def run_batch(stdin: IO[str], out: IO[str]) -> int:
    chunk: list[str] = []
    for text in batch_lines(stdin):
        chunk.append(text)
        if len(chunk) >= 2048:
            out.write("\n".join(chunk) + "\n")
            chunk.clear()
    if chunk:
        out.write("\n".join(chunk) + "\n")
    out.flush()
    return 0


def run(ns: Any) -> int:
    if ns.batch:
        if ns.expr is not None or ns.at is not None:
            raise UsageError("kometa schedule check --batch reads expressions from stdin; give no EXPR or --at")
        return run_batch(sys.stdin, sys.stdout)
    if ns.expr is None or ns.at is None:
        raise UsageError("kometa schedule check needs EXPR and --at YYYY-MM-DDTHH:MM "
                         "(e.g. kometa schedule check 'weekly(sunday)' --at 2026-11-29T05:00), or --batch")
    return check_one(ns.expr, ns.at, as_json=ns.json, out=sys.stdout)
