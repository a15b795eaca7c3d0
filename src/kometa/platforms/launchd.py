"""launchd property lists: a waiter agent (``KeepAlive`` + ``RunAtLoad``) or ``--run`` on a calendar.

``ProgramArguments`` is an argv array (no ``sh -c``), so paths need no shell quoting; plistlib
escapes XML. ``StartCalendarInterval`` takes Hour 0-23 (the guide's ``Hour 24`` is invalid):
times become ``{Hour, Minute}`` dicts and cron expressions the product of their restricted fields.
"""

from __future__ import annotations

import itertools
import plistlib
from typing import Any

from kometa.core.errors import UsageError
from kometa.platforms.host import Host
from kometa.platforms.model import Plan, ServiceSpec, step, text_file
from kometa.platforms.timespec import CronFields, cron_fields, require_whole_minutes

MAX_INTERVALS = 500


def label(spec: ServiceSpec) -> str:
    """``com.<user>.<name>`` as in the guide, or the name itself when it already looks like a label."""
    if "." in spec.name:
        return spec.name
    user = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in spec.username.split("\\")[-1])
    return f"com.{user or 'user'}.{spec.name}"


def intervals_from_cron(fields: CronFields) -> list[dict[str, int]]:
    """StartCalendarInterval dicts firing exactly when the cron expression does."""

    def product(days: tuple[int, ...] | None, weekdays: tuple[int, ...] | None) -> list[dict[str, int]]:
        keys = [("Month", fields.months), ("Day", days), ("Weekday", weekdays), ("Hour", fields.hours),
                ("Minute", fields.minutes)]
        present = [(k, v) for k, v in keys if v is not None]
        count = 1
        for _, values in present:
            count *= len(values)
        if count > MAX_INTERVALS:
            raise UsageError(f"--cron: {fields.expr!r} needs {count} launchd calendar entries (limit "
                             f"{MAX_INTERVALS}); use --mode waiter, which runs cron expressions itself")
        return [dict(zip([k for k, _ in present], combo, strict=True))
                for combo in itertools.product(*[v for _, v in present])]

    if fields.days is not None and fields.weekdays is not None and not fields.days_or_weekdays:
        raise UsageError(f"--cron: {fields.expr!r} needs both its day-of-month and day-of-week to match, "
                         "which launchd cannot express; use --mode waiter")
    if fields.days_or_weekdays:
        return product(fields.days, None) + product(None, fields.weekdays)
    return product(fields.days, fields.weekdays)


def calendar_intervals(spec: ServiceSpec) -> list[dict[str, int]]:
    require_whole_minutes(spec.run_times, "launchd")
    intervals = [{"Hour": t.hour, "Minute": t.minute} for t in spec.run_times]
    for expr in spec.crons:
        for entry in intervals_from_cron(cron_fields(expr)):
            if entry not in intervals:
                intervals.append(entry)
    return intervals


def plist_dict(spec: ServiceSpec) -> dict[str, Any]:
    env = {"LANG": "en_US.UTF-8", "PYTHONUTF8": "1", "PYTHONUNBUFFERED": "1"}
    if spec.tz:
        env["TZ"] = spec.tz
    data: dict[str, Any] = {
        "Label": label(spec),
        "ProgramArguments": spec.command(),
        "WorkingDirectory": spec.workdir,
        "EnvironmentVariables": env,
        "StandardOutPath": f"{spec.log_dir}/{spec.name}.stdout.log",
        "StandardErrorPath": f"{spec.log_dir}/{spec.name}.stderr.log",
    }
    if not spec.user_scope:
        data["UserName"] = spec.username
        data["GroupName"] = spec.group
    if spec.waiter:
        data["RunAtLoad"] = True
        data["KeepAlive"] = True
        data["ThrottleInterval"] = 10
    else:
        data["RunAtLoad"] = False
        data["StartCalendarInterval"] = calendar_intervals(spec)
    return data


def generate(spec: ServiceSpec, host: Host) -> Plan:
    name = label(spec)
    if spec.user_scope:
        folder = str(host.home / "Library" / "LaunchAgents")
        domain = f"gui/{host.uid}"
    else:
        folder = str(host.system_path("Library", "LaunchDaemons"))
        domain = "system"
    path = f"{folder}/{name}.plist"
    raw = plistlib.dumps(plist_dict(spec), fmt=plistlib.FMT_XML, sort_keys=False)
    plan = Plan(files=[text_file(f"{name}.plist", raw.decode("utf-8"), path)])
    # bootstrap fails harmlessly when the job is already loaded (nothing changed since).
    plan.enable = [step("mkdir", "-p", spec.log_dir), step("launchctl", "bootstrap", domain, path, may_fail=True)]
    if spec.waiter:
        plan.enable.append(step("launchctl", "kickstart", f"{domain}/{name}"))
    plan.before_update = [step("launchctl", "bootout", f"{domain}/{name}", may_fail=True)]
    plan.disable = [step("launchctl", "bootout", f"{domain}/{name}", may_fail=True)]
    plan.notes.append(f"check it with: launchctl print {domain}/{name}; output goes to {spec.log_dir}")
    if not spec.user_scope:
        plan.notes.append("LaunchDaemons need root: run the commands with sudo")
    if not spec.waiter:
        plan.notes.append("launchd runs a start missed while the Mac slept when it wakes, but not one missed "
                          "while it was off")
    return plan
