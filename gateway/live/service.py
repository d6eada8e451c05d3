"""The process's live updates, started by the first subscription: the changes of the tables'
streams published to the hub's subscribers, read by this process itself or, with Redis
configured, by the one process that holds the reader's lease (gateway/live/broker.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from contextlib import AsyncExitStack

from redis.exceptions import RedisError

from gateway.lifespan import open_streams_client
from gateway.live.broker import RedisFanout
from gateway.live.hub import Hub, LiveUpdatesUnavailable, Subscriber
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from loaders.streams import StreamReader

logger = logging.getLogger("gateway.live")

UNAVAILABLE = "Live updates are unavailable just now; subscribe again shortly."


class LiveUpdates:
    def __init__(self, settings: Settings, dynamodb: DynamoClient) -> None:
        self.settings = settings
        self.dynamodb = dynamodb
        self.hub = Hub(settings.live_queue_size)
        self.reading: asyncio.Task[None] | None = None
        self.starting = asyncio.Lock()
        self.resources = AsyncExitStack()

    async def subscribe(self, topics: list[str]) -> Subscriber:
        """A subscriber of `topics`, once the changes are being read (from now on)."""
        async with self.starting:
            if self.reading is None or self.reading.done():
                self.reading = await self._start()
        return self.hub.subscribe(topics)

    async def _start(self) -> asyncio.Task[None]:
        if self.settings.redis_url is None:
            return asyncio.create_task(self._read(await self._open_reader({})))
        fanout = RedisFanout(self.settings, self.hub, self._open_reader)
        try:
            await fanout.listen()
        except RedisError as error:
            await fanout.close()
            logger.warning("live updates: Redis cannot be reached: %s", error)
            raise LiveUpdatesUnavailable(UNAVAILABLE) from error
        return asyncio.create_task(self._fan_out(fanout))

    async def _open_reader(self, checkpoints: Mapping[str, str]) -> StreamReader:
        await self.resources.aclose()
        streams = await self.resources.enter_async_context(open_streams_client(self.settings))
        reader = StreamReader(self.dynamodb, streams, self.settings.table_prefix)
        try:
            await reader.open(checkpoints)
        except Exception as error:
            logger.warning("live updates: the streams cannot be read: %s", error)
            raise LiveUpdatesUnavailable(UNAVAILABLE) from error
        return reader

    async def _fan_out(self, fanout: RedisFanout) -> None:
        try:
            await fanout.run()
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("live updates: the Redis fan-out failed")
            self.hub.fail(UNAVAILABLE)

    async def _read(self, reader: StreamReader) -> None:
        pause = self.settings.live_poll_seconds
        try:
            while True:
                changes = await reader.poll()
                for change in changes:
                    self.hub.publish(change)
                await asyncio.sleep(0 if changes else pause)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("live updates: reading the streams failed")
            self.hub.fail(UNAVAILABLE)

    async def close(self) -> None:
        if self.reading is not None:
            self.reading.cancel()
            await asyncio.gather(self.reading, return_exceptions=True)
        await self.resources.aclose()
