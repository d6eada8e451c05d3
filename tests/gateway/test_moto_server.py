"""The embedded engine (gateway/moto_server.py) answers what moto's own server does: its
partition-sized Query after every kind of write, its answers written as JSON, and its
transactions undone item by item."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from gateway.embedded import free_port, wait_until_up
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from loaders.model import PRODUCTS, Table
from loaders.tables import table_definition


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


Client = Any  # boto3's client is generated at run time and has no types


def _client(endpoint: str) -> Client:
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1")


@pytest.fixture(scope="module")
def plain_moto() -> Iterator[str]:
    """moto's own server, unpatched, in a child process: what the patches must answer like."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(endpoint, process)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


def _table_with_items(client: Client, name: str) -> None:
    client.create_table(**table_definition(Table(name), name))
    for number in range(5):
        client.put_item(
            TableName=name,
            Item={
                "pk": {"S": "P"},
                "sk": {"S": f"ITEM#{number}"},
                "price": {"N": str(number * 100)},
                "tags": {"L": [{"S": "a"}, {"M": {"x": {"BOOL": True}}}]},
                "gone": {"NULL": True},
            },
        )


def _answers(client: Client, name: str) -> list[dict[str, Any]]:
    key = {"pk": {"S": "P"}, "sk": {"S": "ITEM#1"}}
    answers = [
        client.get_item(TableName=name, Key=key, ReturnConsumedCapacity="TOTAL"),
        client.query(
            TableName=name,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :item)",
            ExpressionAttributeValues={":pk": {"S": "P"}, ":item": {"S": "ITEM#"}},
            ScanIndexForward=False,
            Limit=3,
        ),
        client.scan(TableName=name, Select="COUNT"),
        client.batch_get_item(RequestItems={name: {"Keys": [key]}}),
        client.update_item(
            TableName=name,
            Key=key,
            UpdateExpression="SET price = price + :one",
            ExpressionAttributeValues={":one": {"N": "1"}},
            ReturnValues="ALL_NEW",
        ),
    ]
    for answer in answers:
        answer.pop("ResponseMetadata")
    return answers


def test_answers_as_moto_itself_does(moto_endpoint: str, plain_moto: str) -> None:
    name = f"engine-{uuid.uuid4().hex[:8]}"
    patched, plain = _client(moto_endpoint), _client(plain_moto)
    _table_with_items(patched, name)
    _table_with_items(plain, name)

    assert _answers(patched, name) == _answers(plain, name)


def test_a_cancelled_transaction_leaves_no_trace(moto_endpoint: str) -> None:
    name = f"engine-{uuid.uuid4().hex[:8]}"
    client = _client(moto_endpoint)
    _table_with_items(client, name)
    before = client.scan(TableName=name)["Items"]

    with pytest.raises(ClientError) as cancelled:
        client.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": name, "Item": {"pk": {"S": "NEW"}, "sk": {"S": "1"}}}},
                {"Delete": {"TableName": name, "Key": {"pk": {"S": "P"}, "sk": {"S": "ITEM#0"}}}},
                {
                    "Update": {
                        "TableName": name,
                        "Key": {"pk": {"S": "P"}, "sk": {"S": "ITEM#2"}},
                        "UpdateExpression": "SET price = :zero",
                        "ExpressionAttributeValues": {":zero": {"N": "0"}},
                    }
                },
                {
                    "ConditionCheck": {
                        "TableName": name,
                        "Key": {"pk": {"S": "P"}, "sk": {"S": "ITEM#3"}},
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
            ]
        )

    assert cancelled.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert client.scan(TableName=name)["Items"] == before


def test_a_transaction_that_succeeds_is_written(moto_endpoint: str) -> None:
    name = f"engine-{uuid.uuid4().hex[:8]}"
    client = _client(moto_endpoint)
    _table_with_items(client, name)

    client.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": name, "Item": {"pk": {"S": "NEW"}, "sk": {"S": "1"}}}},
            {"Delete": {"TableName": name, "Key": {"pk": {"S": "P"}, "sk": {"S": "ITEM#0"}}}},
        ]
    )

    keys = {(i["pk"]["S"], i["sk"]["S"]) for i in client.scan(TableName=name)["Items"]}
    assert ("NEW", "1") in keys
    assert ("P", "ITEM#0") not in keys


LONG_PARTITION = "é" * 1025  # 2,050 bytes in UTF-8: over DynamoDB's 2,048
LONG_SORT = "x" * 1025  # over DynamoDB's 1,024 bytes for a sort key


def _refused_requests(table: str) -> list[Any]:
    def key(pk: str = "p-ok", sk: str = "INFO") -> dict[str, Any]:
        return {"pk": _string(pk), "sk": _string(sk)}

    return [
        pytest.param("get_item", {"TableName": table, "Key": key(sk="")}, id="get-empty-sort"),
        pytest.param("get_item", {"TableName": table, "Key": key(LONG_PARTITION)}, id="get-long"),
        pytest.param(
            "batch_get_item",
            {"RequestItems": {table: {"Keys": [key(), key(sk=LONG_SORT)]}}},
            id="batch-get-long-sort",
        ),
        pytest.param(
            "batch_get_item", {"RequestItems": {table: {"Keys": [key("")]}}}, id="batch-get-empty"
        ),
        pytest.param(
            "delete_item", {"TableName": table, "Key": key(LONG_PARTITION)}, id="delete-long"
        ),
        pytest.param(
            "put_item",
            {"TableName": table, "Item": key() | {"gsi1pk": _string("")}},
            id="put-empty-index-key",
        ),
        pytest.param(
            "transact_write_items",
            {"TransactItems": [{"Delete": {"TableName": table, "Key": key(sk=LONG_SORT)}}]},
            id="transaction-long-sort",
        ),
        pytest.param(
            "query",
            {
                "TableName": table,
                "KeyConditionExpression": "pk = :pk",
                "ExpressionAttributeValues": {":pk": _string(LONG_PARTITION)},
            },
            id="query-long-partition",
        ),
        pytest.param(
            "query",
            {
                "TableName": table,
                "IndexName": "CategoryPriceIndex",
                "KeyConditionExpression": "gsi1pk = :pk AND begins_with(gsi1sk, :sk)",
                "ExpressionAttributeValues": {":pk": _string("c"), ":sk": _string(LONG_SORT)},
            },
            id="query-long-index-sort",
        ),
    ]


@pytest.mark.parametrize(("method", "request_"), _refused_requests("test-" + PRODUCTS.name))
async def test_keys_dynamodb_refuses_are_refused(
    dynamodb: DynamoClient, method: str, request_: dict[str, Any]
) -> None:
    with pytest.raises(ClientError) as refused:
        await getattr(dynamodb, method)(**request_)
    assert refused.value.response["Error"]["Code"] == "ValidationException"


async def test_keys_at_dynamodbs_limits_are_accepted(
    dynamodb: DynamoClient, settings: Settings
) -> None:
    table = settings.table_prefix + PRODUCTS.name
    key = {"pk": _string("é" * 1024), "sk": _string("x" * 1024)}  # 2,048 and 1,024 bytes
    await dynamodb.put_item(TableName=table, Item=key)
    assert (await dynamodb.get_item(TableName=table, Key=key))["Item"] == key
    await dynamodb.delete_item(TableName=table, Key=key)
