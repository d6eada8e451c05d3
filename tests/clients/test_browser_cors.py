"""A real browser on another origin (Debian's headless Chromium): a page served on a port of
its own calls the gateway with `fetch` and a bearer token, a preflight first; Chromium lets
the page read the answer only where the gateway's CORS headers allow it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from tests.accounts.factories import Account, write_account
from tests.real_clients import chromium_path, run_node, served, served_gateway

STOREFRONT = "<!doctype html><title>Storefront</title><p>A shop on another origin.</p>"


@pytest.fixture(scope="module")
def shopper(settings: Settings, dynamodb: DynamoClient) -> Account:
    return write_account(settings, password_hash="never-checked-by-these-tests")


@pytest.fixture
async def storefront() -> AsyncIterator[str]:
    """The URL of a page on an origin of its own (another port than the gateway's)."""
    page = Starlette(routes=[Route("/", lambda _: HTMLResponse(STOREFRONT))])
    async with served(page) as url:
        yield url


async def fetch_from(storefront: str, gateway: str, shopper: Account) -> Any:
    return await run_node(
        "browser_cors.js", chromium_path(), f"{storefront}/", f"{gateway}/graphql", shopper.token
    )


async def test_development_lets_a_local_page_call(
    settings: Settings, storefront: str, shopper: Account
) -> None:
    async with served_gateway(settings) as gateway:
        result = await fetch_from(storefront, gateway, shopper)
    assert result["origin"] == storefront
    assert result["status"] == 200
    assert result["body"]["data"] == {"viewer": {"id": shopper.user_id}}
    assert result["requestId"]  # exposed to the page's script


async def test_production_blocks_an_origin_not_configured(
    settings: Settings, storefront: str, shopper: Account
) -> None:
    elsewhere = ("https://shop.example.com",)
    async with served_gateway(settings, env="production", cors_origins=elsewhere) as gateway:
        result = await fetch_from(storefront, gateway, shopper)
    assert result == {"origin": storefront, "ok": False, "error": "TypeError: Failed to fetch"}


async def test_production_lets_a_configured_origin_call(
    settings: Settings, storefront: str, shopper: Account
) -> None:
    async with served_gateway(settings, env="production", cors_origins=(storefront,)) as gateway:
        result = await fetch_from(storefront, gateway, shopper)
    assert result["body"]["data"] == {"viewer": {"id": shopper.user_id}}
