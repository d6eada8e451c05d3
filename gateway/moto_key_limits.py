"""moto refusing the key values DynamoDB refuses, so that a test reaching one fails as it
would against DynamoDB instead of passing on moto.

DynamoDB answers ValidationException to a key attribute (of the table or of an index)
whose value is an empty string, a partition key over 2,048 bytes or a sort key over
1,024 bytes, in UTF-8. moto checks the empty key of GetItem and Query and the sizes of
a PutItem's item; here every data-plane request's keys and items are checked, and a
Query's key condition values.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any

from moto.dynamodb.exceptions import HashKeyTooLong, KeyIsEmptyStringException, RangeKeyTooLong
from moto.dynamodb.limits import HASH_KEY_MAX_LENGTH, RANGE_KEY_MAX_LENGTH
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler

# A request's (table name, key or item) pairs, by action.
_KEYED: dict[str, Callable[[dict[str, Any]], Iterator[tuple[str, dict[str, Any]]]]] = {
    "get_item": lambda body: iter([(body["TableName"], body["Key"])]),
    "delete_item": lambda body: iter([(body["TableName"], body["Key"])]),
    "update_item": lambda body: iter([(body["TableName"], body["Key"])]),
    "put_item": lambda body: iter([(body["TableName"], body["Item"])]),
    "batch_get_item": lambda body: (
        (name, key)
        for name, request in body.get("RequestItems", {}).items()
        for key in request.get("Keys", [])
    ),
    "batch_write_item": lambda body: (
        (name, write.get("PutRequest", {}).get("Item") or write["DeleteRequest"]["Key"])
        for name, writes in body.get("RequestItems", {}).items()
        for write in writes
    ),
    "transact_get_items": lambda body: (
        (action["Get"]["TableName"], action["Get"]["Key"]) for action in body["TransactItems"]
    ),
    "transact_write_items": lambda body: (
        (operation["TableName"], operation.get("Key") or operation["Item"])
        for action in body["TransactItems"]
        for operation in action.values()
    ),
}


def refuse_keys_dynamodb_refuses() -> None:
    """Patches moto's handler (the actions of `_KEYED`) and its Query."""
    for action in _KEYED:
        setattr(DynamoHandler, action, _checked(action, getattr(DynamoHandler, action)))
    query = Table.query
    signature = inspect.signature(query)

    @functools.wraps(query)
    def checked_query(self: Table, *args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(self, *args, **kwargs).arguments
        hash_values = [
            bound.get("hash_key"),
            *(value for _, value in bound.get("hash_key_conditions") or []),
        ]
        range_values = [
            *(bound.get("range_objs") or []),
            *(v for _, _, values in bound.get("range_key_conditions") or [] for v in values),
        ]
        for value in hash_values:
            _check(value, HASH_KEY_MAX_LENGTH, "hash key")
        for value in range_values:
            _check(value, RANGE_KEY_MAX_LENGTH, "range key")
        return query(self, *args, **kwargs)

    Table.query = checked_query  # type: ignore[method-assign]


def _checked(action: str, method: Callable[[DynamoHandler], Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def checked(self: DynamoHandler) -> Any:
        body = getattr(self, "params", None) or self.body
        for table_name, attributes in _KEYED[action](body):
            table = self.dynamodb_backend.tables.get(table_name)
            if table is not None:
                _check_attributes(table, attributes)
        return method(self)

    return checked


def _check_attributes(table: Table, attributes: dict[str, Any]) -> None:
    """The key attributes among `attributes` (of the table, or of an index it has)."""
    partition_names = set(table.hash_key_names)
    sort_names = set(table.range_key_names)
    for index in table.indexes:
        sort_names.update(k["AttributeName"] for k in index.schema if k["KeyType"] == "RANGE")
    for name, value in attributes.items():
        if name in partition_names:
            _check(DynamoType(value), HASH_KEY_MAX_LENGTH, name)
        elif name in sort_names:
            _check(DynamoType(value), RANGE_KEY_MAX_LENGTH, name)


def _check(value: DynamoType | None, limit: int, name: str) -> None:
    if value is None or value.type not in ("S", "B"):
        return
    if not value.value:
        raise KeyIsEmptyStringException(name)
    if value.size() > limit:
        raise HashKeyTooLong() if limit == HASH_KEY_MAX_LENGTH else RangeKeyTooLong()
