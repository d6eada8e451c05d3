"""A call of every data-plane operation the gateway makes, with plain and binary values and
errors: what tests/loaders/test_fast_parse.py records answers of and
test_fast_serialize.py serializes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

TABLE = f"fastparse-{uuid.uuid4().hex[:8]}"
TEXT, BINARY = "P#text", "P#binary"


def text_item(n: int) -> dict[str, Any]:
    return {
        "pk": {"S": TEXT},
        "sk": {"S": f"A#{n:02d}"},
        "name": {"S": f'Café ☕ «{n}» "quoted" \\ back'},
        "price_cents": {"N": str(2500 + n)},
        "big": {"N": "123456789012345678901234567890.125"},
        "active": {"BOOL": n % 2 == 0},
        "gone": {"NULL": True},
        "tags": {"SS": ["a", "b"]},
        "sizes": {"NS": ["1", "2.5"]},
        "spec": {"M": {"w": {"N": "640"}, "deep": {"L": [{"S": "x"}, {"M": {}}]}}},
        "empty": {"L": []},
    }


BINARY_ITEM = {
    "pk": {"S": BINARY},
    "sk": {"S": "B#0"},
    "blob": {"B": b"\x00\xffraw"},
    "blobs": {"BS": [b"\x01", b"\x02"]},
    "nested": {"M": {"inner": {"B": b"in a map"}}},
    "listed": {"L": [{"B": b"in a list"}]},
}


def key(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


@dataclass(frozen=True)
class Call:
    id: str
    operation: str
    params: dict[str, Any]
    fast: bool  # whether the fast path must take the answer


C = Call
CAP = {"ReturnConsumedCapacity": "TOTAL"}
# In order: the first calls write what the later ones read.
CALLS = (
    C("batch-write", "BatchWriteItem", {"RequestItems": {TABLE: [{"PutRequest": {"Item": text_item(n)}} for n in range(25)]}, **CAP}, True),
    C("put", "PutItem", {"TableName": TABLE, "Item": BINARY_ITEM, **CAP}, True),
    C("put-old-binary", "PutItem", {"TableName": TABLE, "Item": BINARY_ITEM, "ReturnValues": "ALL_OLD"}, False),
    C("get", "GetItem", {"TableName": TABLE, "Key": key(TEXT, "A#03"), **CAP}, True),
    C("get-binary", "GetItem", {"TableName": TABLE, "Key": key(BINARY, "B#0")}, False),
    C("get-absent", "GetItem", {"TableName": TABLE, "Key": key(TEXT, "none"), "ConsistentRead": True}, True),
    C("batch-get", "BatchGetItem", {"RequestItems": {TABLE: {"Keys": [key(TEXT, f"A#{n:02d}") for n in range(25)]}}, **CAP}, True),
    C("batch-get-binary", "BatchGetItem", {"RequestItems": {TABLE: {"Keys": [key(TEXT, "A#01"), key(BINARY, "B#0")]}}}, False),
    C("query-page", "Query", {"TableName": TABLE, "KeyConditionExpression": "pk = :pk", "ExpressionAttributeValues": {":pk": {"S": TEXT}}, "Limit": 10, "ReturnConsumedCapacity": "INDEXES"}, True),
    C("query-binary", "Query", {"TableName": TABLE, "KeyConditionExpression": "pk = :pk", "ExpressionAttributeValues": {":pk": {"S": BINARY}}}, False),
    C("query-count", "Query", {"TableName": TABLE, "KeyConditionExpression": "pk = :pk", "ExpressionAttributeValues": {":pk": {"S": TEXT}}, "Select": "COUNT", **CAP}, True),
    C("scan-page", "Scan", {"TableName": TABLE, "FilterExpression": "pk = :pk", "ExpressionAttributeValues": {":pk": {"S": TEXT}}, "Limit": 30, **CAP}, True),
    C("update", "UpdateItem", {"TableName": TABLE, "Key": key(TEXT, "A#04"), "UpdateExpression": "SET price_cents = price_cents + :one", "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "ALL_NEW", **CAP}, True),
    C("update-binary", "UpdateItem", {"TableName": TABLE, "Key": key(BINARY, "B#0"), "UpdateExpression": "SET blob = :b", "ExpressionAttributeValues": {":b": {"B": b"new"}}, "ReturnValues": "UPDATED_NEW"}, False),
    C("transact-get", "TransactGetItems", {"TransactItems": [{"Get": {"TableName": TABLE, "Key": key(TEXT, f"A#0{n}")}} for n in range(3)]}, True),
    C("transact-get-binary", "TransactGetItems", {"TransactItems": [{"Get": {"TableName": TABLE, "Key": key(BINARY, "B#0")}}]}, False),
    C("transact-write", "TransactWriteItems", {"TransactItems": [{"Update": {"TableName": TABLE, "Key": key(TEXT, "A#05"), "UpdateExpression": "SET stock = :s", "ExpressionAttributeValues": {":s": {"N": "3"}}}}, {"ConditionCheck": {"TableName": TABLE, "Key": key(TEXT, "A#06"), "ConditionExpression": "attribute_exists(pk)"}}], **CAP}, True),
    # moto adds `ConsumedCapacityUnits` to DeleteItem's answer, a member DynamoDB's model no
    # longer has: botocore drops it, so the fast path leaves it (DYNAMODB_FORM has it without).
    C("delete-old", "DeleteItem", {"TableName": TABLE, "Key": key(TEXT, "A#24"), "ReturnValues": "ALL_OLD", **CAP}, False),
    C("condition-failed", "PutItem", {"TableName": TABLE, "Item": BINARY_ITEM, "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}, False),
    C("transaction-cancelled", "TransactWriteItems", {"TransactItems": [{"Put": {"TableName": TABLE, "Item": text_item(7), "ConditionExpression": "attribute_not_exists(pk)", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}, {"Delete": {"TableName": TABLE, "Key": key(TEXT, "A#08")}}]}, False),
    C("no-such-table", "GetItem", {"TableName": "no-such-table", "Key": key(TEXT, "A#01")}, False),
    C("invalid-request", "Query", {"TableName": TABLE, "KeyConditionExpression": "nope = :pk", "ExpressionAttributeValues": {":pk": {"S": TEXT}}}, False),
)  # fmt: skip
