"""A WebSocket meets the limits a request meets (the document's shape and cost, production's
introspection rule) and the connection's own (connections per process)."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.app import create_app
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from loaders.streams import READ_ATTEMPTS, Change, StreamReader
from tests.accounts.factories import table
from tests.cart.factories import Stocked, listing, shopper
from tests.live.subscribers import subscribed, until_listening
from tests.real_clients import node_path, served

PRODUCT = 'subscription { productAvailability(productId: "p") { %s } }'


@pytest.fixture(autouse=True)
def _node() -> None:
    node_path()  # skips, saying why, without node


async def _first(settings: Settings, query: str, **overrides: object) -> dict[str, object]:
    app = create_app(settings.model_copy(update=overrides))
    async with served(app) as url, subscribed(url, query) as client:
        return await client.until("error", "next", "closed")


async def test_a_document_over_the_depth_limit_is_refused(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    line = await _first(settings, PRODUCT % "sellers { seller { id } }", max_query_depth=2)
    assert line["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"  # type: ignore[index]


@pytest.mark.parametrize(
    ("env", "origin", "opens"),
    [
        pytest.param("development", "http://localhost:5173", True, id="dev-local-page"),
        pytest.param("production", "https://shop.example", True, id="prod-listed-page"),
        pytest.param("production", "https://evil.example", False, id="prod-other-page"),
        pytest.param("production", "http://localhost:5173", False, id="prod-local-page"),
    ],
)
async def test_pages_open_websockets_on_the_terms_of_cors(
    settings: Settings, dynamodb: DynamoClient, env: str, origin: str, opens: bool
) -> None:
    overrides = {"env": env, "cors_origins": ("https://shop.example",)}
    app = create_app(settings.model_copy(update=overrides))
    async with served(app) as url, subscribed(url, PRODUCT % "id", origin=origin) as client:
        line = await client.until("connected", "closed")
    assert (line["type"] == "connected") is opens


async def test_connections_over_the_limit_are_refused(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    app = create_app(settings.model_copy(update={"live_max_connections": 1}))
    async with served(app) as url, subscribed(url, PRODUCT % "id") as first:
        await first.until("connected")
        async with subscribed(url, PRODUCT % "id") as second:
            refused = await second.until("closed")
    assert refused["code"] == 1013
    assert "try again later" in refused["reason"]


async def test_a_subscriber_that_falls_behind_is_cut_off_and_others_are_not(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    buyer = shopper(settings)
    burst = [listing(settings, stock=5) for _ in range(4)]
    app = create_app(settings.model_copy(update={"live_queue_size": 2}))
    cart = "subscription { cartChanged { itemCount } }"
    async with (
        served(app) as url,
        subscribed(url, cart, token=buyer.token, events=10, until_closed=True) as slow,
        subscribed(url, PRODUCT % "id") as bystander,
    ):
        await until_listening(app, 2)
        _put_in_one_transaction(settings, buyer.user_id, burst)  # 4 changes at once
        closed = await slow.until("closed")
        await bystander.until("connected")
        assert bystander.process.returncode is None  # still subscribed
    (message,) = [error for line in slow.seen for error in _errors(line)]
    assert message["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "fell more than 2 events behind" in message["message"]
    assert closed["code"] == 1008


def _errors(line: dict[str, Any]) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = line.get("errors") or line.get("payload", {}).get("errors") or []
    return errors


def _put_in_one_transaction(settings: Settings, user_id: str, lines: list[Stocked]) -> None:
    client = table(settings, "Cart").meta.client
    client.transact_write_items(
        TransactItems=[
            {
                "Put": {
                    "TableName": f"{settings.table_prefix}Cart",
                    "Item": {
                        "pk": user_id,
                        "sk": f"ITEM#{line.product_id}#{line.seller_id}",
                        "entity": "CartItem",
                        "user_id": user_id,
                        "product_id": line.product_id,
                        "seller_id": line.seller_id,
                        "quantity": 1,
                        "unit_price_cents": line.price_cents,
                        "currency": "USD",
                    },
                }
            }
            for line in lines
        ]
    )


async def test_subscribers_are_told_when_the_streams_fail(
    settings: Settings, dynamodb: DynamoClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(settings)
    async with (
        served(app) as url,
        subscribed(url, PRODUCT % "id", events=99, until_closed=True) as client,
    ):
        await until_listening(app, 1)

        async def unreachable(_: StreamReader) -> list[Change]:
            raise ConnectionError("the streams' endpoint went away")

        monkeypatch.setattr(StreamReader, "poll", unreachable)
        closed = await client.until("closed")
    (message,) = [error for line in client.seen for error in _errors(line)]
    assert message["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "subscribe again shortly" in message["message"]
    assert closed["code"] == 1013


async def test_a_read_that_fails_now_and_then_loses_no_change(
    settings: Settings, dynamodb: DynamoClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    buyer = shopper(settings)
    stocked = listing(settings, stock=5)
    app = create_app(settings)
    cart = "subscription { cartChanged { itemCount } }"
    async with served(app) as url, subscribed(url, cart, token=buyer.token) as client:
        await until_listening(app, 1)
        read = StreamReader._read
        failures = iter([True] * (READ_ATTEMPTS - 1))

        async def flaky(reader: StreamReader, shard: Any) -> list[Change]:
            if next(failures, False):
                raise TimeoutError("a read timed out")
            return await read(reader, shard)

        monkeypatch.setattr(StreamReader, "_read", flaky)
        _put_in_one_transaction(settings, buyer.user_id, [stocked])
        (event,) = await client.events()
    assert event["data"]["cartChanged"]["itemCount"] == 1
