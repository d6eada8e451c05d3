"""DynamoDB calls made by the floor and the naive schema, recorded as the gateway's are.

`Recorder` sends them through an aioboto3 client (the floor), `SyncRecorder` through a
boto3 one (the naive schema); both keep the same `CallLog`, so rounds are counted alike.
"""

from __future__ import annotations

import re
import time
from typing import Any

from loaders.calls import Call, CallLog

DynamoClient = Any  # aiobotocore's client is generated at run time and has no types
SyncDynamoClient = Any  # so is boto3's


def _method(operation: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", operation).lower()


def _started(log: CallLog, operation: str, request: dict[str, Any]) -> Call:
    items = request.get("RequestItems") or {}
    tables = tuple(items) if items else (request.get("TableName", ""),)
    keys = sum(len(v.get("Keys", v)) for v in items.values()) if items else 1
    call = Call(operation, tables, keys, started=time.perf_counter())
    log.calls.append(call)
    return call


def _ended(call: Call, response: dict[str, Any] | None) -> None:
    call.ms = (time.perf_counter() - call.started) * 1000
    consumed = (response or {}).get("ConsumedCapacity")
    for entry in consumed if isinstance(consumed, list) else [consumed] if consumed else []:
        call.read_capacity += entry.get("ReadCapacityUnits", entry.get("CapacityUnits", 0)) or 0
        call.write_capacity += entry.get("WriteCapacityUnits", 0) or 0


class Recorder:
    """Sends DynamoDB calls through one aioboto3 client and logs each, with its capacity."""

    def __init__(self, client: DynamoClient) -> None:
        self.client = client
        self.log = CallLog()

    async def __call__(self, operation: str, **request: Any) -> dict[str, Any]:
        call = _started(self.log, operation, request)
        response: dict[str, Any] | None = None
        try:
            method = getattr(self.client, _method(operation))
            response = await method(**request, ReturnConsumedCapacity="TOTAL")
        finally:
            _ended(call, response)
        return response


class SyncRecorder:
    """The same through one boto3 client: each call blocks until DynamoDB has answered."""

    def __init__(self, client: SyncDynamoClient) -> None:
        self.client = client
        self.log = CallLog()

    def __call__(self, operation: str, **request: Any) -> dict[str, Any]:
        call = _started(self.log, operation, request)
        response: dict[str, Any] | None = None
        try:
            method = getattr(self.client, _method(operation))
            response = method(**request, ReturnConsumedCapacity="TOTAL")
        finally:
            _ended(call, response)
        return response
