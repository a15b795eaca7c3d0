"""TVDb answering 429 with Retry-After (metasim's per-service rate limit): the run waits as told and
rides the storm out — right members, right missing titles, no error — and says it retried."""

from __future__ import annotations

from test_tvdb_runs import members, run, shows, tvdb_requests


def test_a_tvdb_429_storm_is_ridden_out(pair, tmp_path):
    have, lack = shows(pair, True), shows(pair, False)
    pair.meta.reset_stats()
    pair.meta.set_faults(rate_limit=1, seed=3)  # more than one request a second to TVDb: 429, Retry-After: 1
    try:
        r = run(pair, tmp_path, f"""
            collections:
              Stormy:
                tvdb_show_details: {have[0].tvdb_id}, {have[1].tvdb_id}, {lack[0].tvdb_id}, {lack[1].tvdb_id}, {lack[2].tvdb_id}
                collection_order: custom
        """, library="TV Shows")
    finally:
        pair.meta.clear_faults()
    by_status = pair.meta.stats()["by_status"]
    assert by_status.get("429", 0) > 0, by_status  # the storm really happened
    assert r["Stormy"].error is None, r["Stormy"]
    assert [t.tvdb_id for t in members(pair, "Stormy", "TV Shows")] == [have[0].tvdb_id, have[1].tvdb_id]
    assert r["Stormy"].missing == 3
    line = next(line for line in r["__report__"].online if line.startswith("TVDb"))
    assert "retr" in line and not line.startswith("TVDb: 0 request"), line
    pair.meta.reset_stats()
    again = run(pair, tmp_path, f"""
        collections:
          Stormy:
            tvdb_show_details: {have[0].tvdb_id}, {have[1].tvdb_id}, {lack[0].tvdb_id}, {lack[1].tvdb_id}, {lack[2].tvdb_id}
            collection_order: custom
    """, library="TV Shows")
    assert again["Stormy"].status == "Unchanged" and tvdb_requests(pair) == 0  # what was read is cached
