"""The only code that sends requests to DynamoDB.

`Dynamo` wraps the process-wide aioboto3 client for one request: it names the physical
tables, records every call in the request's `CallLog`, retries faults and unprocessed
work as `loaders/retries.py` decides, and turns botocore failures into gateway errors.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from gateway.errors import ServiceUnavailable
from loaders.calls import Call, CallLog
from loaders.codec import Item, decode_item, encode_item, encode_value
from loaders.errors import (
    CONDITION_FAILED,
    CONDITION_FAILED_REASON,
    ConditionFailed,
    KeyRefused,
    TransactionCancelled,
    failure_of,
    fault_of,
    translate,
)
from loaders.key_limits import refused_key_attributes, refused_key_condition
from loaders.keys import ItemKey, Key
from loaders.model import Table
from loaders.retries import (
    FAULT_RETRY,
    UNPROCESSED_RETRY,
    RetryPolicy,
    may_retry,
    retried_cancellation,
)
from loaders.retries import OPTIMISTIC_RETRY as OPTIMISTIC_RETRY  # re-exported: use cases' loop
from loaders.shared_cache import CacheUse, SharedCache, collection_entries, item_entry
from loaders.writes import (
    Delete,
    Put,
    Update,
    Write,
    fails_without_item,
    refused_attributes,
    refused_item_key,
    write_request,
)

logger = logging.getLogger("loaders.dynamo")

BATCH_GET_LIMIT = 100
BATCH_WRITE_LIMIT = 25

DynamoClient = Any  # aiobotocore's client is generated at run time and has no types


@dataclass(frozen=True)
class Page:
    items: list[Item]
    last_key: dict[str, Any] | None
    count: int  # the items DynamoDB matched in this page (with `count_only`, none are returned)


@dataclass
class Dynamo:
    client: DynamoClient
    table_prefix: str = ""
    retry: RetryPolicy = UNPROCESSED_RETRY  # unprocessed keys and items, conflicting transactions
    faults: RetryPolicy = FAULT_RETRY  # throttling, timeouts, connection and server errors
    log: CallLog = field(default_factory=CallLog)
    cache: SharedCache | None = None
    # What the request took from the cache; any call but those of `for_cache()` is a read
    # whose answer the cache does not hold (or a write).
    cache_use: CacheUse = field(default_factory=CacheUse)
    reads_for_cache: bool = False

    def name(self, table: Table) -> str:
        return self.table_prefix + table.name

    def for_cache(self) -> Dynamo:
        """The same request's Dynamo, for reads whose answers go into the shared cache."""
        return replace(self, reads_for_cache=True)

    @contextmanager
    def _writing(self, requests: Sequence[tuple[str, dict[str, Any]]]) -> Iterator[None]:
        """Around a write: the shared cache drops what it touches before (so no read under
        way keeps the old value) and after (so no read made meanwhile does)."""
        self._written(requests)
        try:
            yield
        finally:
            self._written(requests)

    def _written(self, requests: Sequence[tuple[str, dict[str, Any]]]) -> None:
        if self.cache is None:
            return
        touched: dict[str, list[Any]] = {}
        for action, request in requests:
            if action == "ConditionCheck":
                continue
            key = request.get("Key") or request["Item"]
            table = request["TableName"]
            pk, sk = key["pk"]["S"], key["sk"]["S"]
            touched.setdefault(table, []).extend(
                (item_entry(table, pk, sk), *collection_entries(table, pk))
            )
        for table, entries in touched.items():
            self.cache.written(table, entries)

    async def _send(
        self,
        operation: str,
        tables: Sequence[str],
        keys: int,
        method: Callable[..., Awaitable[dict[str, Any]]],
        /,
        **request: Any,
    ) -> dict[str, Any]:
        """One request, each attempt a call in the log; faults are retried where
        `may_retry` allows, and every botocore failure passes through one translation."""
        if not self.reads_for_cache:
            self.cache_use.whole = False
        for attempt in range(self.faults.attempts):
            call = Call(operation, tuple(tables), keys, started=time.perf_counter())
            self.log.calls.append(call)
            try:
                response = await method(**request)
            except Exception as error:
                fault = fault_of(error)
                call.failure = failure_of(error)
                last = attempt + 1 >= self.faults.attempts
                if fault is None or last or not may_retry(operation, fault):
                    if fault is not None:  # an outage, not a bug or an answer: say why
                        logger.warning(
                            "DynamoDB %s failed (%s) after %d attempt(s)",
                            operation,
                            fault.value,
                            attempt + 1,
                        )
                    translated = translate(error)
                    if translated is error:
                        raise
                    raise translated from error
                self.log.retries[fault.value] += 1
            else:
                self._capacity(call, response)
                return response
            finally:
                call.ms = (time.perf_counter() - call.started) * 1000
            await asyncio.sleep(self.faults.delay(attempt))
        raise AssertionError("unreachable: the last attempt returns or raises")

    @staticmethod
    def _capacity(call: Call, response: dict[str, Any]) -> None:
        consumed = response.get("ConsumedCapacity")
        for entry in consumed if isinstance(consumed, list) else [consumed] if consumed else []:
            read = entry.get("ReadCapacityUnits", 0) or 0
            write = entry.get("WriteCapacityUnits", 0) or 0
            if "ReadCapacityUnits" not in entry and "WriteCapacityUnits" not in entry:
                read = entry.get("CapacityUnits", 0) or 0
            call.read_capacity += read
            call.write_capacity += write
            table = entry.get("TableName", "")
            before = call.capacity.get(table, (0.0, 0.0))
            call.capacity[table] = (before[0] + read, before[1] + write)

    # Reads ---------------------------------------------------------------------------

    async def batch_get(self, keys: Iterable[ItemKey]) -> dict[ItemKey, Item | None]:
        """Every key's item (None where absent or expired), in as few calls as possible.

        Keys of any tables go out together, 100 per call, the calls concurrent.
        """
        found: dict[ItemKey, Item | None] = dict.fromkeys(keys)
        # A key DynamoDB would refuse names no item: absent, and not sent.
        unique = [k for k in found if not refused_key_attributes(k.table, k.encode())]
        chunks = [unique[i : i + BATCH_GET_LIMIT] for i in range(0, len(unique), BATCH_GET_LIMIT)]
        for part in await asyncio.gather(*(self._batch_get_chunk(c) for c in chunks)):
            found.update(part)
        return found

    async def _batch_get_chunk(self, keys: list[ItemKey]) -> dict[ItemKey, Item]:
        """The items of `keys`; keys naming the same item (a `UserKey` and a `SellerKey`)
        are asked for once: DynamoDB refuses a request that names an item twice."""
        by_identity: dict[tuple[str, str, str], list[ItemKey]] = {}
        pending: dict[str, dict[str, Any]] = {}
        for key in keys:
            encoded = key.encode()
            table = self.name(key.table)
            same = by_identity.setdefault((table, encoded["pk"], encoded["sk"]), [])
            same.append(key)
            if len(same) == 1:
                request = pending.setdefault(table, {"Keys": []})
                request["Keys"].append({name: {"S": value} for name, value in encoded.items()})
        found: dict[ItemKey, Item] = {}
        for attempt in range(self.retry.attempts):
            count = sum(len(r["Keys"]) for r in pending.values())
            response = await self._send(
                "BatchGetItem",
                list(pending),
                count,
                self.client.batch_get_item,
                RequestItems=pending,
                ReturnConsumedCapacity="TOTAL",
            )
            now = time.time()
            for table, raw_items in response.get("Responses", {}).items():
                for raw in raw_items:
                    item = decode_item(raw)
                    if not is_expired(item, now):
                        for key in by_identity[(table, item["pk"], item["sk"])]:
                            found[key] = item
            pending = response.get("UnprocessedKeys") or {}
            if not pending:
                return found
            self.log.retries["unprocessed_keys"] += 1
            await asyncio.sleep(self.retry.delay(attempt))
        raise ServiceUnavailable(
            f"DynamoDB left keys unprocessed after {self.retry.attempts} attempts; try again shortly."
        )

    async def query(
        self,
        table: Table,
        key_condition: str,
        values: dict[str, Any],
        *,
        index: str | None = None,
        limit: int | None = None,
        forward: bool = True,
        start_key: dict[str, Any] | None = None,
        count_only: bool = False,
        filter_expression: str | None = None,
        consistent: bool = False,
    ) -> Page:
        """One Query call: a page of items (with `count_only`, only how many matched).

        A key condition on a value DynamoDB refuses as a key matches nothing: no call."""
        if refused_key_condition(table, key_condition, values):
            return Page([], None, 0)
        request: dict[str, Any] = {
            "TableName": self.name(table),
            "KeyConditionExpression": key_condition,
            "ExpressionAttributeValues": {k: encode_value(v) for k, v in values.items()},
            "ScanIndexForward": forward,
            "ReturnConsumedCapacity": "TOTAL",
        }
        if index is not None:
            request["IndexName"] = index
        if limit is not None:
            request["Limit"] = limit
        if start_key is not None:
            request["ExclusiveStartKey"] = {k: encode_value(v) for k, v in start_key.items()}
        if count_only:
            request["Select"] = "COUNT"
        if filter_expression is not None:
            request["FilterExpression"] = filter_expression
        if consistent:  # as of now: for reads a write depends on (tables, never indexes)
            request["ConsistentRead"] = True
        response = await self._send(
            "Query", [request["TableName"]], 1, self.client.query, **request
        )
        now = time.time()
        items = [
            item
            for raw in response.get("Items", [])
            if not is_expired(item := decode_item(raw), now)
        ]
        last = response.get("LastEvaluatedKey")
        return Page(items, decode_item(last) if last else None, int(response.get("Count", 0)))

    async def query_all(
        self, table: Table, key_condition: str, values: dict[str, Any], **options: Any
    ) -> list[Item]:
        """Every item a Query matches, following DynamoDB's 1 MB pages."""
        items: list[Item] = []
        start_key = None
        while True:
            page = await self.query(table, key_condition, values, start_key=start_key, **options)
            items.extend(page.items)
            if page.last_key is None:
                return items
            start_key = page.last_key

    async def query_page(
        self,
        table: Table,
        key_condition: str,
        values: dict[str, Any],
        limit: int,
        **options: Any,
    ) -> list[Item]:
        """Up to `limit` items from `start_key` on, following DynamoDB's 1 MB pages
        (and pages a filter left short) until there are enough."""
        items: list[Item] = []
        while True:
            page = await self.query(
                table, key_condition, values, limit=limit - len(items), **options
            )
            items.extend(page.items)
            if page.last_key is None or len(items) >= limit:
                return items
            options["start_key"] = page.last_key

    async def newest_in_collection(
        self, table: Table, partition: str, prefix: str, limit: int, after_sk: str | None = None
    ) -> list[Item]:
        """Up to `limit` items of one item collection whose sort key starts with `prefix`,
        newest (highest sort key) first, after the item whose sort key is `after_sk`."""
        return await self.query_page(
            table,
            "pk = :pk AND begins_with(sk, :prefix)",
            {":pk": partition, ":prefix": prefix},
            limit,
            forward=False,
            start_key={"pk": partition, "sk": after_sk} if after_sk is not None else None,
        )

    async def count(
        self, table: Table, key_condition: str, values: dict[str, Any], **options: Any
    ) -> int:
        """How many items a Query matches (reads them all, returns none)."""
        total, start_key = 0, None
        while True:
            page = await self.query(
                table, key_condition, values, start_key=start_key, count_only=True, **options
            )
            total += page.count
            if page.last_key is None:
                return total
            start_key = page.last_key

    async def scan_all(self, table: Table, sort_key: str | None = None) -> list[Item]:
        """Every item of a (small) table, or those of one sort key, following DynamoDB's
        1 MB pages."""
        items: list[Item] = []
        request: dict[str, Any] = {"TableName": self.name(table), "ReturnConsumedCapacity": "TOTAL"}
        if sort_key is not None:
            request |= {
                "FilterExpression": "sk = :sk",
                "ExpressionAttributeValues": {":sk": encode_value(sort_key)},
            }
        now = time.time()
        while True:
            response = await self._send(
                "Scan", [request["TableName"]], 0, self.client.scan, **request
            )
            items.extend(
                i for raw in response.get("Items", []) if not is_expired(i := decode_item(raw), now)
            )
            last = response.get("LastEvaluatedKey")
            if not last:
                return items
            request["ExclusiveStartKey"] = last

    async def scan_pages(
        self, table: Table, filter_expression: str, values: dict[str, Any]
    ) -> AsyncIterator[list[Item]]:
        """The items of a table that pass a filter, one DynamoDB page (up to 1 MB read) at
        a time: for maintenance over a large table, which is never held whole."""
        request: dict[str, Any] = {
            "TableName": self.name(table),
            "FilterExpression": filter_expression,
            "ExpressionAttributeValues": {k: encode_value(v) for k, v in values.items()},
            "ReturnConsumedCapacity": "TOTAL",
        }
        while True:
            response = await self._send(
                "Scan", [request["TableName"]], 0, self.client.scan, **request
            )
            yield [decode_item(raw) for raw in response.get("Items", [])]
            last = response.get("LastEvaluatedKey")
            if not last:
                return
            request["ExclusiveStartKey"] = last

    # Writes --------------------------------------------------------------------------

    async def batch_write(self, table: Table, items: Sequence[Item], parallel: int = 8) -> None:
        """Put items, 25 per call, `parallel` calls at a time; unprocessed items are retried."""
        name = self.name(table)
        gate = asyncio.Semaphore(parallel)

        for item in items:
            if refused := refused_key_attributes(table, item):
                raise KeyRefused(refused)

        async def write(chunk: Sequence[Item]) -> None:
            written = [("Put", {"TableName": name, "Item": encode_item(key_of(i))}) for i in chunk]
            async with gate:
                with self._writing(written):
                    await self._batch_write_chunk(name, chunk)

        step = BATCH_WRITE_LIMIT
        await asyncio.gather(*(write(items[i : i + step]) for i in range(0, len(items), step)))

    async def _batch_write_chunk(self, name: str, chunk: Sequence[Item]) -> None:
        pending: dict[str, Any] = {name: [{"PutRequest": {"Item": encode_item(i)}} for i in chunk]}
        for attempt in range(self.retry.attempts):
            response = await self._send(
                "BatchWriteItem",
                [name],
                len(pending[name]),
                self.client.batch_write_item,
                RequestItems=pending,
                ReturnConsumedCapacity="TOTAL",
            )
            pending = response.get("UnprocessedItems") or {}
            if not pending:
                return
            self.log.retries["unprocessed_items"] += 1
            await asyncio.sleep(self.retry.delay(attempt))
        raise ServiceUnavailable(
            f"DynamoDB left writes unprocessed after {self.retry.attempts} attempts."
        )

    # Single-item writes and transactions (the writes are values: loaders/writes.py) -------

    def _write_request(self, write: Write) -> tuple[str, dict[str, Any]]:
        return write_request(write, self.name(write.key.table))

    async def _write(self, operation: str, write: Write, **options: Any) -> dict[str, Any]:
        _refuse_unstorable([write])
        action, request = self._write_request(write)
        method = getattr(self.client, _METHODS[operation])
        with self._writing([(action, request)]):
            response = await self._send(
                operation,
                [request["TableName"]],
                1,
                method,
                **request,
                **options,
                ReturnConsumedCapacity="TOTAL",
            )
        return response

    async def put(self, write: Put) -> None:
        """Raises `ConditionFailed` when the write's condition does not hold."""
        await self._write("PutItem", write)

    async def update(self, write: Update) -> Item:
        """The item as it is after the update; `ConditionFailed` when the condition does not hold."""
        response = await self._write("UpdateItem", write, ReturnValues="ALL_NEW")
        return decode_item(response.get("Attributes", {}))

    async def delete(self, write: Delete) -> None:
        await self._write("DeleteItem", write)

    async def transact_write(self, writes: Sequence[Write]) -> None:
        """All the writes or none (at most 100, one per item).

        A transaction cancelled only because it conflicted with concurrent ones (or was
        throttled) is sent again, with backoff; any other cancellation raises
        `TransactionCancelled`, its reasons in the order of `writes`.
        """
        _refuse_unstorable(writes)
        requests = [self._write_request(write) for write in writes]
        actions = [{action: request} for action, request in requests]
        tables = list(dict.fromkeys(request["TableName"] for _, request in requests))
        with self._writing(requests):
            await self._transact(actions, tables)

    async def _transact(self, actions: list[dict[str, Any]], tables: list[str]) -> None:
        for attempt in range(self.retry.attempts):
            try:
                await self._send(
                    "TransactWriteItems",
                    tables,
                    len(actions),
                    self.client.transact_write_items,
                    TransactItems=actions,
                    ReturnConsumedCapacity="TOTAL",
                    # One token for this attempt's fault retries: DynamoDB applies it once.
                    ClientRequestToken=uuid.uuid4().hex,
                )
                return
            except TransactionCancelled as cancelled:
                fault = retried_cancellation(cancelled.reasons)
                if fault is None:
                    raise
                self.log.retries[fault.value] += 1
            await asyncio.sleep(self.retry.delay(attempt))
        raise ServiceUnavailable(
            f"A write kept conflicting with concurrent ones after {self.retry.attempts} attempts; try again."
        )

    # Strongly consistent reads: what a use case decides a write on ---------------------

    async def get_consistent(self, key: ItemKey) -> Item | None:
        """One item as of now (None if absent or expired), unlike the batched reads,
        which may miss a write of the last second."""
        if refused_key_attributes(key.table, key.encode()):
            return None  # a key DynamoDB would refuse names no item
        request: dict[str, Any] = {
            "TableName": self.name(key.table),
            "Key": {name: {"S": value} for name, value in key.encode().items()},
            "ConsistentRead": True,
            "ReturnConsumedCapacity": "TOTAL",
        }
        response = await self._send(
            "GetItem", [request["TableName"]], 1, self.client.get_item, **request
        )
        raw = response.get("Item")
        item = decode_item(raw) if raw else None
        return None if item is None or is_expired(item, time.time()) else item


_METHODS = {"PutItem": "put_item", "UpdateItem": "update_item", "DeleteItem": "delete_item"}


def _refuse_unstorable(writes: Sequence[Write]) -> None:
    """Writes DynamoDB would refuse for a key value (empty, too long) are not sent: one on
    an item that cannot exist, whose condition needs it, fails that condition, as for any
    absent item (`ConditionFailed`; in a transaction, `TransactionCancelled` with its
    reason); any other is the caller's mistake (`KeyRefused`)."""
    refused = [refused_attributes(write) for write in writes]
    if not any(refused):
        return
    absent = [fails_without_item(write) and bool(refused_item_key(write)) for write in writes]
    if not any(absent):
        raise KeyRefused([name for attributes in refused for name in attributes])
    if len(writes) == 1:
        raise ConditionFailed(CONDITION_FAILED)
    raise TransactionCancelled([CONDITION_FAILED_REASON if a else "None" for a in absent])


def is_expired(item: Item, now: float) -> bool:
    """DynamoDB deletes TTL-expired items days late: a read treats them as absent."""
    expires_at = item.get("expires_at")
    return isinstance(expires_at, int) and expires_at <= now


def key_of(item: Item) -> Key:
    return {"pk": item["pk"], "sk": item["sk"]}
