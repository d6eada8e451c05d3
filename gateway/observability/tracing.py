"""OpenTelemetry spans, when configured: one span per request, a child span per DynamoDB
call. Configured means the `otel` extra is installed and `OTEL_EXPORTER_OTLP_ENDPOINT`
is set; otherwise `tracer_from_environment` gives None and nothing is traced.

The spans are made when the request ends, from its `CallLog` and with the calls' own
start and end times: the loaders know nothing of tracing, and a request costs nothing
more when tracing is off. An incoming `traceparent` header makes the request span its
child. The exporter, its endpoint, headers and the service name (`OTEL_SERVICE_NAME`,
default `shop-gateway`) follow the OTEL_* variables.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from loaders.calls import CallLog

if TYPE_CHECKING:
    from opentelemetry.sdk.trace.export import SpanExporter
    from opentelemetry.trace import Tracer

logger = logging.getLogger("gateway.tracing")

SERVICE_NAME = "shop-gateway"


class RequestTracer:
    def __init__(self, tracer: Tracer) -> None:
        self.tracer = tracer

    def record(
        self,
        name: str,
        *,
        started_ns: int,
        started: float,
        seconds: float,
        headers: Mapping[str, str],
        attributes: dict[str, Any],
        log: CallLog | None,
        failed: bool,
    ) -> None:
        """The request's span (`started_ns`: wall clock; `started`: perf_counter, the
        clock of the calls) and its calls' spans."""
        from opentelemetry import propagate, trace
        from opentelemetry.trace import SpanKind, Status, StatusCode

        def at(perf: float) -> int:
            return started_ns + int((perf - started) * 1e9)

        parent = propagate.extract(dict(headers))
        span = self.tracer.start_span(
            name, context=parent, kind=SpanKind.SERVER, start_time=started_ns, attributes=attributes
        )
        if failed:
            span.set_status(Status(StatusCode.ERROR))
        inside = trace.set_span_in_context(span, parent)
        for call in log.calls if log else []:
            child = self.tracer.start_span(
                f"DynamoDB.{call.operation}",
                context=inside,
                kind=SpanKind.CLIENT,
                start_time=at(call.started),
                attributes={
                    "db.system": "dynamodb",
                    "db.operation": call.operation,
                    "aws.dynamodb.table_names": list(call.tables),
                    "gateway.dynamodb.keys": call.keys,
                },
            )
            if call.failure is not None:
                child.set_status(Status(StatusCode.ERROR, call.failure))
            child.end(end_time=at(call.ended))
        span.end(end_time=at(started + seconds))


def tracer_with(exporter: SpanExporter, *, batch: bool = True) -> RequestTracer:
    """A tracer sending its spans to `exporter` (batched, or one by one for tests)."""
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", SERVICE_NAME)})
    provider = TracerProvider(resource=resource)
    processor = BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter)
    provider.add_span_processor(processor)
    return RequestTracer(provider.get_tracer("gateway"))


def tracer_from_environment(environ: Mapping[str, str] = os.environ) -> RequestTracer | None:
    """A tracer exporting over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` is set and the
    `otel` extra is installed; None (no tracing) otherwise."""
    if not environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        return None
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    except ImportError:
        logger.warning(
            "OTEL_EXPORTER_OTLP_ENDPOINT is set but OpenTelemetry is not installed "
            "(pip install 'shop-gateway[otel]'): no traces"
        )
        return None
    return tracer_with(OTLPSpanExporter())


def wall_clock() -> tuple[int, float]:
    """Now, on the wall clock (ns, for spans) and on the calls' clock (perf_counter)."""
    return time.time_ns(), time.perf_counter()
