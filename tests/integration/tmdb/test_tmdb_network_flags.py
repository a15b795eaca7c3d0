"""--timeout and --no-verify-ssl reach every external service a run calls (Kometa's meaning)."""

from __future__ import annotations

from datetime import datetime

from tmdb_helpers import rows

from kometa.clients.policy import Network, Policy, Service, network
from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config

CHART = """
collections:
  Popular:
    tmdb_popular: 5
"""


def test_services_made_during_a_run_take_its_timeout_and_tls_choice():
    policy = Policy("X", timeout=20.0)
    with network(Network(timeout=3, verify=False)):
        inside = Service(policy, "http://127.0.0.1:9")
    outside = Service(policy, "http://127.0.0.1:9")
    assert (inside.policy.timeout, inside.session.verify) == (3.0, False)
    assert (outside.policy.timeout, outside.session.verify) == (20.0, True)


def _run(tmdb, **flags):
    path = tmdb.write(CHART)
    ctx = RunContext(config=load_config(path), options=Options(config=path, run=True, **flags),
                     moment=datetime.now().astimezone())
    return process_config(ctx)


def test_timeout_bounds_each_request_to_a_slow_service(tmdb):
    tmdb.pair.meta.set_faults(latency_ms=1500)
    report = _run(tmdb, timeout=1)
    row = rows(report)["Popular"]
    assert row.error is not None and "TMDb" in row.status and "cannot reach" in row.error, (row.status, row.error)
    assert report.library("Movies").result == "success"  # only what needs TMDb failed
    tmdb.pair.meta.clear_faults()
    tmdb.pair.meta.set_faults(latency_ms=300)
    report = _run(tmdb, timeout=5)
    assert rows(report)["Popular"].error is None


def test_no_verify_ssl_reaches_the_services_of_the_run(tmdb, monkeypatch):
    seen: list[bool] = []
    original = Service.__post_init__

    def spy(self):
        original(self)
        seen.append(self.session.verify)

    monkeypatch.setattr(Service, "__post_init__", spy)
    _run(tmdb, no_verify_ssl=True)
    assert seen and not any(seen)
    seen.clear()
    _run(tmdb)
    assert seen and all(seen)
