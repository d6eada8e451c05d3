"""A cost budget per client, per process: a leaky bucket, as Shopify's GraphQL API has.

Each client (the signed-in user, else its address: gateway/client_address.py) has a
bucket of `capacity` points, refilled at `restore_rate` points a second. Points are the
estimated cost of gateway/query_cost.py (DynamoDB calls, times the pages around them).
An operation takes its estimated cost before it runs; one that costs more than is left is
refused with HTTP 429, RATE_LIMITED and `Retry-After` (the seconds until enough is back),
and runs nothing. After it runs, what it did not spend (its estimate less the DynamoDB
calls it made; in a batch, those its sibling operations made meanwhile count too) goes
back into the bucket. `extensions.cost` says requested, actual, remaining, capacity and
restoreRate.

The buckets live in the process: N processes (workers times replicas) behind a balancer
that spreads a client's requests give it up to N times the budget. Buckets of the least
recently seen clients are dropped past `max_clients` (one comes back full).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gateway.context import Context
from gateway.errors import RateLimited

RETRY_AFTER = "Retry-After"


@dataclass
class _Bucket:
    available: float
    updated: float


class CostBudget:
    def __init__(
        self,
        capacity: int,
        restore_rate: float,
        max_clients: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.capacity = capacity
        self.restore_rate = restore_rate
        self.max_clients = max_clients
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def _bucket(self, client: str) -> _Bucket:
        now = self.clock()
        bucket = self._buckets.get(client)
        if bucket is None:
            bucket = self._buckets[client] = _Bucket(self.capacity, now)
            if len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(client)
            restored = (now - bucket.updated) * self.restore_rate
            bucket.available = min(self.capacity, bucket.available + restored)
            bucket.updated = now
        return bucket

    def take(self, client: str, points: int) -> int | None:
        """Takes `points` from the client's bucket: None if they were there, else the
        seconds until they will be (nothing taken)."""
        bucket = self._bucket(client)
        if points <= bucket.available:
            bucket.available -= points
            return None
        return max(1, math.ceil((points - bucket.available) / self.restore_rate))

    def give_back(self, client: str, points: int) -> None:
        bucket = self._bucket(client)
        bucket.available = min(self.capacity, bucket.available + points)

    def remaining(self, client: str) -> int:
        return math.floor(self._bucket(client).available)

    def charge(self, context: object, cost: int) -> Charge | None:
        """Charges one operation of `context` (the gateway's Context) its estimated cost;
        None outside of a request. A refused charge sets the HTTP status and Retry-After."""
        if not isinstance(context, Context):
            return None
        client = _client_of(context)
        wait = self.take(client, cost)
        charge = Charge(self, context, client, cost, len(context.loaders.dynamo.log.calls))
        if wait is not None:
            charge.refusal = RateLimited(
                f"The cost budget is spent: this operation costs {cost}, and "
                f"{self.remaining(client)} of {self.capacity} is left, restored at "
                f"{self.restore_rate:g} a second; retry in {wait} s.",
                retry_after=wait,
            )
            context.response.status_code = 429
            context.response.headers[RETRY_AFTER] = str(wait)
        return charge


def _client_of(context: Context) -> str:
    claimed = context.caller.claimed
    return f"user:{claimed.user_id}" if claimed else f"address:{context.client_address}"


@dataclass
class Charge:
    """One operation's charge on its client's bucket."""

    budget: CostBudget
    context: Context
    client: str
    requested: int
    calls_before: int
    refusal: RateLimited | None = None
    actual: int = 0

    def settle(self) -> None:
        """After the operation: what it did not spend goes back."""
        if self.refusal is not None:
            return
        self.actual = len(self.context.loaders.dynamo.log.calls) - self.calls_before
        unspent = self.requested - self.actual
        if unspent > 0:
            self.budget.give_back(self.client, unspent)

    def as_dict(self) -> dict[str, Any]:
        return {
            "actual": self.actual,
            "remaining": self.budget.remaining(self.client),
            "capacity": self.budget.capacity,
            "restoreRate": self.budget.restore_rate,
        }
