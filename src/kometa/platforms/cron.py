"""crontab lines: ``cd DIR && python kometa.py --config CONFIG --run`` at the times, as the guide's.

The lines live in the user's crontab between two marker comments, so ``install`` replaces exactly
its own block and leaves every other line alone. cron hands the command to ``/bin/sh``: arguments
are POSIX-quoted and ``%`` (cron's newline) is escaped. Overlapping starts do not pile up: a second
``--run`` finds the config's run lock taken and exits 3 at once.
"""

from __future__ import annotations

import shlex

from kometa.platforms.host import Host
from kometa.platforms.model import Plan, ServiceSpec, text_file
from kometa.platforms.timespec import compress, group_minutes_by_hours, require_whole_minutes

BEGIN = "# BEGIN kometa service {name} (managed by `kometa service install cron`; edits inside are replaced)"
END = "# END kometa service {name}"


def shell_quote(value: str) -> str:
    """POSIX shell quoting, then cron's own escape: an unescaped ``%`` would end the command."""
    return shlex.quote(value).replace("%", "\\%")


def command_line(spec: ServiceSpec) -> str:
    env = ["LANG=C.UTF-8", "LC_ALL=C.UTF-8"]
    if spec.tz:
        env.append("TZ=" + shell_quote(spec.tz))
    argv = " ".join(shell_quote(a) for a in spec.command())
    # cron mails a job's output, and with no mail set up it is lost: append it to the config's logs.
    logs = shell_quote(spec.log_dir)
    return (f"cd {shell_quote(spec.workdir)} && mkdir -p {logs} && {' '.join(env)} {argv} "
            f">> {shell_quote(spec.log_dir + '/cron.log')} 2>&1")


def schedules(spec: ServiceSpec) -> list[str]:
    """The five schedule fields of each line (``@reboot`` for the waiter)."""
    if spec.waiter:
        return ["@reboot"]
    require_whole_minutes(spec.run_times, "cron")
    result = []
    for minutes, hours in group_minutes_by_hours(spec.run_times):
        hour_field = "*" if len(hours) == 24 else compress(hours, "-")
        result.append(f"{compress(minutes, '-')} {hour_field} * * *")
    return result + [c for c in spec.crons if c not in result]


def block(spec: ServiceSpec) -> str:
    command = command_line(spec)
    lines = [BEGIN.format(name=spec.name)]
    lines += [f"{when} {command}" for when in schedules(spec)]
    lines.append(END.format(name=spec.name))
    return "\n".join(lines) + "\n"


def merge(existing: str, new_block: str, name: str) -> str:
    """``existing`` crontab text with this service's block replaced (or appended, or removed when
    ``new_block`` is empty); every other line is kept as it was."""
    begin, end = BEGIN.format(name=name), END.format(name=name)
    lines = existing.splitlines(keepends=True)
    out: list[str] = []
    inside = False
    placed = False
    for line in lines:
        text = line.rstrip("\r\n")
        if not inside and text == begin:
            inside = True
            continue
        if inside:
            if text == end:
                inside = False
                if not placed:
                    out.append(new_block)
                    placed = True
            continue
        out.append(line)
    if inside and not placed:  # a BEGIN without its END: the rest was ours
        out.append(new_block)
        placed = True
    if not placed and new_block:
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
        out.append(new_block)
    return "".join(out)


def generate(spec: ServiceSpec, host: Host) -> Plan:
    plan = Plan(files=[text_file(f"{spec.name}.crontab", block(spec), None)])
    plan.notes.append("see it with: crontab -l")
    plan.notes.append("cron reads these times in the system's time zone"
                      + (f"; TZ={spec.tz} applies to the run itself" if spec.tz else ""))
    if spec.waiter:
        plan.notes.append("the waiter starts at boot (@reboot); cron does not restart it if it stops "
                          "(systemd or launchd do)")
    else:
        plan.notes.append("a start while a run is still going exits 3 (the run lock) instead of piling up")
    return plan
