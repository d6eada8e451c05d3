"""Posting GraphQL through the real ASGI app, as a frontend would."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.types import ASGIApp


@dataclass
class GraphQLResponse:
    status: int
    body: dict[str, Any]
    headers: httpx.Headers

    @property
    def data(self) -> Any:
        assert "errors" not in self.body, self.body["errors"]
        return self.body["data"]

    @property
    def error_codes(self) -> list[str]:
        return [e["extensions"]["code"] for e in self.body.get("errors", [])]

    @property
    def calls(self) -> list[dict[str, Any]]:
        """The DynamoDB calls the request made (asked for with the trace header)."""
        return list(self.body["extensions"]["dynamodb"]["calls"])

    def call_count(self, operation: str | None = None) -> int:
        return sum(1 for c in self.calls if operation is None or c["operation"] == operation)


@dataclass
class GraphQLClient:
    http: httpx.AsyncClient

    @classmethod
    @asynccontextmanager
    async def over(
        cls, app: ASGIApp, client: tuple[str, int] = ("127.0.0.1", 123)
    ) -> AsyncIterator[GraphQLClient]:
        """`client`: the address the app sees the requests come from."""
        transport = httpx.ASGITransport(app=app, client=client)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield cls(http)

    async def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        trace: bool = True,
        headers: dict[str, str] | None = None,
    ) -> GraphQLResponse:
        body = {"query": query, "variables": variables or {}}
        return await self.post(body, trace=trace, headers=headers)

    async def post(
        self, body: dict[str, Any], *, trace: bool = True, headers: dict[str, str] | None = None
    ) -> GraphQLResponse:
        """Any JSON body: persisted queries send `extensions` and may leave `query` out."""
        sent = {"X-Gateway-Trace": "1"} if trace else {}
        response = await self.http.post("/graphql", json=body, headers=sent | (headers or {}))
        return GraphQLResponse(response.status_code, response.json(), response.headers)
