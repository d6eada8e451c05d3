"""`python -m bench compare`: the gateway's figures of two runs side by side."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.__main__ import main


def _run(started: str, calls: int, p50: float) -> dict[str, Any]:
    latency = {"n": 30, "p50": p50, "p99": p50 * 2}
    gateway = {
        "calls": calls,
        "rounds": 2,
        "cpu_ms": 10.0,
        "c1": latency,
        "c32": latency,
        "concurrency": 32,
    }
    return {
        "started": started,
        "settings": {"delay_ms": 5.0},
        "operations": [
            {"operation": "ProductPage", "status": "served", "gateway": gateway},
            {"operation": "SearchProducts", "status": "not served"},
        ],
        "mix": None,
    }


def test_compare_shows_both_runs_and_the_latency_ratio(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = tmp_path / "a.json", tmp_path / "b.json"
    before.write_text(json.dumps(_run("A-run", calls=6, p50=40.0)))
    after.write_text(json.dumps(_run("B-run", calls=4, p50=30.0)))

    assert main(["compare", str(before), str(after)]) == 0

    lines = capsys.readouterr().out.splitlines()
    (product,) = [line for line in lines if line.startswith("ProductPage")]
    assert product.split()[1:2] == ["6→4"]
    assert product.split()[-1] == "0.75"
    assert any(line.startswith("SearchProducts") and "not served" in line for line in lines)
