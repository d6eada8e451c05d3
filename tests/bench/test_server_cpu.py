"""`python -m bench server-cpu`: the gateway and the floor served as processes of their own,
their CPU per request read from /proc."""

from __future__ import annotations

import json
import os
from pathlib import Path

from bench.server_cpu import CpuOptions, process_cpu_seconds, run


def test_a_process_cpu_time_grows_with_its_work() -> None:
    before = process_cpu_seconds(os.getpid())
    sum(i * i for i in range(200_000))
    assert process_cpu_seconds(os.getpid()) > before


def test_each_server_reports_its_cpu_per_request(tmp_path: Path) -> None:
    contract = tmp_path / "contract"
    contract.mkdir()
    (contract / "operations.graphql").write_text(
        "query CategoryTree { categories { id name } }\n"
        'subscription Ticks { productAvailability(productId: "p") { productId } }\n'
    )
    # Against a checkout (here this one): its gateway served beside, a before and after.
    this_checkout = Path(__file__).resolve().parents[2]
    options = CpuOptions(
        samples=1,
        requests=2,
        operations=("CategoryTree",),
        contract=contract,
        against=this_checkout,
    )
    path = run(options, delay_ms=0, data_profile="small", output=tmp_path / "results")

    (entry,) = json.loads(path.read_text())["operations"]
    assert entry["status"] == "served"
    servers = ("cache on", "cache off", "before on", "before off", "floor")
    assert all(entry[server] > 0 for server in servers)


def test_the_mix_is_measured_alone_at_once_and_as_a_loaded_process_sees_it(
    tmp_path: Path,
) -> None:
    options = CpuOptions(
        samples=1,
        mix_requests=3,
        mix_users=2,
        mix_rate=200.0,
        loaded_users=3,
        process_rate=500.0,
        only_mix=True,
        contract=Path(__file__).resolve().parents[1] / "operations",
    )
    path = run(options, delay_ms=0, data_profile="small", output=tmp_path / "results")

    result = json.loads(path.read_text())
    assert result["operations"] == []
    for row in ("mix", "mix_loaded", "mix_scaled"):
        assert result[row]["cache on"] > 0
    assert result["mix_loaded"]["users"] == 2
    # The paced mix's gateway keeps its catalog entries 500/200 times the default 5 s.
    assert result["mix_scaled"]["cache_seconds"] == 12.5
    assert result["mix_scaled"]["users"] == 3
    assert "cache off" not in result["mix_scaled"]
    # What the gateway was sent, a second: no more than asked (its 9 requests, the first at
    # once, take at least 8/200 s).
    (sent,) = result["mix_scaled"]["achieved"].values()
    assert 0 < sent <= 9 / (8 / 200)
