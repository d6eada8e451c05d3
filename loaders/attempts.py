"""The Attempts table: failed attempts counted per account name and per client address.

Each count is one item, an atomic counter with a TTL, so that every replica of the gateway
sees the same counts. A failure adds one (UpdateItem); a count whose item has expired, but
that DynamoDB has not deleted yet (it deletes days late), starts again from one. Reading
the counts is the caller's: they go out in the request's BatchGetItem (`ItemLoader`), with
whatever else the same tick reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.errors import ConditionFailed
from loaders.keys import AccountAttemptsKey, ClientAttemptsKey
from loaders.writes import Delete, Update

AttemptsKey = AccountAttemptsKey | ClientAttemptsKey

_EXPIRED = "attribute_not_exists(pk) OR expires_at <= :now"
_LIVE = "expires_at > :now"


@dataclass(frozen=True)
class Failures:
    """What an Attempts item holds: how many failures, the last one's time (epoch s)."""

    count: int
    last_at: int

    @classmethod
    def from_item(cls, item: Item | None) -> Failures | None:
        if item is None:
            return None
        return cls(int(item.get("failures", 0)), int(item.get("last_failure_at", 0)))


def _identity(key: AttemptsKey) -> Item:
    if isinstance(key, AccountAttemptsKey):
        return {"entity": "AccountAttempts", "name": key.name.lower()}
    return {"entity": "ClientAttempts", "address": key.address}


async def record_failure(
    dynamo: Dynamo, key: AttemptsKey, now: int, expires_at: int, *, known: bool
) -> Failures:
    """One more failure at `now`, kept until `expires_at`; the count after it.

    `known`: the item was read live, so the counter most likely goes on from its value
    (else it most likely starts at one); a concurrent change that proves the guess wrong
    makes the other write, whose condition then holds.
    """
    when = {"last_failure_at": now, "expires_at": expires_at}
    more = Update(key, when, _LIVE, {":now": now}, adds={"failures": 1})
    first = Update(key, {**_identity(key), "failures": 1, **when}, _EXPIRED, {":now": now})
    writes = (more, first) if known else (first, more)
    try:
        item = await dynamo.update(writes[0])
    except ConditionFailed:
        item = await dynamo.update(writes[1])
    failures = Failures.from_item(item)
    assert failures is not None
    return failures


def forget(key: AttemptsKey) -> Delete:
    """The write that forgets an account's failures (with its successful sign-in)."""
    return Delete(key)
