"""A node client reaches the gateway served over TCP (the harness of tests/real_clients.py)."""

from __future__ import annotations

from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from tests.real_clients import run_node, served_gateway


async def test_node_client_gets_an_answer(settings: Settings, dynamodb: DynamoClient) -> None:
    async with served_gateway(settings) as url:
        result = await run_node("fetch_typename.js", f"{url}/graphql")
    assert result == {"status": 200, "body": {"data": {"__typename": "Query"}}}
