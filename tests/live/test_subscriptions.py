"""Subscriptions over graphql-transport-ws, fed by DynamoDB Streams: real graphql-ws
clients (node) against the gateway served over TCP (and graphql-sse's, over Server-Sent
Events); the writes come through the gateway or straight through boto3 (another service),
and each is seen."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from gateway.settings import Settings
from tests.accounts.factories import bearer
from tests.cart.factories import listing, put_cart_line, shopper
from tests.graphql_client import GraphQLClient
from tests.live.subscribers import subscribed, until_listening
from tests.real_clients import served

CART_SYNC = """
subscription CartSync {
  cartChanged { id itemCount subtotal { amount currencyCode } items { product { id } seller { id } quantity } }
}"""
ADD_TO_CART = """
mutation Add($productId: ID!, $sellerId: ID!, $quantity: Int!) {
  addToCart(productId: $productId, sellerId: $sellerId, quantity: $quantity) { errors { code } }
}"""


@pytest.mark.parametrize("event_stream", [False, True], ids=["websocket", "event stream"])
async def test_cart_sync_sees_a_line_added_on_another_device(
    live_app: Starlette, settings: Settings, event_stream: bool
) -> None:
    buyer = shopper(settings)
    stocked = listing(settings, stock=5)
    async with (
        served(live_app) as url,
        subscribed(url, CART_SYNC, token=buyer.token, event_stream=event_stream) as client,
        GraphQLClient.over(live_app) as graphql,
    ):
        await client.until("connected")
        await until_listening(live_app, 1)
        added = await graphql(
            ADD_TO_CART,
            {"productId": stocked.product_id, "sellerId": stocked.seller_id, "quantity": 2},
            headers=bearer(buyer.token),
        )
        assert added.data["addToCart"]["errors"] == []
        (event,) = await client.events()
    cart = event["data"]["cartChanged"]
    assert cart["itemCount"] == 2
    assert cart["items"] == [
        {"product": {"id": stocked.product_id}, "seller": {"id": stocked.seller_id}, "quantity": 2}
    ]


async def test_cart_sync_sees_a_write_of_another_service(
    live_app: Starlette, settings: Settings
) -> None:
    buyer = shopper(settings)
    stocked = listing(settings, stock=5)
    async with served(live_app) as url, subscribed(url, CART_SYNC, token=buyer.token) as client:
        await client.until("connected")
        await until_listening(live_app, 1)
        put_cart_line(settings, buyer.user_id, stocked, 3)  # boto3, not the gateway
        (event,) = await client.events()
    assert event["data"]["cartChanged"]["itemCount"] == 3


async def test_cart_sync_needs_a_signed_in_caller(live_app: Starlette) -> None:
    async with served(live_app) as url, subscribed(url, CART_SYNC) as client:
        await client.until("connected")
        (event,) = await client.events()
    assert event["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
