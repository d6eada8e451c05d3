"""The bench harness end to end: a few operations, few runs, no injected latency."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.run import Options, run
from tests.operations import operation


def _run(tmp_path: Path, document: str, *only: str) -> dict[str, Any]:
    contract = tmp_path / "contract"
    contract.mkdir()
    (contract / "operations.graphql").write_text(document)
    options = Options(
        delay_ms=0,
        iterations=1,
        concurrency=2,
        concurrent_requests=2,
        phase_seconds=0,
        operations=only,
        contract=contract,
        data_profile="small",
        mix_seconds=0,
        output=tmp_path / "results",
    )
    path, _ = run(options)
    saved: dict[str, Any] = json.loads(path.read_text())
    return saved


def test_one_operation_writes_calls_and_rounds(tmp_path: Path) -> None:
    saved = _run(tmp_path, "query CategoryTree { categories { id name } }\n")

    (entry,) = saved["operations"]
    assert entry["status"] == "served"
    assert (entry["gateway"]["calls"], entry["gateway"]["rounds"]) == (1, 1)
    assert entry["gateway"]["call_list"] == [
        {"operation": "Scan", "tables": ["Categories"], "keys": 0}
    ]
    assert (entry["floor"]["calls"], entry["floor"]["rounds"]) == (1, 1)
    assert entry["gateway"]["c1"]["n"] == 1
    assert entry["gateway"]["concurrency"] == 2


def test_the_naive_schema_sends_its_calls_one_after_another(tmp_path: Path) -> None:
    my_orders, login = (
        operation("orders.graphql", "MyOrders"),
        operation("sign_in.graphql", "Login"),
    )
    saved = _run(tmp_path, my_orders + "\n" + login, "MyOrders")

    (entry,) = saved["operations"]
    assert entry["status"] == "served", entry["status"]
    naive, gateway = entry["naive"], entry["gateway"]
    assert not naive["errors"]
    assert naive["rounds"] == naive["calls"] > gateway["calls"] >= gateway["rounds"]
    assert naive["one_request_at_a_time"]
