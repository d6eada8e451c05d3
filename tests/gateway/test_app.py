"""The HTTP surface: health, readiness, error codes, masking, call tracing, production mode."""

from __future__ import annotations

import logging

import pytest
from starlette.applications import Starlette

import resolvers.catalog
from gateway.app import create_app
from gateway.settings import Settings, load_settings
from tests.conftest import TEST_SECRET
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient


async def test_healthz_answers_without_dynamodb(graphql: GraphQLClient) -> None:
    response = await graphql.http.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_readyz_checks_every_table(graphql: GraphQLClient, settings: Settings) -> None:
    assert (await graphql.http.get("/readyz")).status_code == 200
    elsewhere = create_app(settings.model_copy(update={"table_prefix": "absent-"}))
    async with elsewhere.router.lifespan_context(elsewhere), GraphQLClient.over(elsewhere) as other:
        response = await other.http.get("/readyz")
    assert response.status_code == 503
    assert "absent-Products" in response.json()["missingTables"]


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        pytest.param("{ product(id: ", {}, "GRAPHQL_PARSE_FAILED", id="parse"),
        pytest.param(
            "{ product(id: 1) { nope } }", {}, "GRAPHQL_VALIDATION_FAILED", id="validation"
        ),
        pytest.param(
            "query($p: Decimal) { category(id: 1) { products(minPrice: $p) { totalCount } } }",
            {"p": "twelve"},
            "BAD_USER_INPUT",
            id="bad-variable",
        ),
    ],
)
async def test_document_errors_carry_their_code(
    graphql: GraphQLClient, query: str, variables: dict[str, object], code: str
) -> None:
    response = await graphql(query, variables)
    assert response.error_codes == [code]


async def test_unexpected_errors_are_masked_with_a_request_id(
    graphql: GraphQLClient,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(*_: object) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(resolvers.catalog, "seller", broken)
    with caplog.at_level(logging.ERROR, logger="gateway.errors"):
        response = await graphql('{ seller(id: "s-acme") { id } }')
    (error,) = response.body["errors"]
    request_id = response.headers["X-Request-ID"]
    assert error["message"] == "Internal server error"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    assert "secret" not in str(response.body)
    assert any(request_id in record.getMessage() for record in caplog.records)


async def test_call_trace_only_when_asked(graphql: GraphQLClient, catalog: Catalog) -> None:
    quiet = await graphql('{ product(id: "p-buds") { name } }', trace=False)
    assert "extensions" not in quiet.body
    traced = await graphql('{ product(id: "p-buds") { name } }')
    assert traced.body["extensions"]["dynamodb"]["count"] == 1
    (call,) = traced.calls
    assert (call["operation"], call["tables"], call["keys"]) == (
        "BatchGetItem",
        ["test-Products"],
        1,
    )


async def test_request_id_is_taken_from_the_caller_when_sane(graphql: GraphQLClient) -> None:
    kept = await graphql("{ categories { id } }", headers={"X-Request-ID": "abc-123"})
    assert kept.headers["X-Request-ID"] == "abc-123"
    replaced = await graphql("{ categories { id } }", headers={"X-Request-ID": "bad id;drop"})
    assert replaced.headers["X-Request-ID"] != "bad id;drop"


@pytest.fixture
async def production(settings: Settings) -> Starlette:
    return create_app(
        load_settings(
            env="production",
            jwt_secret=TEST_SECRET,
            dynamodb_endpoint=settings.dynamodb_endpoint,
            table_prefix=settings.table_prefix,
        )
    )


async def test_production_refuses_call_tracing_and_graphiql(production: Starlette) -> None:
    async with (
        production.router.lifespan_context(production),
        GraphQLClient.over(production) as client,
    ):
        traced = await client.http.post(
            "/graphql", json={"query": "{ categories { id } }"}, headers={"X-Gateway-Trace": "1"}
        )
        ide = await client.http.get("/graphql", headers={"Accept": "text/html"})
    assert traced.status_code == 403
    assert ide.status_code == 404


async def test_development_serves_graphiql(graphql: GraphQLClient) -> None:
    response = await graphql.http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
