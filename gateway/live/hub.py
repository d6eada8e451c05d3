"""In-process fan-out: each subscriber has a bounded queue of the changes of its topics.

A subscriber that falls `capacity` changes behind is cut off (`SlowSubscriber`) rather than
slowing the others or growing without bound; when the source fails, every subscriber is
told (`LiveUpdatesUnavailable`) and its subscription ends, so clients reconnect.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable

from gateway.errors import ServiceUnavailable
from gateway.live.topics import topics_of
from loaders.streams import Change


class SlowSubscriber(ServiceUnavailable):
    """The subscriber did not keep up with its changes."""


class LiveUpdatesUnavailable(ServiceUnavailable):
    """The source of the changes failed."""


class Subscriber:
    def __init__(self, topics: tuple[str, ...], capacity: int) -> None:
        self.topics = topics
        self.queue: asyncio.Queue[Change | ServiceUnavailable] = asyncio.Queue(capacity + 1)
        self.capacity = capacity

    def offer(self, item: Change | ServiceUnavailable) -> None:
        if isinstance(item, Change) and self.queue.qsize() >= self.capacity:
            item = SlowSubscriber(
                f"This subscription fell more than {self.capacity} events behind and was ended;"
                " subscribe again."
            )
        if not self.queue.full():
            self.queue.put_nowait(item)

    async def changes(self) -> AsyncIterator[Change]:
        """The changes of its topics as they come; raises what ended them."""
        while True:
            item = await self.queue.get()
            if isinstance(item, ServiceUnavailable):
                raise item
            yield item


class Hub:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.by_topic: defaultdict[str, set[Subscriber]] = defaultdict(set)

    @property
    def subscribers(self) -> int:
        return len({s for group in self.by_topic.values() for s in group})

    def subscribe(self, topics: Iterable[str]) -> Subscriber:
        subscriber = Subscriber(tuple(topics), self.capacity)
        for topic in subscriber.topics:
            self.by_topic[topic].add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        for topic in subscriber.topics:
            group = self.by_topic.get(topic)
            if group is not None:
                group.discard(subscriber)
                if not group:
                    del self.by_topic[topic]

    def publish(self, change: Change) -> None:
        """Hands `change` to every subscriber of one of its topics, once."""
        reached = {s for topic in topics_of(change) for s in self.by_topic.get(topic, ())}
        for subscriber in reached:
            subscriber.offer(change)

    def fail(self, reason: str) -> None:
        """Ends every subscription with `reason`."""
        for subscriber in {s for group in self.by_topic.values() for s in group}:
            subscriber.offer(LiveUpdatesUnavailable(reason))
