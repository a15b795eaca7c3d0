"""``kometa service print|install TARGET``: platform set-up in one command.

``uninstall`` removes what ``install`` wrote and disables the service. ``print`` shows the file(s) for this installation (one file as is, several each under a
``# file: NAME`` header) and says on stderr where they go and what to run; ``--output-dir DIR``
writes them into DIR instead. ``install`` writes them where they belong, idempotently, and prints
the enable/load commands, or runs them with ``--now``.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from kometa.core.errors import UsageError
from kometa.platforms.host import Host
from kometa.platforms.model import MODES, TARGETS, Plan, ServiceSpec, Step
from kometa.platforms.resolve import Request, build_spec

RESERVED_EXTRAS = ("--run", "-r", "--config", "-c", "--times", "-t", "--time", "--cron", "-cr")


def generator(target: str) -> Callable[[ServiceSpec, Host], Plan]:
    from kometa.platforms import compose, cron, launchd, systemd, windows

    return {"systemd": systemd.generate, "launchd": launchd.generate, "cron": cron.generate,
            "windows": windows.generate, "compose": compose.generate}[target]


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="TARGET", help="one of: " + ", ".join(TARGETS))
    parser.add_argument("--mode", choices=MODES, default="waiter",
                        help="waiter: long-running, wakes at its times (default); run: the platform's "
                        "scheduler starts --run at the times")
    when = parser.add_argument_group("when (default 05:00)")
    when.add_argument("--times", "-t", help="HH:MM times separated by '|', e.g. '05:00|17:30'")
    when.add_argument("--cron", help="cron expressions separated by '|', e.g. '0 */6 * * *'")
    when.add_argument("--every", help="a run every interval from midnight, e.g. 6h or 30m")
    parser.add_argument("--config", "-c", help="config file (default: KOMETA_CONFIG, else config/config.yml "
                        "in the Kometa folder)")
    parser.add_argument("--name", default="kometa", help="service/task name (default kometa)")
    parser.add_argument("--user", action="store_true",
                        help="per-user service: no root needed, writes only inside your home")
    parser.add_argument("--tz", help="IANA time zone for the runs (default: TZ)")
    parser.add_argument("--workdir", help="working folder (default: the Kometa folder or current folder)")
    docker = parser.add_argument_group("compose")
    docker.add_argument("--image", default="kometa:latest", help="image (default kometa:latest)")
    docker.add_argument("--puid", type=int, help="user id to run as (default: yours)")
    docker.add_argument("--pgid", type=int, help="group id to run as (default: yours)")
    parser.add_argument("extra", nargs="*", metavar="-- FLAG",
                        help="more kometa flags for the service, after '--' (e.g. -- --no-countdown)")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "service", help="set up systemd, launchd, cron, Windows Task Scheduler or Docker compose",
        description="Generate the service files for this installation (its interpreter, folder and "
        "config) and install them. Targets: " + ", ".join(TARGETS) + ".",
    )
    actions = parser.add_subparsers(dest="action", required=True)
    show = actions.add_parser("print", help="show the files (or write them into --output-dir)",
                              description="Show the service file(s) and where they would go.")
    _add_common(show)
    show.add_argument("--output-dir", metavar="DIR", help="write the files into DIR instead of stdout")
    show.set_defaults(func=run_print)
    put = actions.add_parser("install", help="write the files where they belong",
                             description="Write the service file(s) idempotently and print the commands "
                             "that enable them (or run them with --now).")
    _add_common(put)
    put.add_argument("--now", action="store_true", help="also run the enable/load commands")
    put.set_defaults(func=run_install)
    drop = actions.add_parser("uninstall", help="remove what install wrote",
                              description="Remove the service file(s) (or crontab block) install wrote, given "
                              "the same options, and print the commands that disable the service (or run "
                              "them first with --now).")
    _add_common(drop)
    drop.add_argument("--now", action="store_true", help="also run the disable commands")
    drop.set_defaults(func=run_uninstall)


def request_from(ns: argparse.Namespace) -> Request:
    extras = tuple(ns.extra)
    for arg in extras:
        if arg.split("=", 1)[0] in RESERVED_EXTRAS:
            raise UsageError(f"{arg} after '--' is set by kometa service itself; use --mode, --config, "
                             "--times or --cron instead")
    if extras and not extras[0].startswith("-"):
        raise UsageError(f"unexpected argument {extras[0]!r}; kometa flags for the service go after '--'")
    return Request(target=ns.target, mode=ns.mode, times=ns.times, cron=ns.cron, every=ns.every,
                   config=ns.config, name=ns.name, user=ns.user, tz=ns.tz, workdir=ns.workdir,
                   image=ns.image, puid=ns.puid, pgid=ns.pgid, extra_args=extras)


def show_command(item: Step, windows: bool) -> str:
    if windows:
        import subprocess

        text = subprocess.list2cmdline(list(item.argv))
    else:
        text = shlex.join(item.argv)
    return text + ("    (may fail harmlessly)" if item.may_fail else "")


def _notes(spec: ServiceSpec, plan: Plan, out: TextIO) -> None:
    if spec.target != "compose" and not Path(spec.config).exists():
        print(f"note: {spec.config} does not exist yet; create it before the service starts", file=out)
    for path, removal in plan.stale.items():
        if Path(path).exists():
            print(f"note: {path} is left from --mode run and would still start runs; remove it: {removal}",
                  file=out)
    for note in plan.notes:
        print(f"note: {note}", file=out)


def prepare(ns: argparse.Namespace, host: Host | None) -> tuple[ServiceSpec, Plan, Host]:
    host = host or Host.current()
    spec = build_spec(request_from(ns), host)
    return spec, generator(spec.target)(spec, host), host


def run_print(ns: argparse.Namespace, host: Host | None = None, out: TextIO | None = None,
              err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    spec, plan, host = prepare(ns, host)
    if ns.output_dir:
        from kometa.platforms.install import write_output_dir

        folder = Path(ns.output_dir).expanduser()
        for result in write_output_dir(plan, folder):
            dest = result.file.destination or f"the crontab of {spec.username}"
            print(f"{result.status}: {result.where} (install it as {dest})", file=out)
    else:
        several = len(plan.files) > 1
        for index, file in enumerate(plan.files):
            if several:
                print(("\n" if index else "") + f"# file: {file.name}", file=out)
            out.write(file.text)
        for file in plan.files:
            dest = file.destination or f"the crontab of {spec.username} (crontab -e)"
            print(f"{file.name} goes to: {dest}", file=err)
    if plan.enable:
        print("then run:" if not ns.output_dir else "after copying, run:", file=err)
        for item in plan.enable:
            print("  " + show_command(item, plan.windows), file=err)
    print("or let kometa do it: the same command with 'install' instead of 'print' (add --now to run "
          "the commands too)", file=err)
    _notes(spec, plan, err)
    return 0


def run_install(ns: argparse.Namespace, host: Host | None = None, out: TextIO | None = None) -> int:
    from kometa.platforms.install import install_files, run_steps, steps_after

    out = out or sys.stdout
    spec, plan, host = prepare(ns, host)
    results = install_files(plan, spec, host)
    for result in results:
        print(f"{result.status}: {result.where}", file=out)
    steps = steps_after(plan, results)
    if all(r.status == "unchanged" for r in results):
        print("nothing changed", file=out)
    if ns.now:
        run_steps(steps, host)
    elif steps:
        print("now run:" if any(r.status != "unchanged" for r in results) else "to enable it (if not yet):",
              file=out)
        for item in steps:
            print("  " + show_command(item, plan.windows), file=out)
        print(f"(or add --now to run {'them' if len(steps) > 1 else 'it'})", file=out)
    _notes(spec, plan, out)
    print(check_hint(spec), file=out)
    return 0


def run_uninstall(ns: argparse.Namespace, host: Host | None = None, out: TextIO | None = None) -> int:
    """Disable (with ``--now``), remove the files install wrote, then reload; without ``--now`` the
    commands are printed (they work without the files: they name the unit, label or task)."""
    from kometa.platforms.install import run_steps, uninstall_files

    out = out or sys.stdout
    spec, plan, host = prepare(ns, host)
    if ns.now:
        run_steps(plan.disable, host)
    results = uninstall_files(plan, spec, host)
    for result in results:
        extra = " (not written by kometa service install, or changed since)" if result.status == "left alone" else ""
        print(f"{result.status}: {result.where}{extra}", file=out)
    if ns.now:
        run_steps(plan.after_uninstall, host)
    elif plan.disable or plan.after_uninstall:
        print("now run:", file=out)
        for item in [*plan.disable, *plan.after_uninstall]:
            print("  " + show_command(item, plan.windows), file=out)
        print("(or add --now to run them)", file=out)
    if spec.target == "cron" and spec.waiter:
        print("note: a waiter cron started at boot keeps running until it is stopped (or the machine restarts)",
              file=out)
    return 0


def check_hint(spec: ServiceSpec) -> str:
    status = "kometa status --config " + shlex.quote(spec.config)
    if spec.target == "compose":
        status = f"docker exec {spec.name} kometa status"
    if not spec.waiter:
        return f"check: {status}"
    return f"check: {status}; kometa schedule next " + shlex.join(
        [*spec.schedule_args(), *(["--tz", spec.tz] if spec.tz else [])])
