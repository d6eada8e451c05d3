"""A long-lived subscription's memory stays flat: each event collects its subfields anew,
rather than adding them to a memo shared with every event before it."""

from __future__ import annotations

import gc
from collections.abc import AsyncGenerator

import strawberry
from graphql.execution.collect_fields import CollectedFields

from schema.execution import GatewayExecutionContext


@strawberry.type
class Inner:
    value: int


@strawberry.type
class Event:
    number: int

    @strawberry.field
    def inner(self) -> Inner:
        return Inner(value=self.number)


@strawberry.type
class Query:
    ping: bool = True


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def events(self, count: int) -> AsyncGenerator[Event, None]:
        for number in range(count):
            yield Event(number=number)


def _collected() -> int:
    gc.collect()
    return sum(isinstance(o, CollectedFields) for o in gc.get_objects())


async def _kept_alive_by(execution_context_class: type | None, events: int) -> int:
    schema = strawberry.Schema(
        query=Query, subscription=Subscription, execution_context_class=execution_context_class
    )
    stream = await schema.subscribe(
        f"subscription {{ events(count: {events}) {{ inner {{ value }} }} }}"
    )
    assert not isinstance(stream, strawberry.types.ExecutionResult)
    before = _collected()
    seen = 0
    async for result in stream:
        assert not result.errors
        seen += 1
        if seen == events:
            growth = _collected() - before  # the stream still open: its executor alive
    await stream.aclose()
    return growth


async def test_a_subscriptions_events_keep_nothing_of_each_other_alive() -> None:
    assert await _kept_alive_by(GatewayExecutionContext, 200) < 10
    # graphql-core's own executor keeps every event's collected subfields.
    assert await _kept_alive_by(None, 200) >= 200
