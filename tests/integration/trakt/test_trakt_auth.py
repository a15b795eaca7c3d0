"""Trakt sign-in end to end (device code, polling with an injected sleep, tokens written into
config.yml with its comments kept), the refresh before expiry, and Trakt's rate limit honoured."""

from __future__ import annotations

import argparse
import time

import pytest
from trakt_helpers import CLIENT_ID, SECRET, rows

from kometa.clients.policy import Policy
from kometa.clients.trakt import TraktClient, TraktSettings
from kometa.config.yaml_io import load_yaml
from kometa.core.errors import KometaError
from kometa.core.options import Options


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


CONFIG = """# my config
plex:
  url: {url}
  token: x   # keep me
libraries:
  Movies:
    collection_files: []
trakt:
  client_id: {cid}      # from trakt.tv
  client_secret: {secret}
  pin:
"""


def test_kometa_auth_trakt_signs_in_and_writes_tokens(tmp_path, pair, capsys):
    from kometa.app.auth import run
    pair.meta.meta.trakt.pending_polls = 2
    path = tmp_path / "config.yml"
    path.write_text(CONFIG.format(url=pair.plex.url, cid=CLIENT_ID, secret=SECRET), encoding="utf-8")
    fake = FakeTime()
    code = run(argparse.Namespace(service="trakt"), Options(config=path), sleep=fake.sleep, clock=fake.clock,
               base_url=f"{pair.meta.url}/trakt")
    assert code == 0
    out = capsys.readouterr().out
    assert "https://trakt.tv/activate" in out and "enter the code" in out
    assert fake.sleeps == [5.0, 5.0, 5.0]  # two pending answers, then the tokens
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my config\n") and "# keep me" in text and "# from trakt.tv" in text
    auth = load_yaml(path)["trakt"]["authorization"]
    assert pair.meta.meta.trakt.valid(auth["access_token"])
    assert auth["token_type"] == "bearer" and auth["refresh_token"] and int(auth["expires_in"]) > 0


def test_kometa_auth_trakt_refused_secret_is_one_line(tmp_path, pair):
    from kometa.app.auth import run
    path = tmp_path / "config.yml"
    path.write_text(CONFIG.format(url=pair.plex.url, cid=CLIENT_ID, secret="wrong"), encoding="utf-8")
    fake = FakeTime()
    with pytest.raises(KometaError, match=r"config.yml:8: trakt: Trakt refused the client_id/client_secret"):
        run(argparse.Namespace(service="trakt"), Options(config=path), sleep=fake.sleep, clock=fake.clock,
            base_url=f"{pair.meta.url}/trakt")
    assert "authorization" not in path.read_text(encoding="utf-8")


def test_kometa_auth_trakt_code_expires(tmp_path, pair):
    from kometa.app.auth import run
    pair.meta.meta.trakt.pending_polls = 10_000
    path = tmp_path / "config.yml"
    path.write_text(CONFIG.format(url=pair.plex.url, cid=CLIENT_ID, secret=SECRET), encoding="utf-8")
    fake = FakeTime()
    with pytest.raises(KometaError, match="expired"):
        run(argparse.Namespace(service="trakt"), Options(config=path), sleep=fake.sleep, clock=fake.clock,
            base_url=f"{pair.meta.url}/trakt")
    assert len(fake.sleeps) == 120  # 600 s at 5 s


def test_run_refreshes_an_expiring_token_and_writes_it_back(runner, pair):
    state = pair.meta.meta.trakt
    old = state.issue()
    created = int(time.time()) - int(old["expires_in"]) + 3600  # expires in an hour
    runner.write("""
        collections:
          Watchlist:
            trakt_watchlist: me
    """, trakt=f"trakt:\n  client_id: {CLIENT_ID}  # app\n  client_secret: {SECRET}\n  authorization:\n"
               f"    access_token: {old['access_token']}\n    token_type: bearer\n    expires_in: {old['expires_in']}\n"
               f"    refresh_token: {old['refresh_token']}\n    scope: public\n    created_at: {created}\n")
    r = rows(runner.run())
    assert r["Watchlist"].status == "Created", r["Watchlist"]
    path = runner.folder / "config.yml"
    auth = load_yaml(path)["trakt"]["authorization"]
    assert auth["access_token"] != old["access_token"] and state.valid(auth["access_token"])
    assert auth["refresh_token"] != old["refresh_token"]
    assert "# app" in path.read_text(encoding="utf-8")
    # the old refresh token is spent: a second refresh with it is refused by Trakt
    assert not state.use_refresh(str(old["refresh_token"]))


def test_rate_limit_retry_after_is_honoured(pair):
    fake = FakeTime()
    pair.meta.meta.faults.clock = fake.clock
    pair.meta.set_faults(rate_limit=2)
    try:
        client = TraktClient(TraktSettings(CLIENT_ID, SECRET), None, base_url=f"{pair.meta.url}/trakt",
                             policy=Policy("Trakt", rate=None, concurrency=1))
        client.service.sleep = fake.sleep
        client.service.limiter.clock, client.service.limiter.sleep = fake.clock, fake.sleep
        for _ in range(5):
            assert len(client.chart("movies", "trending", 3)) == 3
    finally:
        pair.meta.clear_faults()
    assert client.service.counters.retries >= 2
    waits = [s for s in fake.sleeps if s]
    assert waits and all(s >= 1.0 for s in waits)  # Retry-After (whole seconds), not the backoff
    assert client.service.down is None


def test_sign_in_posts_go_through_the_policy_and_retry_server_errors(tmp_path, pair):
    from kometa.clients.trakt_auth import device_sign_in
    pair.meta.meta.trakt.pending_polls = 1
    pair.meta.set_faults(error_rate=0.5, error_statuses=[503], seed=3)
    fake = FakeTime()
    try:
        tokens = device_sign_in(CLIENT_ID, SECRET, lambda line: None, base_url=f"{pair.meta.url}/trakt",
                                sleep=fake.sleep, clock=fake.clock)
    finally:
        pair.meta.clear_faults()
    assert pair.meta.meta.trakt.valid(tokens["access_token"])
    statuses = pair.meta.stats()["by_status"]
    assert statuses.get("503", 0) > 0  # some answers were 503: retried (backoff through the injected sleep)
    assert any(s in (0.5, 1.0) for s in fake.sleeps)


def test_sign_in_against_nothing_is_one_line(tmp_path):
    from kometa.clients.trakt_auth import AuthFailed, device_sign_in
    with pytest.raises(AuthFailed, match=r"Trakt: cannot reach http://127\.0\.0\.1:9/trakt"):
        device_sign_in(CLIENT_ID, SECRET, lambda line: None, base_url="http://127.0.0.1:9/trakt",
                       sleep=lambda s: None)
