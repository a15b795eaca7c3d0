"""``kometa auth trakt``: sign in to Trakt with a device code and keep the tokens in config.yml.

It reads ``trakt: client_id`` and ``client_secret`` from the config, prints the address and the
code to enter there, waits (polling Trakt at the interval it asks) until the code is entered, and
writes the tokens under ``trakt: authorization`` — the rest of config.yml, comments included, stays
as it was. Runs later refresh the token before it expires and write it back the same way.
Exit 0 on success, 1 when Trakt refused or the code expired (one line says why).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from kometa.core.errors import ExitCode, KometaError
from kometa.core.options import Options

SERVICES = ("trakt", "mal")


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "auth", help="sign in to an online service and keep its tokens in config.yml (trakt, mal)",
        description="Sign in to Trakt with a device code: kometa prints an address and a code, you enter "
        "the code there, and the tokens are written into config.yml under trakt: authorization. "
        "MyAnimeList (mal): kometa prints an address; open it, click Allow, and paste the address the "
        "browser is sent to (http://localhost/?code=...), or pass it with --url; the tokens go under "
        "mal: authorization.")
    parser.add_argument("service", choices=SERVICES, help="the service to sign in to")
    parser.add_argument("--config", "-c", help="path to config.yml (default as for kometa)")
    parser.add_argument("--url", help="mal: the address MyAnimeList redirected to after Allow")
    parser.set_defaults(func=run, options_flags=("config",))


def run(ns: argparse.Namespace, options: Options, *, sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic, base_url: str | None = None,
        ask: Callable[[str], str] = input) -> int:
    if getattr(ns, "service", "trakt") == "mal":
        from kometa.app.auth_mal import sign_in
        return sign_in(options, getattr(ns, "url", None), ask)
    from kometa.clients.trakt_auth import AuthFailed, device_sign_in
    from kometa.config import load_config
    from kometa.config.services import SectionError
    from kometa.config.trakt_section import trakt_section
    from kometa.config.writeback import set_in_config
    from kometa.core.logs import add_secrets

    config = load_config(options.config)
    try:
        sec = trakt_section(config)
    except SectionError as exc:
        raise KometaError(str(exc), exit_code=ExitCode.USAGE) from None
    add_secrets([sec.client_id, sec.client_secret])
    try:
        tokens = device_sign_in(sec.client_id, sec.client_secret, lambda line: print(f"kometa: {line}", flush=True),
                                base_url=base_url, sleep=sleep, clock=clock)
    except AuthFailed as exc:
        raise KometaError(f"{sec.where}: trakt: {exc}") from None
    set_in_config(options.config, "trakt", "authorization", tokens)
    print(f"kometa: signed in to Trakt; the tokens are in {options.config} (trakt: authorization)")
    return 0
