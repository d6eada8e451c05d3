"""Apollo Client 4's normalized cache keeps one cart: a watched cart query shows each cart
mutation's payload with no refetch (Cart and User have ids; tests/js/apollo_watched_cart.js)."""

from __future__ import annotations

import json
from typing import Any

from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from tests.cart.factories import listing, put_cart_line, shopper
from tests.operations import document
from tests.real_clients import run_node, served_gateway

FILE = "apollo_cart.graphql"


def step(name: str, **variables: Any) -> dict[str, Any]:
    return {"mutation": document(FILE, name), "variables": variables}


async def test_a_watched_cart_shows_each_mutation_payload_without_a_refetch(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    buyer = shopper(settings)
    kept, added = listing(settings, stock=9, price_cents=1000), listing(settings, stock=9)
    put_cart_line(settings, buyer.user_id, kept, 1)
    offer = {"productId": added.product_id, "sellerId": added.seller_id}
    plan = {
        "token": buyer.token,
        "watch": document(FILE, "WatchedCart"),
        "steps": [
            step("AddToCartView", **offer, quantity=2),
            step("UpdateCartItemView", **offer, quantity=5),
            step("RemoveFromCartView", productId=kept.product_id, sellerId=kept.seller_id),
        ],
    }
    async with served_gateway(settings) as url:
        result = await run_node("apollo_watched_cart.js", f"{url}/graphql", json.dumps(plan))
    # One query, then the mutations alone: the cache never had to ask again.
    assert result["requests"] == [
        "WatchedCart",
        "AddToCartView",
        "UpdateCartItemView",
        "RemoveFromCartView",
    ]
    carts = [seen["viewer"]["cart"] for seen in result["seen"]]
    assert [cart["id"] for cart in carts] == [buyer.user_id] * 4
    assert [cart["itemCount"] for cart in carts] == [1, 3, 6, 5]
    lines = [{line["product"]["id"]: line["quantity"] for line in c["items"]} for c in carts]
    assert lines == [
        {kept.product_id: 1},
        {kept.product_id: 1, added.product_id: 2},
        {kept.product_id: 1, added.product_id: 5},
        {added.product_id: 5},
    ]
    for seen, payload in zip(carts[1:], result["payloads"], strict=True):
        (field,) = payload.values()
        assert field["errors"] == []
        assert seen == field["cart"]
