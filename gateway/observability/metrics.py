"""Prometheus metrics of the requests and their DynamoDB calls, served at `/metrics`.

Each app has its own registry. Under uvicorn with several workers each process counts
apart, and a scrape reaches one of them at random: `python -m gateway serve --workers N`
(N > 1) therefore sets `PROMETHEUS_MULTIPROC_DIR` to a fresh directory unless it is set,
and then every process writes its values there and `/metrics` sums them all
(prometheus-client's multiprocess mode).

Label values are bounded: the operation label takes the first `MAX_OPERATION_NAMES`
names a process sees (a name is the client's choice), then `(other)`; tables are the
model's, codes and failures are the gateway's own.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import tempfile

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    multiprocess,
)
from prometheus_client.exposition import choose_encoder
from starlette.requests import Request
from starlette.responses import Response

from loaders.calls import CallLog

MAX_OPERATION_NAMES = 200
ANONYMOUS = "(anonymous)"  # GraphQL names cannot contain parentheses: no clash
OTHER = "(other)"
NONE = "(none)"  # refused before GraphQL ran (a 4xx), or not a GraphQL request
BATCH = "(batch)"

_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def multiprocess_mode() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._names: set[str] = set()
        if not multiprocess_mode():
            ProcessCollector(registry=self.registry)
        r = self.registry
        self.requests = Counter(
            "gateway_requests",
            "HTTP requests, by operation and status",
            ["operation", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "gateway_request_duration_seconds",
            "Time to answer a request, by operation",
            ["operation"],
            buckets=_SECONDS,
            registry=r,
        )
        self.errors = Counter(
            "gateway_errors", "GraphQL errors, by extensions.code", ["code"], registry=r
        )
        self.calls = Counter(
            "gateway_dynamodb_calls",
            "DynamoDB calls (each attempt), by operation and table",
            ["operation", "table"],
            registry=r,
        )
        self.call_latency = Histogram(
            "gateway_dynamodb_call_duration_seconds",
            "Time of one DynamoDB call, by operation",
            ["operation"],
            buckets=_SECONDS,
            registry=r,
        )
        self.failures = Counter(
            "gateway_dynamodb_call_failures",
            "DynamoDB calls that failed, by operation and fault (or error class)",
            ["operation", "failure"],
            registry=r,
        )
        self.retries = Counter(
            "gateway_dynamodb_retries",
            "Work sent to DynamoDB again, by reason: throttled, conflict, timeout, "
            "connection, server_error, unprocessed_keys, unprocessed_items",
            ["reason"],
            registry=r,
        )
        self.capacity = Counter(
            "gateway_dynamodb_consumed_capacity_units",
            "Capacity units DynamoDB reported consumed, by table and kind (read, write)",
            ["table", "kind"],
            registry=r,
        )

    def operation_label(self, names: list[str | None]) -> str:
        """The label of a request's operation(s), within the cardinality bound."""
        if not names:
            return NONE
        if len(names) > 1:
            return BATCH
        name = names[0]
        if name is None:
            return ANONYMOUS
        if name in self._names:
            return name
        if len(self._names) < MAX_OPERATION_NAMES:
            self._names.add(name)
            return name
        return OTHER

    def observe(
        self,
        operation: str,
        status: int,
        seconds: float,
        error_codes: list[str],
        log: CallLog | None,
    ) -> None:
        self.requests.labels(operation, str(status)).inc()
        self.latency.labels(operation).observe(seconds)
        for code in error_codes:
            self.errors.labels(code).inc()
        if log is None:
            return
        for call in log.calls:
            for table in call.tables:
                self.calls.labels(call.operation, table).inc()
            self.call_latency.labels(call.operation).observe(call.ms / 1000)
            if call.failure is not None:
                self.failures.labels(call.operation, call.failure).inc()
            for table, (read, write) in call.capacity.items():
                if read:
                    self.capacity.labels(table, "read").inc(read)
                if write:
                    self.capacity.labels(table, "write").inc(write)
        for reason, count in log.retries.items():
            self.retries.labels(reason).inc(count)

    async def endpoint(self, request: Request) -> Response:
        """`/metrics`: this process's registry, or every process's in multiprocess mode."""
        registry = self.registry
        if multiprocess_mode():
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        encoder, content_type = choose_encoder(request.headers.get("accept", ""))
        return Response(encoder(registry), media_type=content_type)


def share_between_workers(workers: int) -> None:
    """Before uvicorn starts `workers` processes: with more than one, their metrics go to
    one directory (`PROMETHEUS_MULTIPROC_DIR`, a new one unless set; emptied of the last
    run's files), so that `/metrics` in any of them sums them all."""
    if workers <= 1:
        return
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory:
        directory = tempfile.mkdtemp(prefix="gateway-metrics-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
    os.makedirs(directory, exist_ok=True)
    for stale in glob.glob(os.path.join(directory, "*.db")):
        os.remove(stale)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
