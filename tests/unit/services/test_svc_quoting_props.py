"""Property tests: any folder name without control characters survives each platform's quoting."""

from __future__ import annotations

import plistlib
import re
import shlex
import xml.etree.ElementTree as ET
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from kometa.platforms import cron, launchd, windows
from kometa.platforms.host import Host
from kometa.platforms.model import ServiceSpec

NAMES = st.text(st.characters(min_codepoint=32, blacklist_categories=("Cs", "Cc"), blacklist_characters="/"),
                min_size=1, max_size=30)
BASE = ServiceSpec(target="cron", mode="run", name="kometa", user_scope=True, python="/usr/bin/python3",
                   program=("-m", "kometa"), workdir="/srv", config="/srv/config.yml", username="alice",
                   group="staff", home="/home/alice")
HOST = Host.__new__(Host)


def spec_in(folder: str) -> ServiceSpec:
    return replace(BASE, python=f"/home/{folder}/bin/python", workdir=f"/home/{folder}",
                   config=f"/home/{folder}/config.yml")


@settings(max_examples=200, deadline=None)
@given(NAMES)
def test_cron_line_splits_back_into_the_same_words(folder: str) -> None:
    spec = spec_in(folder)
    command = cron.block(spec).splitlines()[1].split(" ", 5)[5]
    assert re.search(r"(?<!\\)%", command) is None  # no bare % left for cron to eat
    words = shlex.split(command.replace("\\%", "%"))
    assert words[1] == spec.workdir and words[9:-3] == spec.command()
    assert words[-2] == spec.log_dir + "/cron.log"


@settings(max_examples=100, deadline=None)
@given(NAMES)
def test_plist_keeps_the_paths(folder: str) -> None:
    spec = replace(spec_in(folder), target="launchd")
    data = plistlib.loads(plistlib.dumps(launchd.plist_dict(spec)))
    assert data["ProgramArguments"] == spec.command() and data["WorkingDirectory"] == spec.workdir


@settings(max_examples=100, deadline=None)
@given(NAMES.filter(lambda s: '"' not in s))
def test_task_xml_keeps_the_working_folder(folder: str) -> None:
    spec = replace(spec_in(folder), target="windows")
    root = ET.fromstring(windows.task_xml(spec, HOST, spec.workdir + "/runner.cmd"))
    ns = {"t": windows.NAMESPACE}
    assert root.findtext("t:Actions/t:Exec/t:WorkingDirectory", namespaces=ns) == spec.workdir
