#!/usr/bin/env python3
"""Run kometa from a checkout: ``python kometa.py --run``, exactly as the scheduling guide writes it.

When something imports ``kometa`` while the checkout's root is on ``sys.path`` (``python -m pytest``
or ``python -c`` from here), this file would shadow the real package in ``src/``; in that case it
turns itself into that package so ``import kometa.cli`` still works.
"""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_package = os.path.join(_here, "src", "kometa")

if __name__ == "__main__":
    sys.path.insert(0, os.path.join(_here, "src"))
    os.environ.setdefault("KOMETA_INSTALL_DIR", _here)
    from kometa.cli import main

    sys.exit(main())
else:
    __path__ = [_package]
    with open(os.path.join(_package, "__init__.py"), encoding="utf-8") as _init:
        exec(compile(_init.read(), _init.name, "exec"))
