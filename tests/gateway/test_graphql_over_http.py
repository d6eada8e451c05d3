"""The GraphQL-over-HTTP spec: the answer's media type from `Accept`, and the status codes
of `application/graphql-response+json`; `application/json` keeps the legacy ones."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

import resolvers.catalog
from gateway.persisted_queries import query_hash
from gateway.settings import Settings
from tests.apps import client_for
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient

SPEC = "application/graphql-response+json"
JSON = "application/json"
APOLLO_CLIENT_4 = "application/graphql-response+json,application/json;q=0.9"


async def post(client: GraphQLClient, body: object, accept: str, **headers: str) -> httpx.Response:
    return await client.http.post("/graphql", json=body, headers={"Accept": accept, **headers})


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        pytest.param(APOLLO_CLIENT_4, SPEC, id="apollo-client-4"),
        pytest.param(SPEC, SPEC, id="spec-only"),
        pytest.param("application/json", JSON, id="json"),
        pytest.param("*/*", JSON, id="anything"),
        pytest.param("", JSON, id="none"),
        pytest.param("text/html,application/xhtml+xml,*/*;q=0.8", JSON, id="browser"),
        pytest.param(f"{JSON}, {SPEC}", JSON, id="json-listed-first"),
        pytest.param(f"{SPEC};q=0.5, {JSON}", JSON, id="json-weighed-higher"),
    ],
)
async def test_the_answer_is_in_the_media_type_the_client_prefers(
    graphql: GraphQLClient, accept: str, expected: str
) -> None:
    response = await post(graphql, {"query": "{ __typename }"}, accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{expected}; charset=utf-8"
    assert "Accept" in response.headers["vary"].split(", ")  # (CORS adds Origin)
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("accept", ["text/plain", "application/xml", f"{JSON};q=0"])
async def test_an_accept_allowing_neither_is_refused(graphql: GraphQLClient, accept: str) -> None:
    response = await post(graphql, {"query": "{ __typename }"}, accept)
    assert response.status_code == 406
    assert SPEC in response.text


@dataclass
class Case:
    body: dict[str, Any]
    code: str
    status: int  # with application/graphql-response+json
    headers: dict[str, str] = field(default_factory=dict)


ALIASES = " ".join(f"a{i}: __typename" for i in range(40))
REQUEST_ERRORS = {
    "parse": Case({"query": "{"}, "GRAPHQL_PARSE_FAILED", 400),
    "validation": Case({"query": "{ nope }"}, "GRAPHQL_VALIDATION_FAILED", 400),
    "unused-variable": Case(
        {"query": "query Q($x: ID) { __typename }"}, "GRAPHQL_VALIDATION_FAILED", 400
    ),
    "variable-coercion": Case(
        {"query": "query Q($id: ID!) { product(id: $id) { id } }", "variables": {"id": None}},
        "BAD_USER_INPUT",
        400,
    ),
    "over-a-limit": Case({"query": "{ " + ALIASES + " }"}, "QUERY_TOO_COMPLEX", 400),
    "bad-token": Case(
        {"query": "{ __typename }"},
        "UNAUTHENTICATED",
        401,
        {"Authorization": "Bearer not-a-token"},
    ),
    "unknown-persisted-query": Case(
        {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": query_hash("{ x }")}}},
        "PERSISTED_QUERY_NOT_FOUND",
        404,
    ),
}


@pytest.mark.parametrize("case", [pytest.param(c, id=i) for i, c in REQUEST_ERRORS.items()])
async def test_a_request_error_has_no_data_and_a_4xx_status(
    graphql: GraphQLClient, case: Case
) -> None:
    response = await post(graphql, case.body, APOLLO_CLIENT_4, **case.headers)
    assert (response.status_code, media_type(response)) == (case.status, SPEC)
    body = response.json()
    assert "data" not in body
    assert [e["extensions"]["code"] for e in body["errors"]] == [case.code]
    if case.status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("case", [pytest.param(c, id=i) for i, c in REQUEST_ERRORS.items()])
async def test_application_json_keeps_the_legacy_statuses(
    graphql: GraphQLClient, case: Case
) -> None:
    response = await post(graphql, case.body, JSON, **case.headers)
    assert (response.status_code, media_type(response)) == (200, JSON)
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == [case.code]


async def test_an_unknown_persisted_query_is_not_cached(graphql: GraphQLClient) -> None:
    case = REQUEST_ERRORS["unknown-persisted-query"]
    for accept in (APOLLO_CLIENT_4, JSON):
        response = await post(graphql, case.body, accept)
        assert response.headers["cache-control"] == "private, no-cache, must-revalidate"


@pytest.mark.parametrize("accept", [APOLLO_CLIENT_4, JSON])
async def test_errors_during_execution_answer_200_with_data(
    graphql: GraphQLClient, catalog: Catalog, accept: str
) -> None:
    query = '{ category(id: "electronics") { products(after: "edited") { totalCount } } }'
    response = await post(graphql, {"query": query}, accept)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"category": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    ("operation_name", "message"),
    [
        pytest.param("Other", "no operation named 'Other'", id="unknown-name"),
        pytest.param(None, "no operation to run", id="no-operation"),
    ],
)
@pytest.mark.parametrize("accept", [APOLLO_CLIENT_4, JSON])
async def test_an_operation_that_cannot_be_found_is_400(
    graphql: GraphQLClient, operation_name: str | None, message: str, accept: str
) -> None:
    query = "query Tree { __typename }" if operation_name else "fragment F on Query { id }"
    body = {"query": query, "operationName": operation_name}
    response = await post(graphql, body, accept)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert message in error["message"]


async def test_a_timeout_is_504_in_either_media_type(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def stuck(*_: object) -> None:
        await asyncio.sleep(30)

    monkeypatch.setattr(resolvers.catalog, "seller", stuck)
    query = {"query": '{ seller(id: "s-acme") { id } }'}
    async with client_for(settings, request_timeout_seconds=0.05) as client:
        by_spec = await post(client, query, APOLLO_CLIENT_4)
        legacy = await post(client, query, JSON)
    assert (by_spec.status_code, media_type(by_spec)) == (504, SPEC)
    assert "data" not in by_spec.json()
    assert by_spec.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
    assert (legacy.status_code, media_type(legacy)) == (504, JSON)
    assert legacy.json()["data"] is None


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        pytest.param(b'{"query": "{ __typename }"}', "text/plain", 415, id="415-not-json"),
        pytest.param(b"{ not json", JSON, 400, id="400-bad-json"),
        pytest.param(
            b"[" + b'{"query": "{ __typename }"},' * 2 + b"{}]", JSON, 400, id="400-batch"
        ),
        pytest.param(b'{"query": "{ __typename }", "operationName": 1}', JSON, 400, id="400-name"),
        pytest.param(b'{"query": "' + b" " * 2_000_000 + b'"}', JSON, 413, id="413-too-large"),
    ],
)
async def test_refusals_before_graphql_stay_plain_text(
    graphql: GraphQLClient, content: bytes, content_type: str, status: int
) -> None:
    """No GraphQL response can be made of them: the spec's media type is not used."""
    response = await graphql.http.post(
        "/graphql",
        content=content,
        headers={"Content-Type": content_type, "Accept": APOLLO_CLIENT_4},
    )
    assert (response.status_code, media_type(response)) == (status, "text/plain")


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_a_subscription_over_http_is_told_to_use_a_websocket(
    graphql: GraphQLClient, method: str
) -> None:
    query = 'subscription { productAvailability(productId: "p") { id } }'
    if method == "POST":
        response = await graphql.http.post("/graphql", json={"query": query})
    else:
        response = await graphql.http.get("/graphql", params={"query": query})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "WebSocket" in error["message"]
