"""moto's DynamoDB server, made to isolate requests from each other as DynamoDB does, and
to find a Query's partition without sorting the whole table.

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

`python -m gateway.moto_server -H 127.0.0.1 -p PORT` runs it (the embedded engine of
`serve --embedded` and of the benchmarks); tests call `patch_moto()` before starting
moto's threaded server.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Iterator
from typing import Any

from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler

_lock = threading.Lock()
_installed = False
# Bumped by every request that may write: a table's index partitions are rebuilt after it.
_writes = 0
_READ_ONLY = frozenset(
    {"GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems", "DescribeTable", "ListTables"}
)


def patch_moto() -> None:
    """Both patches below, once per process (moto has no hook for either)."""
    global _installed
    if _installed:
        return
    _isolate_requests()
    _partition_queries()
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
        arguments = signature.bind(self, *args, **kwargs).arguments
        candidates = _partition_items(
            self, arguments["hash_key"], arguments.get("index_name"), arguments
        )
        # moto's query reads the table through this method; the instance attribute shadows it.
        self.all_items = lambda: candidates  # type: ignore[method-assign]
        try:
            return query(self, *args, **kwargs)
        finally:
            del self.all_items

    Table.query = partitioned_query  # type: ignore[method-assign]


def _partition_items(
    table: Table, hash_key: Any, index_name: str | None, arguments: dict[str, Any]
) -> list[Any]:
    """The items a Query of one partition can return: moto filters, sorts and pages them."""
    if index_name is None:
        partition = table.items.get(hash_key)
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


if __name__ == "__main__":
    from moto.server import main

    patch_moto()
    main()
