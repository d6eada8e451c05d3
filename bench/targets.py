"""A GraphQL app served in this process (the gateway, the naive schema), posted to through
`httpx.ASGITransport` as a frontend would, with the call trace asked for."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from starlette.applications import Starlette

from bench.measure import Execute, Request, Sample
from bench.own_loop import client_of_app_on_own_loop

NOT_SERVED = "GRAPHQL_VALIDATION_FAILED"


def _payload_codes(value: Any) -> list[str]:
    """The codes of the `errors` lists of mutation payloads, anywhere in the data."""
    codes: list[str] = []
    if isinstance(value, dict):
        for name, inner in value.items():
            if name == "errors" and isinstance(inner, list):
                codes += [f"payload:{e.get('code')}" for e in inner if isinstance(e, dict)]
            else:
                codes += _payload_codes(inner)
    elif isinstance(value, list):
        for inner in value:
            codes += _payload_codes(inner)
    return codes


class AsgiTarget:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    @classmethod
    @asynccontextmanager
    async def serving(cls, app: Starlette) -> AsyncIterator[AsgiTarget]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", timeout=60
            ) as http:
                yield cls(http)

    @classmethod
    @asynccontextmanager
    async def serving_on_own_loop(cls, app: Starlette) -> AsyncIterator[AsgiTarget]:
        """The app as a server of its own (`bench.own_loop`): for one that blocks its loop."""
        async with client_of_app_on_own_loop(app) as http:
            yield cls(http)

    async def post(self, document: str, request: Request, *, trace: bool) -> dict[str, Any]:
        headers = {"X-Gateway-Trace": "1"} if trace else {}
        if request.token:
            headers["Authorization"] = f"Bearer {request.token}"
        response = await self.http.post(
            "/graphql", json={"query": document, "variables": request.variables}, headers=headers
        )
        body: dict[str, Any] = response.json()
        return body

    def executor(self, document: str) -> Execute:
        async def execute(request: Request) -> Sample:
            started = time.perf_counter()
            body = await self.post(document, request, trace=True)
            ms = (time.perf_counter() - started) * 1000
            trace = (body.get("extensions") or {}).get("dynamodb") or {}
            calls = trace.get("calls", [])
            errors = [
                str((e.get("extensions") or {}).get("code", "ERROR"))
                for e in body.get("errors", [])
            ]
            return Sample(
                ms=ms,
                cpu_ms=0.0,
                calls=int(trace.get("count", 0)),
                rounds=int(trace.get("rounds", 0)),
                read_capacity=sum(c.get("readCapacity", 0) for c in calls),
                write_capacity=sum(c.get("writeCapacity", 0) for c in calls),
                errors=tuple(errors + _payload_codes(body.get("data"))),
                call_list=tuple(
                    {"operation": c["operation"], "tables": c["tables"], "keys": c["keys"]}
                    for c in calls
                ),
            )

        return execute
