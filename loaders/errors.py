"""Translation of botocore failures into the gateway's errors: the one table of it, and
the kind of fault each transient failure is (what `loaders/retries.py` decides on)."""

from __future__ import annotations

from enum import StrEnum

from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from gateway.errors import GatewayError, Problem, Rejected, ServiceUnavailable, UserErrorCode


class StorageError(GatewayError):
    """A DynamoDB answer that a use case may handle (as opposed to an outage)."""


class ConditionFailed(StorageError):
    """A condition expression did not hold."""


# The ClientError code of a failed condition, and a cancelled transaction's reason for one.
CONDITION_FAILED = "ConditionalCheckFailedException"
CONDITION_FAILED_REASON = "ConditionalCheckFailed"


class TransactionCancelled(StorageError):
    """A transaction was cancelled; `reasons` has one code per action, in request order."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("transaction cancelled: " + ", ".join(reasons))
        self.reasons = reasons


class KeyRefused(Rejected):
    """A write whose key DynamoDB would refuse (an id, slug or code empty or too long): the
    caller's mistake, listed in a mutation's payload as INVALID_INPUT. Use cases check
    their inputs first, naming the argument; this catches any that reaches the storage."""

    def __init__(self, attributes: list[str]) -> None:
        super().__init__(
            Problem(
                UserErrorCode.INVALID_INPUT,
                "An id, slug or code here is empty or too long: ids are 1 to 1,024 bytes.",
            )
        )
        self.attributes = attributes


class Fault(StrEnum):
    """A transient failure of one call, named by what it says of the call's effect."""

    THROTTLED = "throttled"  # refused for capacity or rate: nothing was applied
    CONFLICT = "conflict"  # refused because a transaction held the item: nothing was applied
    UNREACHABLE = "connection"  # no connection was made: nothing was sent
    TIMEOUT = "timeout"  # sent, and no answer came: it may have been applied
    SERVER_ERROR = "server_error"  # DynamoDB failed inside: it may have been applied


UNAVAILABLE = "DynamoDB is unavailable; try again shortly."

# ClientError code -> what the caller sees. Codes absent here are bugs of ours and
# surface as masked internal errors.
ERRORS: dict[str, type[GatewayError]] = {
    "ProvisionedThroughputExceededException": ServiceUnavailable,
    "ThrottlingException": ServiceUnavailable,
    "RequestLimitExceeded": ServiceUnavailable,
    "InternalServerError": ServiceUnavailable,
    "ServiceUnavailable": ServiceUnavailable,
    "ResourceNotFoundException": ServiceUnavailable,
    "TransactionInProgressException": ServiceUnavailable,
    "TransactionConflictException": ServiceUnavailable,
    CONDITION_FAILED: ConditionFailed,
}

# ClientError code -> the fault it is. A cancelled transaction is not here: its reasons
# are read by `Dynamo._transact` (a `TransactionConflict` reason is retried there).
FAULTS: dict[str, Fault] = {
    "ProvisionedThroughputExceededException": Fault.THROTTLED,
    "ThrottlingException": Fault.THROTTLED,
    "RequestLimitExceeded": Fault.THROTTLED,
    # The same ClientRequestToken while the first transaction with it still runs.
    "TransactionInProgressException": Fault.THROTTLED,
    "TransactionConflictException": Fault.CONFLICT,
    "InternalServerError": Fault.SERVER_ERROR,
    "ServiceUnavailable": Fault.SERVER_ERROR,
}

NETWORK_ERRORS = (
    EndpointConnectionError,
    ConnectTimeoutError,
    ReadTimeoutError,
    ConnectionClosedError,
)


def fault_of(error: Exception) -> Fault | None:
    """The kind of transient failure `error` is; None for an answer or a bug."""
    if isinstance(error, (EndpointConnectionError, ConnectTimeoutError)):
        return Fault.UNREACHABLE  # ConnectTimeoutError: the connection was never made
    if isinstance(error, (ReadTimeoutError, ConnectionClosedError)):
        return Fault.TIMEOUT
    if isinstance(error, ClientError):
        return FAULTS.get(error.response.get("Error", {}).get("Code", ""))
    return None


def failure_of(error: Exception) -> str:
    """How a failed call is named in the call log: its fault, or its error code."""
    fault = fault_of(error)
    if fault is not None:
        return fault.value
    if isinstance(error, ClientError):
        code: str = error.response.get("Error", {}).get("Code", "")
        return code or type(error).__name__
    return type(error).__name__


def translate(error: Exception) -> Exception:
    """The gateway error for a botocore failure, or the failure itself if it is a bug."""
    untranslated: Exception = error  # botocore is untyped: narrowing would make this Any
    if isinstance(error, NETWORK_ERRORS):
        return ServiceUnavailable(UNAVAILABLE)
    if not isinstance(error, ClientError):
        return error
    code: str = error.response.get("Error", {}).get("Code", "")
    if code == "TransactionCanceledException":
        reasons = [r.get("Code", "None") for r in error.response.get("CancellationReasons", [])]
        return TransactionCancelled(reasons)
    kind = ERRORS.get(code)
    if kind is None:
        return untranslated  # not ours to translate: a bug, masked as an internal error
    if kind is ServiceUnavailable:
        return ServiceUnavailable(UNAVAILABLE)
    return kind(code)
