"""``metasim serve``: run the metadata-service simulator in the foreground until interrupted.

    metasim serve [--host 127.0.0.1] [--port 0] [--seed S] [--movies N] [--shows M]
                  [--tmdb-key K] [--any-key] [--latency-ms L] [--fail-rate P] [--rate-limit N]

Prints ``metasim ready http://HOST:PORT`` once it accepts connections (TMDb v3 is under
``/tmdb/3``). ``--seed/--movies/--shows`` name the same world as ``plexsim serve --world`` with
those numbers. Bad arguments print one line and exit 2.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import NoReturn


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"metasim: error: {message} (see metasim serve --help)\n")
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
    parser = _Parser(prog="metasim", description="Simulator of TMDb and the other metadata services.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    serve = sub.add_parser("serve", help="run the simulator")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    serve.add_argument("--port", type=_port, default=0, help="TCP port, 0 = any free port")
    serve.add_argument("--seed", type=int, default=1, help="world seed (same seed, same world)")
    serve.add_argument("--movies", type=_nonneg_int, default=200, help="movies in the Plex library of the world")
    serve.add_argument("--shows", type=_nonneg_int, default=20, help="shows in the Plex library of the world")
    serve.add_argument("--tmdb-key", default="metasim-tmdb", help="the TMDb API key / bearer token clients must send")
    serve.add_argument("--any-key", action="store_true", help="accept every key and token")
    serve.add_argument("--latency-ms", type=_ms, default=0.0, help="latency added to every request")
    serve.add_argument("--fail-rate", type=_rate, default=0.0, help="fraction answered 503")
    serve.add_argument("--rate-limit", type=_nonneg_int, default=0,
                       help="requests per second per service before 429 (0 = unlimited)")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help exits 0, errors exit 2 (one line printed)
        return int(exc.code or 0)
    if args.movies > 50000 or args.shows > 5000:
        sys.stderr.write("metasim: error: at most 50000 movies and 5000 shows\n")
        return 2
    from .faults import Faults
    from .server import MetaSim

    faults = Faults(latency_ms=args.latency_ms, error_rate=args.fail_rate, rate_limit=args.rate_limit)
    try:
        meta = MetaSim(seed=args.seed, movies=args.movies, shows=args.shows, tmdb_key=args.tmdb_key,
                       any_key=args.any_key, host=args.host, port=args.port, faults=faults)
        meta.start()
    except OSError as exc:
        sys.stderr.write(f"metasim: error: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}\n")
        return 2
    print(f"metasim ready {meta.url}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        stop.wait()
    finally:
        meta.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
