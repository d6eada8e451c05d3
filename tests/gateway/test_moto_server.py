"""The embedded engine's partition-sized Query (gateway/moto_server.py) answers what moto's
own would, after every kind of write."""

from __future__ import annotations

import uuid
from typing import Any

from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from loaders.model import PRODUCTS


def _string(value: str) -> dict[str, str]:
    return {"S": value}


async def _index_partition(dynamodb: DynamoClient, table: str, category: str) -> list[str]:
    response = await dynamodb.query(
        TableName=table,
        IndexName="CategoryPriceIndex",
        KeyConditionExpression="gsi1pk = :category",
        ExpressionAttributeValues={":category": _string(category)},
    )
    return [item["pk"]["S"] for item in response["Items"]]


async def test_an_index_partition_follows_puts_updates_and_deletes(
    dynamodb: DynamoClient, settings: Settings
) -> None:
    table = settings.table_prefix + PRODUCTS.name
    category, other = f"moto-{uuid.uuid4().hex}", f"moto-{uuid.uuid4().hex}"
    key: dict[str, Any] = {"pk": _string("p-moto-1"), "sk": _string("INFO")}

    await dynamodb.put_item(
        TableName=table,
        Item=key | {"gsi1pk": _string(category), "gsi1sk": _string("000000000100#p-moto-1")},
    )
    assert await _index_partition(dynamodb, table, category) == ["p-moto-1"]

    await dynamodb.update_item(
        TableName=table,
        Key=key,
        UpdateExpression="SET gsi1pk = :other",
        ExpressionAttributeValues={":other": _string(other)},
    )
    assert await _index_partition(dynamodb, table, category) == []
    assert await _index_partition(dynamodb, table, other) == ["p-moto-1"]

    await dynamodb.delete_item(TableName=table, Key=key)
    assert await _index_partition(dynamodb, table, other) == []


async def test_a_table_partition_is_its_items_in_key_order(
    dynamodb: DynamoClient, settings: Settings
) -> None:
    table = settings.table_prefix + PRODUCTS.name
    partition = f"p-moto-{uuid.uuid4().hex}"
    for sort_key in ("IMAGE#2", "IMAGE#1", "INFO"):
        await dynamodb.put_item(
            TableName=table, Item={"pk": _string(partition), "sk": _string(sort_key)}
        )

    response = await dynamodb.query(
        TableName=table,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :images)",
        ExpressionAttributeValues={":pk": _string(partition), ":images": _string("IMAGE#")},
        ScanIndexForward=False,
    )

    assert [item["sk"]["S"] for item in response["Items"]] == ["IMAGE#2", "IMAGE#1"]
    missing = await dynamodb.query(
        TableName=table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": _string(partition + "-none")},
    )
    assert missing["Items"] == []
