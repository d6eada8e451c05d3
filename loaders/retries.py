"""What the gateway does when DynamoDB fails a call or hands work back: the one place
that decides which faults are retried, how often, and how far apart.

The SDK's own retries are off (`SDK_ATTEMPTS`): botocore's standard mode retries every
operation alike, a conditional write whose answer timed out after DynamoDB applied it
included, and its attempts show in neither the call log, the trace nor the metrics.
`Dynamo` retries instead; each attempt is a call in the request's `CallLog`.

| fault (`loaders/errors.py`)              | reads, BatchWriteItem | PutItem, UpdateItem, DeleteItem | TransactWriteItems |
| ---------------------------------------- | --------------------- | ------------------------------- | ------------------ |
| throttled, conflict, unreachable         | retried               | retried (nothing was applied)   | retried            |
| timeout, server error                    | retried               | SERVICE_UNAVAILABLE             | retried, same ClientRequestToken |

Reads are idempotent; BatchWriteItem only puts whole items. A transaction is sent with
one `ClientRequestToken` for all its fault retries, so DynamoDB applies it at most once
(tokens are honoured for 10 minutes, far beyond `FAULT_RETRY`'s few seconds); after a
cancellation nothing was applied, and it is sent again with a new token. A single-item
write whose outcome is unknown is not resent: its condition could fail on its own
success, or an update be applied twice.

Three loops, each bounded, each with exponential backoff and full jitter:
`FAULT_RETRY` (the faults above, per call), `UNPROCESSED_RETRY` (keys and items
BatchGetItem and BatchWriteItem hand back; `Dynamo.retry`) and, for transactions
cancelled only by conflicts or throttling (`RETRIED_CANCELLATIONS`), the same
`Dynamo.retry`. `OPTIMISTIC_RETRY` is the use cases' loop: read again, decide again,
write again. A call that times out every time costs up to `FAULT_RETRY.attempts` read
timeouts; the request's own time limit (GATEWAY_REQUEST_TIMEOUT_SECONDS) may end it first.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from loaders.errors import Fault

# The SDK's attempts per call: 1, so that only `Dynamo` retries (see above).
SDK_ATTEMPTS = 1


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter: attempt n waits uniform(0, min(cap, base·2ⁿ))."""

    attempts: int = 6
    base_seconds: float = 0.025
    cap_seconds: float = 1.0

    def delay(self, attempt: int) -> float:
        return random.uniform(0, min(self.cap_seconds, self.base_seconds * 2**attempt))


# Throttling, timeouts, connection and server errors: 4 attempts (the SDK's standard mode
# made as many before), at most 0.35 s of backoff in all. Past them the request is
# SERVICE_UNAVAILABLE: a longer wait is the caller's to choose.
FAULT_RETRY = RetryPolicy(attempts=4, base_seconds=0.05, cap_seconds=1.0)

# Keys and items DynamoDB left unprocessed (it does so under load): 6 attempts.
UNPROCESSED_RETRY = RetryPolicy(attempts=6, base_seconds=0.025, cap_seconds=1.0)

# A transaction whose condition on a value it read failed (a concurrent writer got
# there first) is re-read and retried: bounded, so that a hot item gives
# SERVICE_UNAVAILABLE rather than an endless request. 30 attempts carry 100 concurrent
# checkouts of one listing in the tests.
OPTIMISTIC_RETRY = RetryPolicy(attempts=30, base_seconds=0.02, cap_seconds=0.5)

READS = frozenset({"GetItem", "BatchGetItem", "Query", "Scan"})
# Operations that may be sent again whatever became of the first attempt.
IDEMPOTENT = READS | {"BatchWriteItem", "TransactWriteItems"}
# Faults after which DynamoDB has applied nothing.
NOTHING_APPLIED = frozenset({Fault.THROTTLED, Fault.CONFLICT, Fault.UNREACHABLE})


def may_retry(operation: str, fault: Fault) -> bool:
    """Whether a call of `operation` that failed with `fault` may be sent again."""
    return fault in NOTHING_APPLIED or operation in IDEMPOTENT


# Reasons of a cancelled transaction (one per action) under which it is sent again:
# a cancelled transaction applied nothing, and these say nothing was wrong with it.
RETRIED_CANCELLATIONS = {
    "TransactionConflict": Fault.CONFLICT,
    "ThrottlingError": Fault.THROTTLED,
    "ProvisionedThroughputExceeded": Fault.THROTTLED,
}


def retried_cancellation(reasons: list[str]) -> Fault | None:
    """The fault to retry a transaction cancelled for `reasons` under, or None when a
    reason (a failed condition, say) is the caller's to handle."""
    faults = [RETRIED_CANCELLATIONS.get(r) for r in reasons if r != "None"]
    if not faults or None in faults:
        return None
    return Fault.CONFLICT if Fault.CONFLICT in faults else Fault.THROTTLED
