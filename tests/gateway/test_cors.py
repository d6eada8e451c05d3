"""Browsers on other origins (CORS): development lets any local page call the gateway,
production only the configured origins; the headers a browser checks, on preflights and
answers alike (tests/clients/test_browser_cors.py has a real browser do it)."""

from __future__ import annotations

import httpx
import pytest

from gateway.settings import Settings, SettingsError, load_settings
from tests.apps import client_for
from tests.graphql_client import GraphQLClient

VITE = "http://localhost:5173"
SHOP = "https://shop.example.com"
QUERY = {"query": "{ __typename }"}


async def preflight(client: GraphQLClient, origin: str) -> httpx.Response:
    """The OPTIONS a browser sends before a POST with a bearer token."""
    return await client.http.options(
        "/graphql",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )


@pytest.mark.parametrize(
    "origin", [VITE, "http://127.0.0.1:3000", "http://localhost"], ids=["vite", "ip", "no-port"]
)
async def test_development_allows_local_pages(graphql: GraphQLClient, origin: str) -> None:
    response = await preflight(graphql, origin)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    allowed = response.headers["access-control-allow-headers"].lower()
    assert {"authorization", "content-type", "x-request-id"} <= set(allowed.split(", "))
    assert "POST" in response.headers["access-control-allow-methods"]
    assert response.headers["access-control-max-age"] == "7200"
    assert "access-control-allow-credentials" not in response.headers


async def test_an_answer_exposes_its_request_id(graphql: GraphQLClient) -> None:
    response = await graphql.http.post("/graphql", json=QUERY, headers={"Origin": VITE})
    assert response.json() == {"data": {"__typename": "Query"}}
    assert response.headers["access-control-allow-origin"] == VITE
    assert response.headers["access-control-expose-headers"] == "X-Request-ID"
    assert response.headers["x-request-id"]


@pytest.mark.parametrize(
    "origin",
    ["https://evil.example", "http://localhost.evil.example", "https://localhost:5173"],
    ids=["other-site", "lookalike", "https-localhost"],
)
async def test_development_refuses_other_origins(graphql: GraphQLClient, origin: str) -> None:
    response = await preflight(graphql, origin)
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    answer = await graphql.http.post("/graphql", json=QUERY, headers={"Origin": origin})
    assert "access-control-allow-origin" not in answer.headers  # the browser hides it


async def test_production_allows_no_origin_by_default(settings: Settings) -> None:
    async with client_for(settings, env="production") as client:
        response = await preflight(client, VITE)
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


async def test_production_allows_the_configured_origins(settings: Settings) -> None:
    async with client_for(settings, env="production", cors_origins=(SHOP,)) as client:
        allowed = await preflight(client, SHOP)
        local = await preflight(client, VITE)
        answer = await client.http.post("/graphql", json=QUERY, headers={"Origin": SHOP})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == SHOP
    assert "access-control-allow-credentials" not in allowed.headers
    assert local.status_code == 400
    assert answer.headers["access-control-allow-origin"] == SHOP


async def test_credentials_only_when_configured(settings: Settings) -> None:
    configured = {"env": "production", "cors_origins": (SHOP,), "cors_allow_credentials": True}
    async with client_for(settings, **configured) as client:
        allowed = await preflight(client, SHOP)
        answer = await client.http.post("/graphql", json=QUERY, headers={"Origin": SHOP})
    assert allowed.headers["access-control-allow-credentials"] == "true"
    assert answer.headers["access-control-allow-credentials"] == "true"


async def test_a_refusal_reaches_the_page(settings: Settings) -> None:
    """A 413 carries the CORS headers too, so the page's script can read it."""
    async with client_for(settings, max_body_bytes=2048) as client:
        response = await client.http.post(
            "/graphql", content=b'{"query": "' + b" " * 4096 + b'"}', headers={"Origin": VITE}
        )
    assert response.status_code == 413
    assert response.headers["access-control-allow-origin"] == VITE


def test_origins_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_CORS_ORIGINS", f" {SHOP}, https://admin.example.com:8443 ,")
    assert load_settings().cors_origins == (SHOP, "https://admin.example.com:8443")


@pytest.mark.parametrize(
    ("variables", "says"),
    [
        pytest.param({"GATEWAY_CORS_ORIGINS": f"{SHOP}/"}, "no path", id="trailing-slash"),
        pytest.param({"GATEWAY_CORS_ORIGINS": "*"}, "wildcard", id="wildcard"),
        pytest.param({"GATEWAY_CORS_ORIGINS": "shop.example.com"}, "scheme", id="no-scheme"),
        pytest.param({"GATEWAY_CORS_ORIGINS": "https://Shop.example.com"}, "lower", id="case"),
        pytest.param(
            {"GATEWAY_CORS_ALLOW_CREDENTIALS": "maybe"}, "boolean", id="credentials-not-bool"
        ),
    ],
)
def test_bad_cors_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], says: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert next(iter(variables)) in str(raised.value)
    assert says in str(raised.value)


def test_credentials_in_production_need_origins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_CORS_ALLOW_CREDENTIALS", "true")
    with pytest.raises(SettingsError, match="needs GATEWAY_CORS_ORIGINS"):
        load_settings(env="production", jwt_secret="x" * 32)
