"""moto's DynamoDB server, made to isolate requests from each other as DynamoDB does, and
rid of costs that grow with the data where DynamoDB's do not.

moto applies a TransactWriteItems action by action and undoes a cancelled one by putting
back a copy of every table taken before it began; two transactions at once (in the
server's threads) can then lose or double each other's writes. Serving one DynamoDB
request at a time gives each request the atomicity and isolation DynamoDB gives it,
while the requests of concurrent GraphQL operations still interleave as they would.

moto's Query starts from every item of the table, sorted (≈200 ms for a table of 5,000
items here), then keeps the partition asked for. DynamoDB's cost does not grow with the
table; `partitioned_queries` gives moto's Query only the items whose partition key (of
the table or of the index) matches, and lets moto do the rest: key conditions, order,
pages, filters and projections are moto's own.

A TransactWriteItems deep-copies every table it writes to, to undo itself if it is
cancelled: about 650 ms for the demo data's Products table, and tens of MB a transaction
that the process never gives back. `_back_up_touched_items` copies the items the
transaction touches instead, and puts those back.

moto's response serializer walks every attribute of every item against the botocore
model: about 1 ms an item (a Scan of the 88 demo categories, 90 ms). A data-plane answer
is already the JSON that goes on the wire: `_answer_data_as_json` writes it as is.

Keys DynamoDB refuses (empty, or over its size limits) are refused here too
(`gateway/moto_key_limits.py`).

`python -m gateway.moto_server -H 127.0.0.1 -p PORT` runs it (the embedded engine of
`serve --embedded` and of the benchmarks); tests call `patch_moto()` before starting
moto's threaded server.
"""

from __future__ import annotations

import copy
import inspect
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

from moto.dynamodb import models as dynamo_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler

from gateway.moto_key_limits import refuse_keys_dynamodb_refuses
from gateway.moto_s3 import refuse_expired_presigned_urls
from loaders.fast_parse import DATA_PLANE

_lock = threading.Lock()
_installed = False
# Bumped by every request that may write: a table's index partitions are rebuilt after it.
_writes = 0
_READ_ONLY = frozenset(
    {"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems", "DescribeTable", "ListTables"}
)


def patch_moto() -> None:
    """The patches below, once per process (moto has no hook for any of them)."""
    global _installed
    if _installed:
        return
    _isolate_requests()
    refuse_keys_dynamodb_refuses()  # first: it binds the arguments of moto's own Query
    _partition_queries()
    _back_up_touched_items()
    _answer_data_as_json()
    refuse_expired_presigned_urls()  # S3, for the product images (gateway/moto_s3.py)
    _installed = True


def _isolate_requests() -> None:
    call_action = DynamoHandler.call_action

    def one_at_a_time(self: DynamoHandler) -> Any:
        global _writes
        with _lock:
            if self._get_action() not in _READ_ONLY:
                _writes += 1
            return call_action(self)

    DynamoHandler.call_action = one_at_a_time  # type: ignore[method-assign]


def _partition_queries() -> None:
    query = Table.query
    signature = inspect.signature(query)

    def partitioned_query(self: Table, *args: Any, **kwargs: Any) -> Any:
        candidates = _partition_items(self, signature.bind(self, *args, **kwargs).arguments)
        # moto's query reads the table through this method; the instance attribute shadows it.
        self.all_items = lambda: candidates  # type: ignore[method-assign]
        try:
            return query(self, *args, **kwargs)
        finally:
            del self.all_items

    Table.query = partitioned_query  # type: ignore[method-assign]


def _partition_items(table: Table, arguments: dict[str, Any]) -> list[Any]:
    """The items a Query (its `arguments`) of one partition can return: moto filters, sorts
    and pages them."""
    if arguments.get("index_name") is None:
        partition = table.items.get(arguments["hash_key"])
        if partition is None:
            return []
        return list(partition.values()) if table.range_key_attr else [partition]
    conditions = dict(arguments.get("hash_key_conditions") or [])
    if not conditions:
        return list(_every_item(table))
    attribute, value = next(iter(conditions.items()))
    return _index_partitions(table, attribute).get(value, [])


def _index_partitions(table: Table, attribute: str) -> dict[Any, list[Any]]:
    """The table's items by their value of `attribute`, built again after any write."""
    built: dict[str, tuple[int, dict[Any, list[Any]]]] = table.__dict__.setdefault(
        "_partitions_by_attribute", {}
    )
    version, partitions = built.get(attribute, (-1, {}))
    if version != _writes:
        partitions = {}
        for item in _every_item(table):
            value = item.attrs.get(attribute)
            if value is not None:
                partitions.setdefault(value, []).append(item)
        built[attribute] = (_writes, partitions)
    return partitions


def _every_item(table: Table) -> Iterator[Any]:
    for partition in table.items.values():
        if table.range_key_attr:
            yield from partition.values()
        else:
            yield partition


class _TablesNotCopied:
    """moto's `copy` module for `moto.dynamodb.models`: a table "copied" is the table
    itself (its transaction backup is `_restorer`'s); everything else is copied."""

    @staticmethod
    def deepcopy(value: Any, memo: dict[int, Any] | None = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


def _restorer(backend: Any, action: dict[str, Any]) -> Callable[[], None]:
    """What puts back the item one transaction action touches, as it is now."""
    operation = next(iter(action.values()))
    table = backend.tables.get(operation.get("TableName"))
    key = operation.get("Key") or operation.get("Item")
    if table is None or not key or table.hash_key_attr not in key:
        return lambda: None
    hash_key = DynamoType(key[table.hash_key_attr])
    range_attribute = table.range_key_attr
    if range_attribute is not None and range_attribute not in key:
        return lambda: None
    range_key = DynamoType(key[range_attribute]) if range_attribute else None
    now = table.items.get(hash_key, {}).get(range_key) if range_key else table.items.get(hash_key)
    before = copy.deepcopy(now)

    def restore() -> None:
        if range_key is None:
            if before is None:
                table.items.pop(hash_key, None)
            else:
                table.items[hash_key] = before
            return
        partition = table.items[hash_key]
        if before is None:
            partition.pop(range_key, None)
        else:
            partition[range_key] = before
        if not partition:
            del table.items[hash_key]

    return restore


def _back_up_touched_items() -> None:
    transact = DynamoDBBackend.transact_write_items
    # moto has no hook for its backup: its module's `copy` is replaced.
    dynamo_models.copy = _TablesNotCopied()  # type: ignore[attr-defined, assignment]

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        restorers = [_restorer(self, action) for action in transact_items]
        try:
            transact(self, transact_items)
        except Exception:
            for restore in reversed(restorers):
                restore()
            raise

    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


def _answer_data_as_json() -> None:
    serialized = DynamoHandler.serialized

    def as_json(self: Any, action_result: Any) -> Any:
        result = action_result.result
        if isinstance(result, dict) and self._get_action() in DATA_PLANE:
            headers = {"Content-Type": "application/x-amz-json-1.0"} | dict(self.response_headers)
            return 200, headers, json.dumps(result)
        return serialized(self, action_result)

    DynamoHandler.serialized = as_json  # type: ignore[method-assign]


if __name__ == "__main__":
    from moto.server import main

    patch_moto()
    main()
