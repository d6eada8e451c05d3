"""The streams are an addition to the storage contract: `tables create` turns them on, on
tables that exist too, and /readyz names a table whose stream is off."""

from __future__ import annotations

from gateway.app import create_app
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from loaders.model import TABLES
from loaders.streams import STREAMED_TABLES
from loaders.tables import create_tables, table_definition
from tests.accounts.factories import unique
from tests.graphql_client import GraphQLClient


async def test_tables_create_turns_on_a_missing_stream(
    dynamodb: DynamoClient, settings: Settings
) -> None:
    prefix = unique("streams-") + "-"
    for table in TABLES:  # tables made before live updates: no stream
        definition = table_definition(table, prefix + table.name)
        definition.pop("StreamSpecification", None)
        await dynamodb.create_table(**definition)
    streamed = sorted(prefix + table.name for table in STREAMED_TABLES)
    app = create_app(settings.model_copy(update={"table_prefix": prefix}))
    async with app.router.lifespan_context(app), GraphQLClient.over(app) as client:
        refused = await client.http.get("/readyz")
        said: list[str] = []
        assert await create_tables(dynamodb, prefix, said.append) == []  # none created
        ready = await client.http.get("/readyz")
    assert refused.status_code == 503
    assert sorted(refused.json()["missingStreams"]) == streamed
    assert f"table {prefix}Cart: stream enabled (NEW_AND_OLD_IMAGES, for live updates)" in said
    assert ready.status_code == 200
    for table in STREAMED_TABLES:
        described = await dynamodb.describe_table(TableName=prefix + table.name)
        assert described["Table"]["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
