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
