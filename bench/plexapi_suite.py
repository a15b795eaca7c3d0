"""Run python-plexapi's own test suite, unmodified, against plexsim's ``plexapi-bootstrap`` library.

    python bench/plexapi_suite.py /work/.mirror/pkkid+python-plexapi/repo [--ref TAG] [--keep DIR]
                                  [--files test_library.py ...] [--show-failures] [-k EXPR]

The first argument is python-plexapi's repository: a bare git directory (as the ``fetch`` tool
returns), a clone, or a folder that already holds ``tests/`` (an export). The tests are exported at
run time into a temporary folder (never into this repository: they are another project's code);
``--ref`` picks the git ref (default: the tag equal to the installed plexapi version, else the
newest tag). Without the repository the script says so and exits 0 (nothing to check).

It starts plexsim (``PlexSim(library="plexapi-bootstrap", token=None)``: anonymous access, which is
how the suite's ``[anonymously]`` tests run against an unclaimed server), points the suite at it
with ``PLEXAPI_AUTH_SERVER_BASEURL``, runs the in-scope files in one pytest session
(``-p no:cacheprovider``) and prints "N passed, M failed" per file and in total, then the tests
deselected as out of scope, with the reason. Tests the suite itself skips (``[authenticated]``
variants without a plex.tv account, ``--client``) or marks ``xfail`` are listed as not counted.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

FILES = ["test_library.py", "test_collection.py", "test_playlist.py", "test_video.py", "test_fetch_items.py",
         "test_server.py"]

#: (test name regex, reason): deselected before the run. Names are pytest node names without the file.
OUT_OF_SCOPE: list[tuple[str, str]] = [
    # plex.tv / MyPlex account (the suite parametrises them [authenticated]; some need it anyway)
    (r"test_server_attr\b", "compares the token with a plex.tv account's"),
    (r"test_server_Server_session\b", "needs a plex.tv account token"),
    (r"test_server_account\b|test_server_claim|test_server_myPlex|test_server_sharedServers",
     "plex.tv account"),
    (r"test_video_Movie_getStreamURL|test_video_Movie_on_demand_subtitles|test_video_Movie_augmentation",
     "plex.tv account (stream URL token, online subtitles/media sources)"),
    (r"test_server_isLatest|test_server_installUpdate|test_server_checkForUpdate",
     "server updates through plex.tv (mocked release feed)"),
    (r"test_server_downloadLogs|test_server_downloadDatabases", "server log/database archive download"),
    (r"test_server_transcodeImage", "image transcoder (pixel content of real posters)"),
    (r"test_server_transcode_sessions", "live transcode sessions"),
    (r"test_server_browse|test_server_walk", "browses the server's real file system"),
    (r"test_server_allowMediaDeletion|test_server_dashboard|test_server_bandwidth|test_server_resources",
     "Plex Pass statistics / server settings that need a claimed server"),
    (r"test_server_clients\b",
     "needs a Plex client / GDM discovery"),
    (r"sync", "mobile sync (plex.tv sync targets)"),
    (r"test_server_playlist_sync|test_server_sonos", "sync / Sonos"),
    (r"test_Playlist_play|test_Play_photos", "needs a Plex client"),
    (r"test_library_MusicSection_sonicAdventure", "sonic analysis (Plex Pass, real audio)"),
    (r"test_video_Movie_extras|test_video_Movie_mixins_fields_edition_authenticated",
     "Plex Pass extras/editions"),
    (r"test_video_Show_streamingServices", "plex.tv streaming services"),
    (r"test_video_Movie_download|test_video_Episode_download", "downloads a transcoded copy (videoResolution=...)"),
    (r"test_video_Movie_matadataDirectory", "reads the server's data directory on the local disk"),
    (r"test_server_alert_listener", "alert listener (websocket notifications)"),
    (r"test_library_add_edit_delete|test_library_add_advanced_settings|test_Playlist_m3ufile",
     "browses/scans folders of the server's file system (library creation, m3u import)"),
    (r"test_video_Movie_reload_kwargs", "tests 4.16.1 read movie.__dict__['media']; plexapi >= 4.17 loads media "
     "lazily (cached_data_property), so it is absent whatever the server answers"),
    (r"test_library_search_exceptions", "tests 4.16.1 expect BadRequest where plexapi >= 4.17 raises NotFound "
     "client-side for the field '123abc' (no request reaches the server)"),
    (r"test_video_Movie_hubs", "related hubs from Plex's online recommendations"),
    (r"test_library_MovieSection_analyze|test_video_Movie_analyze|test_video_Episode_analyze",
     "media analysis of real files"),
    (r"test_video_Movie_videoStreams_and_transcode|test_video_Movie_optimize|test_video_optimize",
     "transcoding / optimized versions"),
]
AUTH_REASON = "[authenticated] variant: needs a plex.tv account (the suite skips it without one)"
# tests that need a pytest plugin: deselected when the plugin is missing
PLUGIN_FIXTURES = {"mocker": "pytest_mock", "patched_http_call": "pytest_mock", "empty_response": "pytest_mock",
                   "requests_mock": "requests_mock", "mocked_account": "requests_mock"}


def _reasons() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for pattern, reason in OUT_OF_SCOPE:
        out.append((re.compile(pattern), reason))
    return out


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True).stdout


def _git_dir(repo: Path) -> Path | None:
    if (repo / "HEAD").is_file() and (repo / "objects").is_dir():
        return repo
    if (repo / ".git").exists():
        return repo / ".git"
    return None


def _pick_ref(git_dir: Path, wanted: str | None) -> str:
    if wanted:
        return wanted
    import plexapi
    tags = _git(git_dir, "tag").decode().split()
    if plexapi.VERSION in tags:
        return plexapi.VERSION

    def key(t: str) -> tuple[int, ...]:
        return tuple(int(x) for x in t.split(".")) if re.fullmatch(r"\d+(\.\d+)*", t) else (-1,)
    return max(tags, key=key)


def export(repo: Path, dest: Path, ref: str | None) -> str:
    """Copy ``tests/`` and ``tools/`` of ``ref`` into ``dest``; returns a description of the source."""
    git_dir = _git_dir(repo)
    if git_dir is None:
        import shutil
        shutil.copytree(repo / "tests", dest / "tests")
        return f"{repo} (folder)"
    ref = _pick_ref(git_dir, ref)
    names = _git(git_dir, "ls-tree", "-r", "--name-only", ref, "tests", "tools").decode().splitlines()
    for name in names:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.write_bytes(_git(git_dir, "show", f"{ref}:{name}"))
        except subprocess.CalledProcessError:  # a large blob the snapshot does not hold (video_stub.mp4)
            target.write_bytes(b"")
    return f"{repo} @ {ref}"


def _uses_missing_plugin(source: str, test: str) -> str | None:
    m = re.search(rf"^def {re.escape(test)}\(([^)]*)\)", source, re.M)
    if not m:
        return None
    for arg in (a.strip() for a in m.group(1).split(",")):
        module = PLUGIN_FIXTURES.get(arg)
        if module is None:
            continue
        try:
            __import__(module)
        except ImportError:
            return f"needs the {module.replace('_', '-')} pytest plugin (not installed; HTTP is mocked anyway)"
    return None


def collect(tests_dir: Path, files: list[str], env: dict[str, str]) -> list[str]:
    out = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q",
                          *[f"tests/{f}" for f in files]], cwd=tests_dir.parent, env=env,
                         capture_output=True, text=True)
    return [line.strip() for line in out.stdout.splitlines() if "::" in line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", nargs="?", help="python-plexapi repository (bare git dir, clone or export)")
    parser.add_argument("--ref", help="git ref to export (default: installed plexapi version, else newest tag)")
    parser.add_argument("--keep", help="export into this folder (kept) instead of a temporary one")
    parser.add_argument("--files", nargs="*", default=FILES)
    parser.add_argument("-k", dest="kexpr", help="pytest -k expression (partial runs)")
    parser.add_argument("--show-failures", action="store_true", help="print each failure's message")
    args = parser.parse_args(argv)
    if not args.repo or not Path(args.repo).exists():
        print("plexapi_suite: python-plexapi's repository not given or missing; nothing to check.\n"
              "  usage: python bench/plexapi_suite.py /path/to/python-plexapi (bare git dir, clone or export)")
        return 0
    from plexsim.server import PlexSim

    with tempfile.TemporaryDirectory(prefix="plexapi-suite-") as tmp:
        work = Path(args.keep) if args.keep else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        source = export(Path(args.repo), work, args.ref)
        tests_dir = work / "tests"
        with PlexSim(library="plexapi-bootstrap", token=None) as sim:
            env = {k: v for k, v in os.environ.items() if not k.startswith("PLEXAPI_")}
            env.update(PLEXAPI_AUTH_SERVER_BASEURL=sim.url, PLEXAPI_CONFIG_PATH=str(work / "no-config.ini"),
                       PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(work))
            nodes = collect(tests_dir, args.files, env)
            reasons = _reasons()
            deselected: list[tuple[str, str]] = []
            keep: list[str] = []
            sources = {f: (tests_dir / f).read_text() for f in args.files}
            for node in nodes:
                file = node.split("::")[0].split("/")[-1]
                name = node.split("::")[-1]
                base = name.split("[")[0]
                why = AUTH_REASON if "[authenticated" in name else None
                why = why or next((r for p, r in reasons if p.search(base)), None)
                why = why or _uses_missing_plugin(sources.get(file, ""), base)
                if why:
                    deselected.append((node, why))
                else:
                    keep.append(node)
            junit = work / "junit.xml"
            keep.sort(key=lambda n: n.split("::")[0])  # files in name order, as a plain `pytest tests` runs them
            cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-o", "junit_family=xunit1",
                   f"--junitxml={junit}", "--timeout=120", *keep]
            if args.kexpr:
                cmd += ["-k", args.kexpr]
            run = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)
            if not junit.exists():
                print(run.stdout[-4000:], run.stderr[-4000:])
                return 1
        return report(junit, deselected, source, args.show_failures, run.stdout)


def report(junit: Path, deselected: list[tuple[str, str]], source: str, show: bool, stdout: str) -> int:
    per_file: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    failures: list[tuple[str, str]] = []
    not_counted: list[tuple[str, str]] = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        file = case.get("file") or case.get("classname", "").replace(".", "/") + ".py"
        file = file.split("/")[-1]
        name = f"{file}::{case.get('name')}"
        kids = {k.tag: k for k in case}
        if "skipped" in kids:
            msg = kids["skipped"].get("message", "")
            kind = "xfail" if "xfail" in kids["skipped"].get("type", "") or "expected" in msg.lower() else "skip"
            not_counted.append((name, f"{kind}: {msg[:100]}"))
            continue
        if "failure" in kids or "error" in kids:
            per_file[file]["failed"] += 1
            k = kids.get("failure", kids.get("error"))
            failures.append((name, (k.get("message") or "").splitlines()[0][:160] if k is not None else ""))
        else:
            per_file[file]["passed"] += 1
    print(f"python-plexapi suite from {source} against plexsim (library plexapi-bootstrap)\n")
    tot_p = tot_f = 0
    for file in sorted(per_file):
        p, f = per_file[file]["passed"], per_file[file]["failed"]
        tot_p += p
        tot_f += f
        print(f"  {file:24} {p:4} passed, {f:3} failed")
    total = tot_p + tot_f
    rate = 100.0 * tot_p / total if total else 0.0
    print(f"  {'TOTAL':24} {tot_p:4} passed, {tot_f:3} failed   ({rate:.1f}% of {total} in scope)\n")
    if failures:
        print("Failing:")
        for name, msg in failures:
            print(f"  {name}" + (f"  -- {msg}" if show else ""))
        print()
    auth = [n for n, why in deselected if why == AUTH_REASON]
    print(f"Deselected as out of scope ({len(deselected)}):")
    print(f"  {len(auth)} tests: {AUTH_REASON}")
    for name, why in deselected:
        if why != AUTH_REASON:
            print(f"  {name.split('/')[-1]}: {why}")
    print(f"\nNot counted: skipped or xfail by the suite itself ({len(not_counted)}):")
    for name, why in not_counted:
        print(f"  {name}: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
