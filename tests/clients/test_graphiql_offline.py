"""GraphiQL with no internet: Debian's headless Chromium opens the gateway's GraphiQL with
every request to another host aborted, loads the schema, runs a query typed in the editor,
then again with the bearer token typed in the Headers tab (tests/js/graphiql_offline.js)."""

from __future__ import annotations

import json
from typing import Any

from gateway.graphiql import page_assets
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from tests.accounts.factories import write_account
from tests.real_clients import chromium_path, run_node, served_gateway


def shown(pane: str) -> Any:
    """The JSON a GraphiQL response pane shows (its indentation is non-breaking spaces)."""
    return json.loads(pane.replace("\u00a0", " "))


async def test_graphiql_needs_no_network_but_the_gateways(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    shopper = write_account(settings, password_hash="never-checked-by-this-test")
    async with served_gateway(settings) as gateway:
        page = await run_node(
            "graphiql_offline.js", chromium_path(), f"{gateway}/graphql", shopper.token
        )
    assert page["blocked"] == []  # no request left for another host
    assert page["errors"] == []  # and no script failed
    assert all(line.split(" ")[1].startswith(f"{gateway}/") for line in page["served"])
    assets = sorted(f"200 {gateway}/{url}" for url in page_assets())
    assert sorted(line for line in page["served"] if "/graphiql/" in line) == assets
    assert all(line.startswith("200 ") for line in page["served"])
    assert page["schema"] == "Query"  # introspected
    assert "query: Query" in page["docs"]  # and shown in the documentation explorer
    assert page["typed"] == "query Me { viewer { id } }"
    assert shown(page["anonymous"]) == {"data": {"viewer": None}}
    assert shown(page["signedIn"]) == {"data": {"viewer": {"id": shopper.user_id}}}
