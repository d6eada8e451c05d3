"""`/metrics` after a few requests: the counters moved by what the requests did."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from gateway.observability.metrics import (
    MAX_OPERATION_NAMES,
    NONE,
    OTHER,
    Metrics,
    share_between_workers,
)
from gateway.settings import Settings
from tests.apps import client_for
from tests.factories import Catalog
from tests.faults.conftest import Injector, throttled
from tests.graphql_client import GraphQLClient
from tests.observability.conftest import Observed

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: GraphQLClient) -> Samples:
    response = await client.http.get("/metrics")
    assert response.status_code == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_metrics_count_requests_errors_calls_retries_and_capacity(
    observed: Observed, observed_graphql: GraphQLClient, catalog: Catalog
) -> None:
    before = await scrape(observed_graphql)
    ok = await observed_graphql("query Tree { categories { id } }")
    assert ok.data["categories"]
    failed = await observed_graphql("query Broken { categories { nope } }")
    assert failed.error_codes == ["GRAPHQL_VALIDATION_FAILED"]
    heavy = await observed_graphql(
        "query Cards($ids: [ID!]!) { products(ids: $ids) { id sellers { seller { id } } } }",
        {"ids": catalog.headphone_ids},
    )
    assert len(heavy.data["products"]) == 2
    refused = await observed_graphql.http.put("/graphql")
    assert refused.status_code == 405
    injector = Injector(observed.client)
    injector.before("Scan", throttled("ThrottlingException"), times=1)
    try:
        throttled_once = await observed_graphql("query Tree { categories { id } }")
    finally:
        injector.remove_all()
    assert throttled_once.data == ok.data

    after = await scrape(observed_graphql)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("gateway_requests_total", operation="Tree", status="200") == 2
    assert moved("gateway_requests_total", operation="Broken", status="200") == 1
    assert moved("gateway_requests_total", operation="Cards", status="200") == 1
    assert moved("gateway_requests_total", operation=NONE, status="405") == 1
    assert moved("gateway_request_duration_seconds_count", operation="Tree") == 2
    assert moved("gateway_errors_total", code="GRAPHQL_VALIDATION_FAILED") == 1
    # Tree: 1 Scan, then 2 with the throttled one; Cards: the products and their listings.
    assert moved("gateway_dynamodb_calls_total", operation="Scan", table="test-Categories") == 3
    cards = heavy.calls
    for operation in {c["operation"] for c in cards}:
        for table in {t for c in cards if c["operation"] == operation for t in c["tables"]}:
            expected = sum(1 for c in cards if c["operation"] == operation and table in c["tables"])
            got = moved("gateway_dynamodb_calls_total", operation=operation, table=table)
            assert got == expected, (operation, table)
    assert moved("gateway_dynamodb_retries_total", reason="throttled") == 1
    assert moved("gateway_dynamodb_call_failures_total", operation="Scan", failure="throttled") == 1
    read = sum(c["readCapacity"] for c in heavy.calls)
    assert read > 0
    products_read = moved(
        "gateway_dynamodb_consumed_capacity_units_total", table="test-Products", kind="read"
    )
    assert products_read == read


def test_operation_names_are_capped() -> None:
    metrics = Metrics()
    names: list[Any] = [f"Op{n}" for n in range(MAX_OPERATION_NAMES)]
    assert [metrics.operation_label([n]) for n in names] == names
    assert metrics.operation_label(["OneTooMany"]) == OTHER
    assert metrics.operation_label(["Op7"]) == "Op7"
    assert metrics.operation_label([None]) == "(anonymous)"
    assert metrics.operation_label(["A", "B"]) == "(batch)"


def test_several_workers_share_one_fresh_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    share_between_workers(1)
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ
    share_between_workers(2)
    assert Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).is_dir()
    (tmp_path / "counter_123.db").write_bytes(b"stale")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    share_between_workers(4)
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(tmp_path)
    assert list(tmp_path.iterdir()) == []


async def test_a_metrics_token_keeps_other_scrapers_out(settings: Settings) -> None:
    async with client_for(settings, metrics_token=SecretStr("scrape-secret")) as client:
        anonymous = await client.http.get("/metrics")
        wrong = await client.http.get("/metrics", headers={"Authorization": "Bearer nope"})
        right = await client.http.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
    assert (anonymous.status_code, wrong.status_code) == (401, 401)
    assert "gateway_requests_total" not in anonymous.text
    assert right.status_code == 200
    assert right.headers["content-type"].startswith("text/plain")
