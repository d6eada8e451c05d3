"""OpenTelemetry: nothing without configuration; configured, a span per request and a
child span per DynamoDB call, with the calls' own times."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from gateway.observability.tracing import RequestTracer, tracer_from_environment, tracer_with
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient
from tests.observability.conftest import Observed

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"


def test_tracing_is_off_without_an_endpoint() -> None:
    assert tracer_from_environment({}) is None


def test_tracing_is_off_without_the_otel_extra(caplog: pytest.LogCaptureFixture) -> None:
    """The dev extra has the SDK but not the OTLP exporter (the `otel` extra)."""
    with caplog.at_level(logging.WARNING, logger="gateway.tracing"):
        tracer = tracer_from_environment({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://otel:4318"})
    assert tracer is None
    assert "shop-gateway[otel]" in caplog.text


async def test_the_app_traces_nothing_by_default(observed: Observed) -> None:
    assert observed.observability.tracer is None


@pytest.fixture
def spans(observed: Observed) -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    observed.observability.tracer = tracer_with(exporter, batch=False)
    yield exporter
    observed.observability.tracer = None


async def test_a_request_is_a_span_and_its_calls_are_its_children(
    observed_graphql: GraphQLClient, catalog: Catalog, spans: InMemorySpanExporter
) -> None:
    response = await observed_graphql(
        "query Cards($ids: [ID!]!) { products(ids: $ids) { id sellers { seller { id } } } }",
        {"ids": catalog.headphone_ids},
        headers={"traceparent": f"00-{TRACE_ID}-00f067aa0ba902b7-01"},
    )
    finished = spans.get_finished_spans()
    (request,) = [s for s in finished if s.kind is SpanKind.SERVER]
    calls = [s for s in finished if s.kind is SpanKind.CLIENT]
    assert request.name == "POST /graphql"
    assert dict(request.attributes or {}) | {"gateway.request_id": None} == {
        "http.request.method": "POST",
        "url.path": "/graphql",
        "http.response.status_code": 200,
        "graphql.operation.name": "Cards",
        "gateway.request_id": None,
    }
    assert (request.attributes or {})["gateway.request_id"] == response.headers["X-Request-ID"]
    assert format(request.context.trace_id, "032x") == TRACE_ID  # the caller's trace
    assert sorted(s.name for s in calls) == sorted(
        f"DynamoDB.{c['operation']}" for c in response.calls
    )
    for call in calls:
        assert call.parent is not None
        assert call.parent.span_id == request.context.span_id
        assert request.start_time is not None
        assert call.start_time is not None
        assert request.end_time is not None
        assert call.end_time is not None
        assert request.start_time <= call.start_time <= call.end_time <= request.end_time


def test_a_tracer_is_built_from_an_exporter() -> None:
    assert isinstance(tracer_with(InMemorySpanExporter(), batch=False), RequestTracer)
