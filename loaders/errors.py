"""Translation of botocore failures into the gateway's errors: the one table of it."""

from __future__ import annotations

from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from gateway.errors import GatewayError, ServiceUnavailable


class StorageError(GatewayError):
    """A DynamoDB answer that a use case may handle (as opposed to an outage)."""


class ConditionFailed(StorageError):
    """A condition expression did not hold."""


class TransactionCancelled(StorageError):
    """A transaction was cancelled; `reasons` has one code per action, in request order."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("transaction cancelled: " + ", ".join(reasons))
        self.reasons = reasons


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
    "ConditionalCheckFailedException": ConditionFailed,
}

NETWORK_ERRORS = (
    EndpointConnectionError,
    ConnectTimeoutError,
    ReadTimeoutError,
    ConnectionClosedError,
)


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
