"""DynamoDB Streams: enabling them on the tables that feed live updates, and reading their
changes (each record's old and new item).

A reader follows every shard of every streamed table from where it is told to start (each
shard's checkpoint, else the newest record) and, when a shard closes, its children from
their start, so no change after `open` is skipped while the reader runs; `positions` is the
checkpoint another reader resumes from.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from loaders.codec import AttributeValue, Item, decode_value
from loaders.dynamo import DynamoClient
from loaders.model import TABLES, Table

STREAM_SPECIFICATION = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
STREAMED_TABLES = tuple(table for table in TABLES if table.streamed)
RECORDS_PER_CALL = 1000
READ_ATTEMPTS = 5  # polls in a row in which a shard's read failed before the reader gives up

StreamsClient = Any  # aiobotocore's dynamodbstreams client: untyped
AttributeMap = dict[str, AttributeValue]


@dataclass(frozen=True)
class Change:
    """One committed write: the item before (`old`) and after (`new`), as DynamoDB encodes
    them (JSON-safe, so a broker can carry them); None where absent."""

    table: str  # the logical name: "Orders", not "shop-Orders"
    old: AttributeMap | None
    new: AttributeMap | None

    @property
    def current(self) -> Item:
        """The item as it is now, or as it was when it was deleted, decoded."""
        found = self.new or self.old
        assert found is not None, "a stream record has at least one image"
        return {name: decode_value(value) for name, value in found.items()}


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
    return Change(table, images.get("OldImage"), images.get("NewImage"))


@dataclass
class _Shard:
    table: str
    stream_arn: str
    shard_id: str
    iterator: str | None
    sequence_number: str | None = None  # of the last record read

    @property
    def position(self) -> str:
        return f"{self.stream_arn}|{self.shard_id}"


class StreamReader:
    """Reads the changes of every streamed table, from `open` on."""

    def __init__(self, dynamodb: DynamoClient, streams: StreamsClient, prefix: str) -> None:
        self.dynamodb = dynamodb
        self.streams = streams
        self.prefix = prefix
        self.shards: list[_Shard] = []
        self.seen: set[str] = set()  # the positions of the shards followed so far
        self.failed_polls = 0  # in a row

    async def open(self, checkpoints: Mapping[str, str] | None = None) -> None:
        """Start after each shard's checkpoint (`positions` of an earlier reader); a shard
        without one from its start when the stream has checkpoints (it is newer than
        them), else at its newest record."""
        for table in STREAMED_TABLES:
            description = await self.dynamodb.describe_table(TableName=self.prefix + table.name)
            arn = description["Table"].get("LatestStreamArn")
            if not arn or not _has_stream(description):
                raise LookupError(f"table {self.prefix + table.name} has no stream")
            known = checkpoints or {}
            resumed = any(position.startswith(f"{arn}|") for position in known)
            await self._follow(table.name, arn, known, from_start=resumed)

    async def _follow(
        self, table: str, arn: str, checkpoints: Mapping[str, str], *, from_start: bool
    ) -> None:
        """Follow the shards of `arn` not followed yet: after their checkpoint, else from
        their start or (not `from_start`) their newest record."""
        description = await self.streams.describe_stream(StreamArn=arn)
        for shard in description["StreamDescription"]["Shards"]:
            found = _Shard(table, arn, shard["ShardId"], None, None)
            if found.position in self.seen:
                continue
            self.seen.add(found.position)
            closed = "EndingSequenceNumber" in shard.get("SequenceNumberRange", {})
            start: dict[str, str] = {"ShardIteratorType": "TRIM_HORIZON"}
            if found.position in checkpoints:
                found.sequence_number = checkpoints[found.position]
                start = {
                    "ShardIteratorType": "AFTER_SEQUENCE_NUMBER",
                    "SequenceNumber": found.sequence_number,
                }
            elif not from_start:
                if closed:
                    continue  # nothing new will come from it
                start = {"ShardIteratorType": "LATEST"}
            iterator = await self.streams.get_shard_iterator(
                StreamArn=arn, ShardId=found.shard_id, **start
            )
            found.iterator = iterator["ShardIterator"]
            self.shards.append(found)

    def positions(self) -> dict[str, str]:
        """Each shard's last record read: where another reader resumes."""
        return {s.position: s.sequence_number for s in self.shards if s.sequence_number}

    async def poll(self) -> list[Change]:
        """The changes committed since the last poll, in each shard's order.

        A shard whose read fails (a timeout, throttling) is read again from the same place
        at the next poll; after `READ_ATTEMPTS` polls in a row with a failure, the error
        is raised.
        """
        results = await asyncio.gather(
            *(self._read(shard) for shard in self.shards), return_exceptions=True
        )
        errors = [result for result in results if isinstance(result, BaseException)]
        self.failed_polls = self.failed_polls + 1 if errors else 0
        if self.failed_polls >= READ_ATTEMPTS:
            raise errors[0]
        batches = [result for result in results if not isinstance(result, BaseException)]
        closed = [shard for shard in self.shards if shard.iterator is None]
        if closed:
            self.shards = [shard for shard in self.shards if shard.iterator is not None]
            for shard in closed:  # its children carry on where it ended, from their start
                await self._follow(shard.table, shard.stream_arn, {}, from_start=True)
        return [change for batch in batches for change in batch]

    async def _read(self, shard: _Shard) -> list[Change]:
        answer = await self.streams.get_records(
            ShardIterator=shard.iterator, Limit=RECORDS_PER_CALL
        )
        shard.iterator = answer.get("NextShardIterator")
        records = answer["Records"]
        if records:
            shard.sequence_number = records[-1]["dynamodb"]["SequenceNumber"]
        return [_change(shard.table, record) for record in records]
