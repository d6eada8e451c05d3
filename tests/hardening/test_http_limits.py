"""Limits of HTTP, in every environment: body size (413), JSON only (415), batches (400
unless turned on), and the time limit (TIMEOUT, 504)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

import resolvers.catalog
from gateway.settings import Settings
from tests.apps import client_for
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient


async def test_a_body_over_its_declared_limit_is_refused_unread(graphql: GraphQLClient) -> None:
    response = await graphql.http.post(
        "/graphql",
        content=b"{" + b" " * 2_000_000 + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert "limit of 1048576 bytes" in response.text


async def test_a_streamed_body_is_refused_once_it_passes_the_limit(
    graphql: GraphQLClient,
) -> None:
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal sent
        yield b'{"query": "{ __typename }", "pad": "'
        for _ in range(100):  # 6.4 MB, without a Content-Length
            sent += 1
            yield b"x" * 65_536
        yield b'"}'

    response = await graphql.http.post(
        "/graphql", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "content-length" not in response.request.headers
    assert sent < 100  # refused before the rest was read


async def test_body_limit_is_a_setting(settings: Settings) -> None:
    async with client_for(settings, max_body_bytes=2048) as client:
        small = await client("{ __typename }", trace=False)
        large = await client.http.post(
            "/graphql", json={"query": "{ __typename }", "variables": {"pad": "x" * 3000}}
        )
    assert small.data == {"__typename": "Query"}
    assert large.status_code == 413


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=b", "text/plain"],
)
async def test_only_json_is_accepted_in_development_too(
    graphql: GraphQLClient, content_type: str
) -> None:
    response = await graphql.http.post(
        "/graphql", content=b'{"query": "{ __typename }"}', headers={"Content-Type": content_type}
    )
    assert response.status_code == 415


async def test_json_with_a_charset_is_accepted(graphql: GraphQLClient) -> None:
    response = await graphql.http.post(
        "/graphql",
        content=b'{"query": "{ __typename }"}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_batches_are_off_by_default(graphql: GraphQLClient) -> None:
    response = await graphql.http.post("/graphql", json=[{"query": "{ __typename }"}] * 2)
    assert response.status_code == 400
    assert response.text == "Batched operations (a JSON array) are off: send one per request."


async def test_batches_when_turned_on(settings: Settings, catalog: Catalog) -> None:
    async with client_for(settings, allow_batching=True, max_batch_size=3) as client:
        two = await client.http.post(
            "/graphql",
            json=[{"query": "{ __typename }"}, {"query": "{ categories { id } }"}],
        )
        four = await client.http.post("/graphql", json=[{"query": "{ __typename }"}] * 4)
    assert two.status_code == 200
    first, second = two.json()
    assert first == {"data": {"__typename": "Query"}}
    assert second["data"]["categories"]
    assert four.status_code == 400
    assert four.text == "A batch holds at most 3 operations."


async def test_a_slow_request_times_out(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def stuck(*_: object) -> None:
        await asyncio.sleep(30)

    monkeypatch.setattr(resolvers.catalog, "seller", stuck)
    async with client_for(settings, request_timeout_seconds=0.05) as client:
        response = await client('{ seller(id: "s-acme") { id } }', trace=False)
    assert response.status == 504
    assert response.body["data"] is None
    assert response.error_codes == ["TIMEOUT"]
    assert response.body["errors"][0]["message"] == (
        "The request took longer than its time limit of 0.05 s."
    )


async def test_a_lone_surrogate_is_malformed_json_not_an_internal_error(
    graphql: GraphQLClient,
) -> None:
    """`"\\ud800"` decodes to no text DynamoDB would store: refused at the edge (400)."""
    body = b'{"query": "mutation($n: String!) { createWishlist(name: $n) { errors { code } } }",'
    body += b' "variables": {"n": "\\ud800"}}'
    response = await graphql.http.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "INTERNAL_SERVER_ERROR" not in response.text
