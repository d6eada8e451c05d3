"""Hostile requests are refused with their code, before any DynamoDB call, and an
ordinary query sent while they arrive still gets its answer."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.factories import Catalog
from tests.graphql_client import GraphQLClient

ORDINARY = "{ categories { id name } }"


def exponential_fragments(levels: int) -> str:
    """F0 spreads F1 twice, F1 spreads F2 twice, …: 2**levels fields once expanded."""
    fragments = [f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels)]
    fragments.append(f"fragment F{levels} on Query {{ categories {{ id }} }}")
    return "{ ...F0 } " + " ".join(fragments)


@dataclass(frozen=True)
class Hostile:
    body: bytes | list[dict[str, Any]] | dict[str, Any]
    status: int
    code: str | None = None  # extensions.code of the one error, for a GraphQL answer

    async def send(self, client: GraphQLClient) -> httpx.Response:
        headers = {"X-Gateway-Trace": "1"}
        if isinstance(self.body, bytes):
            headers["Content-Type"] = "application/json"
            return await client.http.post("/graphql", content=self.body, headers=headers)
        return await client.http.post("/graphql", json=self.body, headers=headers)


def query(text: str) -> dict[str, Any]:
    return {"query": text}


HOSTILE = {
    "depth-50": Hostile(
        query("{ categories { " + "children { " * 48 + "id" + " }" * 49 + " }"),
        200,
        "QUERY_TOO_COMPLEX",
    ),
    "1000-aliases": Hostile(
        query("{ " + " ".join(f"a{i}: categories {{ id }}" for i in range(1000)) + " }"),
        200,
        "QUERY_TOO_COMPLEX",
    ),
    "exponential-fragments": Hostile(query(exponential_fragments(20)), 200, "QUERY_TOO_COMPLEX"),
    "circular-fragments": Hostile(
        query(
            "{ ...A } fragment A on Query { categories { id } ...B } fragment B on Query { ...A }"
        ),
        200,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    "first-1000000": Hostile(
        query('{ category(id: "electronics") { products(first: 1000000) { totalCount } } }'),
        200,
        "BAD_USER_INPUT",
    ),
    "5-MB-body": Hostile(
        b'{"query": "{ categories { id } }", "pad": "' + b"x" * 5_000_000 + b'"}', 413
    ),
    "100-batched": Hostile([query(ORDINARY)] * 100, 400),
}


def check(hostile: Hostile, response: httpx.Response) -> None:
    assert response.status_code == hostile.status, response.text[:300]
    if hostile.code is None:
        return
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == [hostile.code]
    assert body["extensions"]["dynamodb"]["count"] == 0


@pytest.mark.parametrize("name", list(HOSTILE))
async def test_hostile_request_is_refused_while_an_ordinary_one_is_answered(
    graphql: GraphQLClient, catalog: Catalog, name: str
) -> None:
    hostile = HOSTILE[name]
    refused, ordinary = await asyncio.gather(hostile.send(graphql), graphql(ORDINARY))
    check(hostile, refused)
    assert {c["id"] for c in ordinary.data["categories"]} >= {"electronics", "home"}


async def test_all_at_once(graphql: GraphQLClient, catalog: Catalog) -> None:
    refusing = asyncio.gather(*(hostile.send(graphql) for hostile in HOSTILE.values()))
    refused, ordinary = await asyncio.gather(refusing, graphql(ORDINARY))
    for hostile, response in zip(HOSTILE.values(), refused, strict=True):
        check(hostile, response)
    assert ordinary.data["categories"]


async def test_exponential_fragments_are_counted_not_walked(graphql: GraphQLClient) -> None:
    response = await graphql(exponential_fragments(20))
    # 2**20 expansions of `categories { id }`: two fields each
    assert f"selects {2**21} fields" in response.body["errors"][0]["message"]
