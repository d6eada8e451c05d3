"""Guessing slowed down: failed attempts at a secret (a password, a reset code) counted per
account name and per client address, in DynamoDB so that every replica sees them.

After `per_account` failures at one name, or `per_client` failures from one client
address (whatever names it tried), further attempts are refused with TOO_MANY_ATTEMPTS
and the seconds to wait: `first_lock_seconds` after the failure that reached the limit,
doubled by each failure after it, at most `longest_lock_seconds`. The right secret is
refused too while locked, and a refused attempt checks no secret and writes nothing.
A count is forgotten `window_seconds` after its last lock ends; a success forgets the
name's count (not the client's: one account of one's own must not reset a guesser).

A use case that checks a secret (sign-in, a password change or reset):

    throttle = Throttle(loaders, rules_of(settings), name, client)
    await throttle.check()            # its reads join the tick's BatchGetItem
    if not secret_is_right:
        await throttle.failed()       # two UpdateItem, concurrent
        raise Rejected(...)
    writes = [*throttle.forget(), ...]  # with the success's own writes, one round

A name is counted whether or not an account has it, so the answers are the same.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass

from gateway.errors import Problem, Rejected, UserErrorCode
from gateway.settings import Settings
from loaders import attempts
from loaders.attempts import AttemptsKey, Failures
from loaders.keys import AccountAttemptsKey, ClientAttemptsKey
from loaders.request import RequestLoaders
from loaders.writes import Write

# Longer names are no valid username or email; their counts share the first characters.
MAX_NAME_LENGTH = 256


@dataclass(frozen=True)
class ThrottleRules:
    per_account: int = 5
    per_client: int = 20
    first_lock_seconds: int = 30
    longest_lock_seconds: int = 900
    window_seconds: int = 900

    def lock_seconds(self, failures: int, limit: int) -> int:
        """How long attempts are refused after the `failures`-th failure."""
        if failures < limit:
            return 0
        doublings = min(failures - limit, 32)  # past 32 the cap has long been reached
        return min(self.longest_lock_seconds, self.first_lock_seconds << doublings)


def rules_of(settings: Settings) -> ThrottleRules:
    return ThrottleRules(
        per_account=settings.attempts_per_account,
        per_client=settings.attempts_per_client,
        first_lock_seconds=settings.attempts_first_lock_seconds,
        longest_lock_seconds=settings.attempts_longest_lock_seconds,
        window_seconds=settings.attempts_window_seconds,
    )


def too_many_attempts(retry_after: int) -> Problem:
    return Problem(
        UserErrorCode.TOO_MANY_ATTEMPTS,
        f"Too many failed attempts; try again in {retry_after} seconds.",
        retry_after=retry_after,
    )


class Throttle:
    """The failed attempts at one account name from one client address, for one request."""

    def __init__(
        self, loaders: RequestLoaders, rules: ThrottleRules, name: str, client: str
    ) -> None:
        self.loaders = loaders
        self.rules = rules
        account = AccountAttemptsKey(name.strip()[:MAX_NAME_LENGTH])
        self.limits: dict[AttemptsKey, int] = {
            account: rules.per_account,
            ClientAttemptsKey(client): rules.per_client,
        }
        self.account = account
        self.seen: dict[AttemptsKey, Failures | None] = {}

    async def check(self) -> None:
        """Reads both counts (through the request's item loader: one BatchGetItem with
        what else this tick reads) and raises `Rejected` (TOO_MANY_ATTEMPTS) while locked."""
        keys = list(self.limits)
        items = await asyncio.gather(*(self.loaders.items.load(key) for key in keys))
        self.seen = {key: Failures.from_item(item) for key, item in zip(keys, items, strict=True)}
        now = time.time()
        wait = max(self._locked_until(key) - now for key in keys)
        if wait > 0:
            raise Rejected(too_many_attempts(math.ceil(wait)))

    async def failed(self) -> None:
        """Counts one failure at the name and from the client."""
        now = int(time.time())
        await asyncio.gather(*(self._count(key, now) for key in self.limits))

    def forget(self) -> list[Write]:
        """The writes that forget the name's failures (none if it had none), to send with
        the success's own writes."""
        return [attempts.forget(self.account)] if self.seen.get(self.account) else []

    def _locked_until(self, key: AttemptsKey) -> float:
        failures = self.seen.get(key)
        if failures is None:
            return 0
        return failures.last_at + self.rules.lock_seconds(failures.count, self.limits[key])

    async def _count(self, key: AttemptsKey, now: int) -> None:
        seen = self.seen.get(key)
        expected = (seen.count if seen else 0) + 1
        lock = self.rules.lock_seconds(expected, self.limits[key])
        expires_at = now + lock + self.rules.window_seconds
        await attempts.record_failure(
            self.loaders.dynamo, key, now, expires_at, known=seen is not None
        )
