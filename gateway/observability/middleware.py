"""The middleware that sees every HTTP request whole: it gives each one a request id (the
`X-Request-ID` of every response, 4xx refusals before GraphQL included), then writes
its log line, its metrics and its spans from what the request's context recorded."""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.context import Context
from gateway.graphql_http import CONTEXT_KEY
from gateway.observability.logs import log_request
from gateway.observability.metrics import Metrics
from gateway.observability.tracing import RequestTracer, tracer_from_environment, wall_clock
from gateway.request_id import REQUEST_ID_HEADER, request_id_of

logger = logging.getLogger("gateway.observability")
Endpoint = Callable[[Request], Awaitable[Response]]

# Probes and scrapes: answered with a request id, but neither logged nor counted.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class Observability:
    """What an app observes with; `app.state.observability` (tests swap the tracer)."""

    def __init__(self, metrics: Metrics, tracer: RequestTracer | None) -> None:
        self.metrics = metrics
        self.tracer = tracer


def observed(app: Starlette, metrics_token: str | None = None) -> Starlette:
    """`app` with the observability middleware and `/metrics` (only for a bearer of
    `metrics_token`, when there is one)."""
    observability = Observability(Metrics(), tracer_from_environment())
    app.state.observability = observability
    app.add_route("/metrics", guarded(observability.metrics.endpoint, metrics_token), ["GET"])
    app.add_middleware(ObservabilityMiddleware, observability=observability)
    return app


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp, observability: Observability) -> None:
        self.app = app
        self.observability = observability

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _adopt_request_id(scope)
        started_ns, started = wall_clock()
        status = 500
        answered = False

        async def sending(message: Message) -> None:
            nonlocal status, answered
            if message["type"] == "http.response.start":
                status, answered = message["status"], True
                headers = MutableHeaders(scope=message)
                if REQUEST_ID_HEADER not in headers:
                    headers["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            if not answered:  # the id reaches the caller, and the stack trace the log
                await _internal_error(send, request_id)
            raise
        finally:
            if scope["path"] not in QUIET_PATHS:
                self._record(scope, request_id, status, started_ns, started)

    def _record(
        self, scope: Scope, request_id: str, status: int, started_ns: int, started: float
    ) -> None:
        seconds = time.perf_counter() - started
        context: Context | None = scope.get(CONTEXT_KEY)
        operations = context.observation.operations if context else []
        codes = context.observation.error_codes if context else []
        log = context.loaders.dynamo.log if context else None
        metrics = self.observability.metrics
        label = metrics.operation_label([o.name for o in operations])
        fields: dict[str, Any] = {
            "requestId": request_id,
            "method": scope["method"],
            "path": scope["path"],
            "status": status,
            "operation": label if operations else None,
            "durationMs": round(seconds * 1000, 2),
            "errorCodes": codes,
        }
        if log is not None:
            read, write = log.capacity()
            fields |= {
                "dynamodbCalls": len(log.calls),
                "dynamodbRounds": log.rounds(),
                "readCapacity": read,
                "writeCapacity": write,
                "retries": dict(log.retries),
            }
        try:
            log_request(fields, status, codes)
            metrics.observe(label, status, seconds, codes, log)
            if self.observability.tracer is not None:
                self.observability.tracer.record(
                    f"{scope['method']} {scope['path']}",
                    started_ns=started_ns,
                    started=started,
                    seconds=seconds,
                    headers=Request(scope).headers,
                    attributes={
                        "http.request.method": scope["method"],
                        "url.path": scope["path"],
                        "http.response.status_code": status,
                        "graphql.operation.name": label,
                        "gateway.request_id": request_id,
                    },
                    log=log,
                    failed=status >= 500 or "INTERNAL_SERVER_ERROR" in codes,
                )
        except Exception:  # observing must never fail a request
            logger.exception("could not record request %s", request_id)


def _adopt_request_id(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a sane token, else a new one, written into the
    request's headers so that everything after (the GraphQL view) reads the same id."""
    request_id = request_id_of(Request(scope))
    name = REQUEST_ID_HEADER.encode()
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != name]
    scope["headers"] = [*headers, (name, request_id.encode())]
    return request_id


async def _internal_error(send: Send, request_id: str) -> None:
    body = json.dumps(
        {
            "data": None,
            "errors": [
                {
                    "message": "Internal server error",
                    "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
                }
            ],
        }
    ).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (REQUEST_ID_HEADER.encode(), request_id.encode()),
    ]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def guarded(endpoint: Endpoint, token: str | None) -> Endpoint:
    """`endpoint`, answering 401 to a request without `Authorization: Bearer <token>`."""
    if token is None:
        return endpoint
    expected = f"Bearer {token}".encode()

    async def checked(request: Request) -> Response:
        offered = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(offered, expected):
            return PlainTextResponse(
                "Send the metrics token: Authorization: Bearer <GATEWAY_METRICS_TOKEN>.",
                401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        return await endpoint(request)

    return checked
