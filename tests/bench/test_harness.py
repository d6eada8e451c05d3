"""The bench harness end to end: one operation, one run, no injected latency."""

from __future__ import annotations

import json
from pathlib import Path

from bench.run import Options, run


def test_one_operation_writes_calls_and_rounds(tmp_path: Path) -> None:
    contract = tmp_path / "contract"
    contract.mkdir()
    (contract / "catalog.graphql").write_text("query CategoryTree { categories { id name } }\n")
    options = Options(
        delay_ms=0,
        iterations=1,
        concurrency=1,
        concurrent_requests=1,
        contract=contract,
        data_profile="small",
        mix_seconds=0,
        output=tmp_path / "results",
    )

    path, _ = run(options)

    saved = json.loads(path.read_text())
    (entry,) = saved["operations"]
    assert entry["status"] == "served"
    assert (entry["gateway"]["calls"], entry["gateway"]["rounds"]) == (1, 1)
    assert entry["gateway"]["call_list"] == [
        {"operation": "Scan", "tables": ["Categories"], "keys": 0}
    ]
    assert (entry["floor"]["calls"], entry["floor"]["rounds"]) == (1, 1)
    assert entry["gateway"]["c1"]["n"] == 1
