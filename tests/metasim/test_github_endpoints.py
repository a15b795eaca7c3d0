"""metasim's GitHub stand-in: commits -> root tree -> sub-trees, raw files, GitHub's errors; ThePosterDB assets."""

from __future__ import annotations

import hashlib

import requests


def test_commits_trees_and_raw_files(fresh_metasim):
    meta = fresh_metasim
    meta.put_repo("someone/sets", {"Ice Age (2002)/poster.jpg": b"\xff\xd8jpg", "Ice Age (2002)/background.url":
                                   "https://images.example/bg.jpg\n", "readme.md": "hello"})
    api = f"{meta.url}/github"
    commits = requests.get(f"{api}/repos/someone/sets/commits", timeout=5).json()
    assert len(commits) == 1 and set(commits[0]) >= {"sha", "commit", "url", "html_url"}
    tree_url = commits[0]["commit"]["tree"]["url"]
    assert tree_url.startswith(f"{api}/repos/someone/sets/git/trees/")
    top = requests.get(tree_url, timeout=5).json()
    assert top["truncated"] is False and [(e["path"], e["type"]) for e in top["tree"]] == [
        ("Ice Age (2002)", "tree"), ("readme.md", "blob")]
    readme = top["tree"][1]
    assert readme["sha"] == hashlib.sha1(b"blob 5\0hello").hexdigest() and readme["size"] == 5  # git's blob id
    folder = requests.get(top["tree"][0]["url"], timeout=5).json()
    assert [e["path"] for e in folder["tree"]] == ["background.url", "poster.jpg"]
    raw = requests.get(f"{meta.url}/github-raw/someone/sets/master/Ice%20Age%20(2002)/poster.jpg", timeout=5)
    assert raw.status_code == 200 and raw.headers["Content-Type"] == "image/jpeg" and raw.content == b"\xff\xd8jpg"
    assert requests.get(f"{meta.url}/github-raw/someone/sets/main/readme.md", timeout=5).status_code == 404
    meta.put_repo("someone/sets", {"readme.md": "changed"})
    assert len(requests.get(f"{api}/repos/someone/sets/commits", timeout=5).json()) == 2  # a new commit


def test_github_errors_and_tpdb(fresh_metasim):
    meta = fresh_metasim
    missing = requests.get(f"{meta.url}/github/repos/nobody/none/commits", timeout=5)
    assert missing.status_code == 404 and missing.json()["message"] == "Not Found"
    made = requests.post(f"{meta.url}/_sim/github/a/b", json={"files": {"x.txt": "y"}}, timeout=5)
    assert made.status_code == 200 and len(made.json()["sha"]) == 40
    assert requests.get(f"{meta.url}/github-raw/a/b/master/x.txt", timeout=5).text == "y"
    poster = requests.get(f"{meta.url}/tpdb/api/assets/293608", timeout=5)
    assert poster.status_code == 200 and poster.headers["Content-Type"] == "image/jpeg"
    assert requests.get(f"{meta.url}/tpdb/api/assets/abc", timeout=5).status_code == 404
