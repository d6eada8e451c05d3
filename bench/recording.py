"""DynamoDB calls made by the floor and the naive schema, recorded as the gateway's are."""

from __future__ import annotations

import re
import time
from typing import Any

from loaders.calls import Call, CallLog

DynamoClient = Any  # aiobotocore's client is generated at run time and has no types


def _method(operation: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", operation).lower()


class Recorder:
    """Sends DynamoDB calls through one aioboto3 client and logs each, with its capacity."""

    def __init__(self, client: DynamoClient) -> None:
        self.client = client
        self.log = CallLog()

    async def __call__(self, operation: str, **request: Any) -> dict[str, Any]:
        items = request.get("RequestItems") or {}
        tables = tuple(items) if items else (request.get("TableName", ""),)
        keys = sum(len(v.get("Keys", v)) for v in items.values()) if items else 1
        call = Call(operation, tables, keys, started=time.perf_counter())
        self.log.calls.append(call)
        try:
            method = getattr(self.client, _method(operation))
            response: dict[str, Any] = await method(**request, ReturnConsumedCapacity="TOTAL")
        finally:
            call.ms = (time.perf_counter() - call.started) * 1000
        consumed = response.get("ConsumedCapacity")
        for entry in consumed if isinstance(consumed, list) else [consumed] if consumed else []:
            call.read_capacity += entry.get("ReadCapacityUnits", entry.get("CapacityUnits", 0)) or 0
            call.write_capacity += entry.get("WriteCapacityUnits", 0) or 0
        return response
