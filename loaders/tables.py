"""Creating the tables of the model, and checking that they exist."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from loaders.dynamo import DynamoClient
from loaders.model import TABLES, IndexKind, Table
from loaders.streams import STREAM_SPECIFICATION, enable_streams


def table_definition(table: Table, physical_name: str) -> dict[str, Any]:
    """The CreateTable request for a table of the model (on-demand capacity)."""
    attributes = {table.partition_key, table.sort_key}
    globals_: list[dict[str, Any]] = []
    locals_: list[dict[str, Any]] = []
    for index in table.indexes:
        attributes.update((index.partition_key, index.sort_key))
        definition = {
            "IndexName": index.name,
            "KeySchema": [
                {"AttributeName": index.partition_key, "KeyType": "HASH"},
                {"AttributeName": index.sort_key, "KeyType": "RANGE"},
            ],
            "Projection": {"ProjectionType": "ALL"},
        }
        (globals_ if index.kind is IndexKind.GLOBAL else locals_).append(definition)
    request: dict[str, Any] = {
        "TableName": physical_name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": "S"} for name in sorted(attributes)
        ],
        "KeySchema": [
            {"AttributeName": table.partition_key, "KeyType": "HASH"},
            {"AttributeName": table.sort_key, "KeyType": "RANGE"},
        ],
    }
    if globals_:
        request["GlobalSecondaryIndexes"] = globals_
    if locals_:
        request["LocalSecondaryIndexes"] = locals_
    if table.streamed:
        request["StreamSpecification"] = STREAM_SPECIFICATION
    return request


async def create_tables(
    client: DynamoClient, prefix: str, report: Callable[[str], None] = lambda _: None
) -> list[str]:
    """Create every table that does not exist yet, with its indexes, TTL and stream.

    Safe to run twice: existing tables keep their items and get the stream they lack.
    Returns the names created.
    """

    async def create(table: Table) -> str | None:
        name = prefix + table.name
        try:
            await client.create_table(**table_definition(table, name))
        except ClientError as error:
            if error.response["Error"]["Code"] != "ResourceInUseException":
                raise
            report(f"table {name} exists")
            return None
        await client.get_waiter("table_exists").wait(
            TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120}
        )
        report(f"table {name} created")
        if table.ttl_attribute:
            await _enable_ttl(client, name, table.ttl_attribute, report)
        return name

    created = await asyncio.gather(*(create(t) for t in TABLES))
    await enable_streams(client, prefix, report)  # on tables made before live updates
    return [name for name in created if name]


async def _enable_ttl(
    client: DynamoClient, name: str, attribute: str, report: Callable[[str], None]
) -> None:
    """TTL on `attribute`; an engine without it (dynalite has no UpdateTimeToLive) gets a
    warning, not a failure: every read already treats an expired item as absent."""
    try:
        await client.update_time_to_live(
            TableName=name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": attribute},
        )
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "") or "an error"
        report(
            f"warning: table {name}: TTL on {attribute} not set ({code}); expired items are"
            " ignored by reads but stay stored until deleted"
        )


async def missing_tables(client: DynamoClient, prefix: str) -> list[str]:
    """The model's tables that the endpoint does not have (or cannot show us)."""

    async def missing(table: Table) -> str | None:
        name = prefix + table.name
        try:
            await client.describe_table(TableName=name)
        except ClientError as error:
            if error.response["Error"]["Code"] == "ResourceNotFoundException":
                return name
            raise
        return None

    return [n for n in await asyncio.gather(*(missing(t) for t in TABLES)) if n]
