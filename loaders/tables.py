"""Creating the tables of the model, and checking that they exist."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from loaders.category_page_backfill import backfill_category_pages
from loaders.dynamo import DynamoClient
from loaders.model import FILTERS, TABLES, IndexKind, Table
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
            await add_missing_indexes(client, table, name, report)
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
    new_filters = prefix + FILTERS.name in created
    await backfill_category_pages(client, prefix, report, count_facets=new_filters)
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


def _global_index_names(description: dict[str, Any]) -> set[str]:
    return {i["IndexName"] for i in description["Table"].get("GlobalSecondaryIndexes", [])}


async def add_missing_indexes(
    client: DynamoClient, table: Table, name: str, report: Callable[[str], None]
) -> list[str]:
    """Add the model's global indexes an existing table lacks (the additions to the storage
    contract, on tables made before them), one UpdateTable each, as DynamoDB requires;
    DynamoDB fills them from the existing items in the background. Returns their names.
    A local index cannot be added to an existing table: its absence is reported only."""
    present = _global_index_names(await client.describe_table(TableName=name))
    definition = table_definition(table, name)
    types = {a["AttributeName"]: a for a in definition["AttributeDefinitions"]}
    added = []
    for index in definition.get("GlobalSecondaryIndexes", []):
        if index["IndexName"] in present:
            continue
        keys = [k["AttributeName"] for k in index["KeySchema"]]
        await client.update_table(
            TableName=name,
            AttributeDefinitions=[types[k] for k in keys],
            GlobalSecondaryIndexUpdates=[{"Create": index}],
        )
        report(f"index {index['IndexName']} added to table {name}")
        added.append(index["IndexName"])
    return added


async def missing_tables(client: DynamoClient, prefix: str) -> list[str]:
    """The model's tables that the endpoint does not have (or cannot show us), and the
    global indexes missing from the tables it has (as `<table>.<index>`)."""

    async def missing(table: Table) -> list[str]:
        name = prefix + table.name
        try:
            description = await client.describe_table(TableName=name)
        except ClientError as error:
            if error.response["Error"]["Code"] == "ResourceNotFoundException":
                return [name]
            raise
        present = _global_index_names(description)
        return [
            f"{name}.{index.name}"
            for index in table.indexes
            if index.kind is IndexKind.GLOBAL and index.name not in present
        ]

    found = await asyncio.gather(*(missing(t) for t in TABLES))
    return [name for names in found for name in names]
