"""graphql-cop's checks, against the gateway in production mode: each test sends what
graphql-cop sends and asserts that what graphql-cop looks for is not there."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import resolvers.catalog
from gateway.settings import Settings
from tests.apps import client_for
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient


async def post(client: GraphQLClient, payload: Any) -> Any:
    """graphql-cop's `graph_query`: the JSON answer, or {} when there is none."""
    response = await client.http.post("/graphql", json=payload)
    try:
        return response.json()
    except ValueError:
        return {}


async def test_alias_overloading(production: GraphQLClient) -> None:
    aliases = "".join(f"alias{i}:__typename \n" for i in range(101))
    answer = await post(production, {"query": "query { " + aliases + " }"})
    assert not (answer.get("data") or {}).get("alias100")
    assert answer["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_batching(production: GraphQLClient) -> None:
    response = await production.http.post("/graphql", json=[{"query": "query { __typename }"}] * 11)
    assert response.status_code == 400
    assert "Batched operations" in response.text


async def test_field_duplication(production: GraphQLClient) -> None:
    answer = await post(production, {"query": "query { " + "__typename \n" * 500 + "} "})
    assert not (answer.get("data") or {}).get("__typename")


async def test_directive_overloading(production: GraphQLClient) -> None:
    answer = await post(
        production, {"query": "query { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }"}
    )
    assert len(answer["errors"]) == 1  # graphql-cop flags 10: one per directive


async def test_circular_introspection(production: GraphQLClient) -> None:
    q = "query { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }"
    answer = await post(production, {"query": q})
    assert answer["data"] is None
    assert answer["errors"]


async def test_circular_fragment(production: GraphQLClient) -> None:
    q = """query { __schema { ...A } }
        fragment A on __Schema { __typename ...B }
        fragment B on __Schema { ...A }"""
    answer = await post(production, {"query": q})
    assert "errors" in answer


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("query { __schema { directive } }", id="graphql-cop"),
        pytest.param('{ product(id: "p-buds") { nam } }', id="field"),
        pytest.param("{ viewer { orders(status: SHIPED) { totalCount } } }", id="enum-value"),
    ],
)
async def test_field_suggestions(production: GraphQLClient, query: str) -> None:
    answer = await post(production, {"query": query})
    assert answer["errors"]
    assert "Did you mean" not in str(answer)


async def test_development_keeps_suggestions(graphql: GraphQLClient) -> None:
    answer = await post(graphql, {"query": '{ product(id: "p-buds") { nam } }'})
    assert "Did you mean 'name'?" in answer["errors"][0]["message"]


@pytest.mark.parametrize("path", ["/graphiql", "/playground", "/console", "/graphql"])
async def test_graphiql(production: GraphQLClient, path: str) -> None:
    response = await production.http.get(path, headers={"Accept": "text/html"})
    heuristics = ("graphiql.min.css", "GraphQL Playground", "GraphiQL", "graphql-playground")
    assert not any(word in response.text for word in heuristics)
    assert response.status_code in (400, 404, 405)


async def test_introspection(production: GraphQLClient) -> None:
    answer = await post(
        production, {"query": "query { __schema { types { name fields { name } } } }"}
    )
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "introspection" in answer["errors"][0]["message"]


async def test_introspection_can_be_turned_on(settings: Settings) -> None:
    async with client_for(settings, env="production", allow_introspection=True) as client:
        answer = await post(client, {"query": "query { __schema { types { name } } }"})
    assert len(answer["data"]["__schema"]["types"]) > 25


async def test_typename_stays_available(production: GraphQLClient) -> None:
    assert (await post(production, {"query": "{ __typename }"}))["data"] == {"__typename": "Query"}


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("{__typename}", id="query"),
        pytest.param("mutation { logout { errors { code } } }", id="mutation"),
    ],
)
async def test_get_queries(production: GraphQLClient, query: str) -> None:
    response = await production.http.get("/graphql", params={"query": query})
    assert response.status_code in (400, 405)
    assert "__typename" not in response.text


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        pytest.param(b"query=%7B__typename%7D", "application/x-www-form-urlencoded", id="form"),
        pytest.param(
            b'--b\r\nContent-Disposition: form-data; name="query"\r\n\r\n{__typename}\r\n--b--\r\n',
            "multipart/form-data; boundary=b",
            id="multipart",
        ),
        pytest.param(b'{"query": "{__typename}"}', "text/plain", id="text"),
        pytest.param(b"", None, id="query-string"),
    ],
)
async def test_post_based_csrf(
    production: GraphQLClient, content: bytes, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = await production.http.post(
        "/graphql", params={"query": "query {__typename}"}, content=content, headers=headers
    )
    assert response.status_code == 415
    assert "__typename" not in response.text


async def test_trace_mode(production: GraphQLClient, catalog: Catalog) -> None:
    answer = await post(production, {"query": "query { __typename }"})
    # Production's answers say their cost (the cost budget), and nothing of how they ran.
    assert set(answer.get("extensions", {})) <= {"cost"}
    assert "stacktrace" not in str(answer).lower()
    traced = await production.http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"X-Gateway-Trace": "1"}
    )
    assert traced.status_code == 403
    assert "dynamodb" not in traced.text


async def test_unhandled_error_detection(production: GraphQLClient) -> None:
    answer = await post(production, {"query": "qwerty cop { abc }"})
    error = answer["errors"][0]
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}
    assert "exception" not in str(answer).lower()


async def test_unexpected_errors_are_masked(
    production: GraphQLClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(*_: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(resolvers.catalog, "seller", broken)
    with caplog.at_level(logging.ERROR, logger="gateway.errors"):
        answer = await post(production, {"query": '{ seller(id: "s-acme") { id } }'})
    (error,) = answer["errors"]
    assert error["message"] == "Internal server error"
    assert set(error["extensions"]) == {"code", "requestId"}
    assert "secret" not in str(answer)
    assert "Traceback" not in str(answer)
