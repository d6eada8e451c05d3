"""DynamoDB Streams: enabling them on the tables that feed live updates, and reading their
changes (each record's old and new item, decoded).

A reader follows every open shard of every streamed table from where it started (LATEST)
and, when a shard closes, its children from their start, so no change after `open` is
skipped while the reader runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from loaders.codec import Item, decode_value
from loaders.dynamo import DynamoClient
from loaders.model import TABLES, Table

STREAM_SPECIFICATION = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
STREAMED_TABLES = tuple(table for table in TABLES if table.streamed)
RECORDS_PER_CALL = 1000

StreamsClient = Any  # aiobotocore's dynamodbstreams client: untyped


@dataclass(frozen=True)
class Change:
    """One committed write: the item before (`old`) and after (`new`); None where absent."""

    table: str  # the logical name: "Orders", not "shop-Orders"
    old: Item | None
    new: Item | None

    @property
    def current(self) -> Item:
        """The item as it is now, or as it was when it was deleted."""
        found = self.new or self.old
        assert found is not None, "a stream record has at least one image"
        return found


def _has_stream(description: dict[str, Any]) -> bool:
    spec = description["Table"].get("StreamSpecification") or {}
    return (
        bool(spec.get("StreamEnabled"))
        and spec.get("StreamViewType") == (STREAM_SPECIFICATION["StreamViewType"])
    )


async def enable_streams(
    client: DynamoClient, prefix: str, report: Callable[[str], None] = lambda _: None
) -> list[str]:
    """Turn on the stream of every streamed table that has none; returns their names."""

    async def enable(table: Table) -> str | None:
        name = prefix + table.name
        if _has_stream(await client.describe_table(TableName=name)):
            return None
        await client.update_table(TableName=name, StreamSpecification=STREAM_SPECIFICATION)
        report(f"table {name}: stream enabled (NEW_AND_OLD_IMAGES, for live updates)")
        return name

    return [n for n in await asyncio.gather(*(enable(t) for t in STREAMED_TABLES)) if n]


async def missing_streams(client: DynamoClient, prefix: str) -> list[str]:
    """The streamed tables whose stream is off (their names); tables that do not exist are
    `missing_tables`' to report."""

    async def missing(table: Table) -> str | None:
        name = prefix + table.name
        try:
            description = await client.describe_table(TableName=name)
        except client.exceptions.ResourceNotFoundException:
            return None
        return None if _has_stream(description) else name

    return [n for n in await asyncio.gather(*(missing(t) for t in STREAMED_TABLES)) if n]


def _change(table: str, record: dict[str, Any]) -> Change:
    images = record["dynamodb"]

    def image(name: str) -> Item | None:
        raw = images.get(name)
        return {k: decode_value(v) for k, v in raw.items()} if raw else None

    return Change(table, image("OldImage"), image("NewImage"))


@dataclass
class _Shard:
    table: str
    stream_arn: str
    shard_id: str
    iterator: str | None


class StreamReader:
    """Reads the changes of every streamed table, from `open` on."""

    def __init__(self, dynamodb: DynamoClient, streams: StreamsClient, prefix: str) -> None:
        self.dynamodb = dynamodb
        self.streams = streams
        self.prefix = prefix
        self.shards: list[_Shard] = []
        self.seen: set[tuple[str, str]] = set()  # (stream, shard) followed so far

    async def open(self) -> None:
        """Start at the newest record of every open shard."""
        for table in STREAMED_TABLES:
            description = await self.dynamodb.describe_table(TableName=self.prefix + table.name)
            arn = description["Table"].get("LatestStreamArn")
            if not arn or not _has_stream(description):
                raise LookupError(f"table {self.prefix + table.name} has no stream")
            await self._follow(table.name, arn, "LATEST")

    async def _follow(self, table: str, arn: str, position: str) -> None:
        """Follow the shards of `arn` not followed yet, from `position`."""
        description = await self.streams.describe_stream(StreamArn=arn)
        for shard in description["StreamDescription"]["Shards"]:
            shard_id = shard["ShardId"]
            if (arn, shard_id) in self.seen:
                continue
            closed = "EndingSequenceNumber" in shard.get("SequenceNumberRange", {})
            if closed and position == "LATEST":
                self.seen.add((arn, shard_id))  # nothing new will come from it
                continue
            iterator = await self.streams.get_shard_iterator(
                StreamArn=arn, ShardId=shard_id, ShardIteratorType=position
            )
            self.seen.add((arn, shard_id))
            self.shards.append(_Shard(table, arn, shard_id, iterator["ShardIterator"]))

    async def poll(self) -> list[Change]:
        """The changes committed since the last poll, in each shard's order."""
        batches = await asyncio.gather(*(self._read(shard) for shard in self.shards))
        closed = [shard for shard in self.shards if shard.iterator is None]
        if closed:
            self.shards = [shard for shard in self.shards if shard.iterator is not None]
            for shard in closed:  # its children carry on where it ended
                await self._follow(shard.table, shard.stream_arn, "TRIM_HORIZON")
        return [change for batch in batches for change in batch]

    async def _read(self, shard: _Shard) -> list[Change]:
        answer = await self.streams.get_records(
            ShardIterator=shard.iterator, Limit=RECORDS_PER_CALL
        )
        shard.iterator = answer.get("NextShardIterator")
        return [_change(shard.table, record) for record in answer["Records"]]
