"""Live updates across processes and replicas: one reader of the streams at a time (a
lease in Redis), every change fanned out to every process through Redis pub/sub.

DynamoDB serves about two readers per stream shard, so not every process can read the
streams. The lease holder reads them from the last checkpoint, publishes each change, then
stores the checkpoint; the holder renews its lease every third of its length. When it dies,
its lease lapses and another process takes over from that checkpoint: a change committed
while nobody read is delivered late, not lost. A change published just before the holder
died, its checkpoint not yet stored, is delivered twice (at least once, never lost).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import redis.asyncio as redis
from redis.typing import EncodableT, FieldT

from gateway.live.hub import Hub
from gateway.settings import Settings
from loaders.streams import Change, StreamReader

# Renews the lease only if this process still holds it.
_RENEW = """
if redis.call("get", KEYS[1]) == ARGV[1] then
  return redis.call("pexpire", KEYS[1], ARGV[2])
end
return 0
"""

OpenReader = Callable[[Mapping[str, str]], Awaitable[StreamReader]]


def encode(change: Change) -> str:
    return json.dumps({"table": change.table, "old": change.old, "new": change.new})


def decode(message: str | bytes) -> Change:
    found: dict[str, Any] = json.loads(message)
    return Change(found["table"], found["old"], found["new"])


class RedisFanout:
    """A process's part: it listens to every change, and reads the streams while it holds
    the lease."""

    def __init__(self, settings: Settings, hub: Hub, open_reader: OpenReader) -> None:
        assert settings.redis_url is not None
        self.settings = settings
        self.hub = hub
        self.open_reader = open_reader
        self.redis: redis.Redis = redis.Redis.from_url(settings.redis_url, decode_responses=True)
        self.pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        prefix = f"{settings.table_prefix}live:"
        self.channel, self.lease, self.checkpoints = (
            f"{prefix}changes",
            f"{prefix}reader",
            f"{prefix}checkpoints",
        )
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lease_ms = int(settings.live_lease_seconds * 1000)

    async def listen(self) -> None:
        """Subscribe to the changes (before any is published for this process's callers)."""
        await self.pubsub.subscribe(self.channel)

    async def run(self) -> None:
        """Fan the changes out to the hub and compete for the lease, until either fails."""
        try:
            tasks = [asyncio.create_task(self._deliver()), asyncio.create_task(self._lead())]
            try:
                done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
                for task in done:
                    task.result()
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            await self.close()

    async def close(self) -> None:
        await self.pubsub.aclose()
        await self.redis.aclose()

    async def holds_lease(self) -> bool:
        return bool(await self.redis.get(self.lease) == self.holder)

    async def _deliver(self) -> None:
        async for message in self.pubsub.listen():
            self.hub.publish(decode(message["data"]))

    async def _lead(self) -> None:
        pause = self.settings.live_lease_seconds / 3
        while True:
            if await self.redis.set(self.lease, self.holder, nx=True, px=self.lease_ms):
                await self._read_while_leading(pause)
            await asyncio.sleep(pause)

    async def _read_while_leading(self, renew_every: float) -> None:
        stored = await self.redis.hgetall(self.checkpoints)
        reader = await self.open_reader({str(k): str(v) for k, v in stored.items()})
        renew_at = time.monotonic() + renew_every
        while True:
            if time.monotonic() >= renew_at:
                if not await self.redis.eval(_RENEW, 1, self.lease, self.holder, self.lease_ms):
                    return  # lost it (a pause longer than the lease): another reads now
                renew_at = time.monotonic() + renew_every
            changes = await reader.poll()
            for change in changes:
                await self.redis.publish(self.channel, encode(change))
            if changes:
                positions: dict[FieldT, EncodableT] = {
                    shard: sequence for shard, sequence in reader.positions().items()
                }
                await self.redis.hset(self.checkpoints, mapping=positions)
            else:
                await asyncio.sleep(self.settings.live_poll_seconds)
