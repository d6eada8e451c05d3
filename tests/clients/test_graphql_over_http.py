"""Third-party clients of the GraphQL-over-HTTP spec against the gateway served over TCP:
graphql-http's audit suite, and Apollo Client 4 (persisted queries by GET, error codes)."""

from __future__ import annotations

import asyncio

import pytest

import resolvers.catalog
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from tests.factories import Catalog
from tests.real_clients import run_node, served_gateway

SPEC = "application/graphql-response+json; charset=utf-8"
ENVIRONMENTS = [
    pytest.param("development", id="development"),
    pytest.param("production", id="production"),
]


@pytest.mark.parametrize("env", ENVIRONMENTS)
async def test_the_graphql_over_http_audit_passes(
    settings: Settings, dynamodb: DynamoClient, env: str
) -> None:
    # Introspection on: one audit asks for `__type`.
    async with served_gateway(settings, env=env, allow_introspection=True) as url:
        report = await run_node("audit.js", f"{url}/graphql")
    counts = {status: report[status] for status in ("ok", "warn", "error", "notice")}
    print(f"graphql-http auditServer, {env}: {report['total']} audits, {counts}")
    assert (report["error"], report["warn"]) == (0, 0), report["notPassed"]
    # What is left are MAYs a production gateway declines: a query's text by GET.
    declined = {audit["id"] for audit in report["notPassed"]}
    assert declined == (set() if env == "development" else {"5A70", "D6D5", "6A70"})


@pytest.mark.parametrize("env", ENVIRONMENTS)
async def test_apollo_persisted_queries_by_get(
    settings: Settings, catalog: Catalog, env: str
) -> None:
    async with served_gateway(settings, env=env) as url:
        report = await run_node("apollo_persisted_get.js", f"{url}/graphql")
    exchanges = [
        (e["method"], e["sentText"], e["status"], e["contentType"], e["codes"])
        for e in report["exchanges"]
    ]
    assert exchanges == [
        # The first browser: the hash alone is unknown, then the text registers it.
        ("GET", False, 404, SPEC, ["PERSISTED_QUERY_NOT_FOUND"]),
        ("POST", True, 200, SPEC, []),
        # The second browser: the hash alone, by GET, is enough.
        ("GET", False, 200, SPEC, []),
    ]
    first, second = report["results"]
    assert first == second
    assert "electronics" in first


async def test_apollo_reads_the_code_of_a_timeout(
    settings: Settings, dynamodb: DynamoClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def stuck(*_: object) -> None:
        await asyncio.sleep(30)

    monkeypatch.setattr(resolvers.catalog, "seller", stuck)
    async with served_gateway(settings, request_timeout_seconds=0.05) as url:
        error = await run_node(
            "apollo_error_code.js", f"{url}/graphql", '{ seller(id: "s-acme") { id } }'
        )
    # Not an opaque ServerError: the 504 comes as a GraphQL response Apollo reads.
    assert error == {"name": "CombinedGraphQLErrors", "codes": ["TIMEOUT"]}
