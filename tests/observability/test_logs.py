"""One structured line per request: its id, operation, status, time, DynamoDB calls,
rounds and capacity, and its error codes; never the variables or the token."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import resolvers.catalog
from gateway.observability.logs import JsonFormatter, TextFormatter, configure_logging
from gateway.observability.middleware import observed
from gateway.settings import SettingsError, load_settings
from tests.accounts.factories import bearer
from tests.conftest import TEST_SECRET
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient
from tests.observability.conftest import access_lines

JSON, FORM = "application/json", "application/x-www-form-urlencoded"
PRODUCT = "query Product($id: ID!) { product(id: $id) { id name } }"


async def test_a_request_logs_one_line_with_its_facts(
    observed_graphql: GraphQLClient, catalog: Catalog, access_log: pytest.LogCaptureFixture
) -> None:
    response = await observed_graphql(
        PRODUCT, {"id": "p-studio"}, headers={"X-Request-ID": "req-42"}
    )
    assert response.data == {"product": {"id": "p-studio", "name": "Studio Headphones"}}
    (line,) = access_lines(access_log)
    trace = response.body["extensions"]["dynamodb"]
    assert line | {"time": None, "durationMs": None, "readCapacity": None} == {
        "time": None,
        "level": "INFO",
        "logger": "gateway.access",
        "message": "POST /graphql 200",
        "requestId": "req-42",
        "method": "POST",
        "path": "/graphql",
        "status": 200,
        "operation": "Product",
        "durationMs": None,
        "errorCodes": [],
        "dynamodbCalls": trace["count"],
        "dynamodbRounds": trace["rounds"],
        "readCapacity": None,
        "writeCapacity": 0,
        "retries": {},
    }
    assert trace["count"] == 1
    assert line["readCapacity"] == sum(c["readCapacity"] for c in trace["calls"]) > 0
    assert line["durationMs"] > 0


async def test_the_line_holds_no_variables_and_no_token(
    observed_graphql: GraphQLClient, catalog: Catalog, access_log: pytest.LogCaptureFixture
) -> None:
    token = "eyJhbGciOiJIUzI1NiJ9.e30.not-a-signature"
    await observed_graphql(PRODUCT, {"id": "p-secret-variable"}, headers=bearer(token))
    (line,) = access_lines(access_log)
    assert "p-secret-variable" not in json.dumps(line)
    assert token not in json.dumps(line)
    assert line["errorCodes"] == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        pytest.param("{ product(id: ", {}, id="parse"),
        pytest.param("query Bad { product(id: 1) { nope } }", {}, id="validation"),
        pytest.param(PRODUCT, {"id": None}, id="bad-variable"),
        pytest.param('{ seller(id: "s-acme") { id } }', {}, id="internal"),
    ],
)
async def test_the_line_has_the_codes_the_caller_got(
    observed_graphql: GraphQLClient,
    catalog: Catalog,
    access_log: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    query: str,
    variables: dict[str, object],
) -> None:
    async def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(resolvers.catalog, "seller", broken)
    response = await observed_graphql(query, variables)
    (line,) = access_lines(access_log)
    assert line["errorCodes"] == response.error_codes != []
    internal = response.error_codes == ["INTERNAL_SERVER_ERROR"]
    assert line["level"] == ("ERROR" if internal else "INFO")


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type", "status"),
    [
        pytest.param("POST", "/graphql", b"{not json", JSON, 400, id="400-bad-json"),
        pytest.param("POST", "/graphql", b'[{"query": "{ a }"}]', JSON, 400, id="400-batch"),
        pytest.param("POST", "/graphql", b"query=%7B%7D", FORM, 415, id="415"),
        pytest.param("PUT", "/graphql", b"{}", JSON, 405, id="405"),
        pytest.param("GET", "/nowhere", b"", JSON, 404, id="404"),
    ],
)
async def test_a_request_refused_before_graphql_logs_one_line_and_carries_its_id(
    observed_graphql: GraphQLClient,
    access_log: pytest.LogCaptureFixture,
    method: str,
    path: str,
    body: bytes,
    content_type: str,
    status: int,
) -> None:
    response = await observed_graphql.http.request(
        method, path, content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == status
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 32
    (line,) = access_lines(access_log)
    assert (line["status"], line["requestId"], line["operation"]) == (status, request_id, None)
    assert line.get("dynamodbCalls", 0) == 0


async def test_the_callers_request_id_is_kept_on_a_refusal(
    observed_graphql: GraphQLClient, access_log: pytest.LogCaptureFixture
) -> None:
    response = await observed_graphql.http.get("/nowhere", headers={"X-Request-ID": "mine-1"})
    assert response.headers["X-Request-ID"] == "mine-1"
    assert [line["requestId"] for line in access_lines(access_log)] == ["mine-1"]


async def test_probes_are_not_logged(
    observed_graphql: GraphQLClient, access_log: pytest.LogCaptureFixture
) -> None:
    response = await observed_graphql.http.get("/healthz")
    assert response.headers["X-Request-ID"]
    assert access_lines(access_log) == []


def test_text_lines_put_the_fields_after_the_message() -> None:
    record = logging.LogRecord("gateway.access", logging.INFO, "", 0, "GET / 200", None, None)
    record.fields = {"requestId": "r1", "operation": None, "errorCodes": ["X"]}
    line = TextFormatter().format(record)
    assert line.endswith('INFO gateway.access GET / 200 requestId="r1" errorCodes=["X"]')


async def test_a_crash_outside_graphql_answers_500_with_the_request_id(
    access_log: pytest.LogCaptureFixture,
) -> None:
    async def crash(_: Request) -> Response:
        raise RuntimeError("secret detail")

    app = observed(Starlette(routes=[Route("/crash", crash)]))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        response = await http.get("/crash", headers={"X-Request-ID": "crash-1"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "crash-1"
    assert response.json()["errors"][0]["extensions"] == {
        "code": "INTERNAL_SERVER_ERROR",
        "requestId": "crash-1",
    }
    assert "secret" not in response.text
    (line,) = access_lines(access_log)
    assert (line["level"], line["status"], line["requestId"]) == ("ERROR", 500, "crash-1")


@pytest.mark.parametrize(
    ("env", "log_format", "formatter"),
    [
        pytest.param("production", None, JsonFormatter, id="production-default-json"),
        pytest.param("development", None, TextFormatter, id="development-default-text"),
        pytest.param("production", "text", TextFormatter, id="production-text"),
        pytest.param("development", "json", JsonFormatter, id="development-json"),
    ],
)
def test_the_log_format_follows_the_setting(
    monkeypatch: pytest.MonkeyPatch,
    env: str,
    log_format: str | None,
    formatter: type[logging.Formatter],
) -> None:
    root, uvicorn_access = logging.getLogger(), logging.getLogger("uvicorn.access")
    monkeypatch.setattr(root, "handlers", [])  # the test's own: pytest's are put back after
    monkeypatch.setattr(root, "level", root.level)
    monkeypatch.setattr(uvicorn_access, "disabled", uvicorn_access.disabled)
    configure_logging(load_settings(env=env, log_format=log_format, jwt_secret=TEST_SECRET))
    (handler,) = root.handlers
    assert type(handler.formatter) is formatter
    assert uvicorn_access.disabled  # the gateway's line replaces uvicorn's


def test_an_unknown_log_format_stops_start_up() -> None:
    with pytest.raises(SettingsError, match="GATEWAY_LOG_FORMAT"):
        load_settings(log_format="xml")
