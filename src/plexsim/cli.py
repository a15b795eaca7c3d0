"""``plexsim serve``: run the simulator in the foreground until interrupted.

    plexsim serve [--host 127.0.0.1] [--port 32400] [--token T] [--movies N] [--shows M] [--seed S]
                  [--data DIR] [--latency-ms L] [--fail-rate P] [--drop-rate P] [--slow-body-ms L]
                  [--anonymous] [--world] [--library generated|plexapi-bootstrap]

Prints ``plexsim ready http://HOST:PORT`` once it accepts connections. Bad arguments print one
line and exit 2. ``--world`` serves the library of ``metasim.world.World(seed, movies, shows)``
(the same titles and ids ``metasim serve`` with those numbers knows) instead of the fixtures.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import NoReturn


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"plexsim: error: {message} (see plexsim serve --help)\n")
        raise SystemExit(2)


def _nonneg_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value


def _port(text: str) -> int:
    value = _nonneg_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a TCP port (0-65535)")
    return value


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r} must be between 0 and 1")
    return value


def _ms(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of milliseconds") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} must not be negative")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="plexsim", description="Plex Media Server simulator for python-plexapi.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    serve = sub.add_parser("serve", help="run the simulator")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    serve.add_argument("--port", type=_port, default=32400, help="TCP port, 0 = any free port")
    serve.add_argument("--token", default="plexsim", help="X-Plex-Token clients must send")
    serve.add_argument("--anonymous", action="store_true", help="accept requests without a token")
    serve.add_argument("--movies", type=_nonneg_int, default=200, help="movies in the Movies section")
    serve.add_argument("--shows", type=_nonneg_int, default=20, help="shows in the TV Shows section")
    serve.add_argument("--seed", type=int, default=1, help="fixture seed (same seed, same library)")
    serve.add_argument("--world", action="store_true",
                       help="serve the metasim world's library (same seed/movies/shows as metasim)")
    serve.add_argument("--library", choices=["generated", "plexapi-bootstrap"], default="generated",
                       help="fixture library: generated (--movies/--shows/--seed) or plexapi-bootstrap")
    serve.add_argument("--data", default=None, help="directory for plexsim.db (default: in memory)")
    serve.add_argument("--users", default="", help="comma-separated shared users, each with its own token, "
                                                   "listed by the plex.tv stand-in under /_plextv (plexsim.users)")
    serve.add_argument("--latency-ms", type=_ms, default=0.0, help="latency added to every request")
    serve.add_argument("--fail-rate", type=_rate, default=0.0, help="fraction answered 500/503")
    serve.add_argument("--drop-rate", type=_rate, default=0.0, help="fraction of dropped connections")
    serve.add_argument("--slow-body-ms", type=_ms, default=0.0, help="trickle each body over this long")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help exits 0, errors exit 2 (one line printed)
        return int(exc.code or 0)
    if args.movies > 50000 or args.shows > 5000:
        sys.stderr.write("plexsim: error: at most 50000 movies and 5000 shows\n")
        return 2
    from .faults import Faults
    from .server import PlexSim

    faults = Faults(latency_ms=args.latency_ms, error_rate=args.fail_rate, drop_rate=args.drop_rate,
                    slow_body_ms=args.slow_body_ms)
    try:
        sim = PlexSim(movies=args.movies, shows=args.shows, seed=args.seed,
                      token=None if args.anonymous else args.token, host=args.host, port=args.port,
                      data=args.data, faults=faults, world=args.world,
                      library=args.library, users=[u.strip() for u in args.users.split(",") if u.strip()])
        sim.start()
    except OSError as exc:
        sys.stderr.write(f"plexsim: error: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}\n")
        return 2
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"plexsim ready http://{host}:{sim.port}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        stop.wait()
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
