"""Cancelling an order gives back exactly what its checkout took."""

from __future__ import annotations

import asyncio

import pytest

from gateway.settings import Settings
from tests.accounts.factories import item
from tests.cart.factories import Shopper, coupon, shopper, shoppers, stock_of, stock_transactions
from tests.graphql_client import GraphQLClient
from tests.orders.factories import admin_headers, operation, place, stocked, store


def points(settings: Settings, buyer: Shopper) -> int:
    profile = item(settings, "Users", buyer.user_id, "PROFILE")
    assert profile is not None
    return int(profile["reward_points"])


async def test_cancel_gives_back_stock_coupon_and_points(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, _ = store(settings)
    buyer = shopper(settings)
    one, two = stocked(settings, seller_id, 7, 3000), stocked(settings, seller_id, 4)
    code = coupon(settings, value=10)
    order_id = await place(graphql, settings, buyer, [(one, 2), (two, 1)], couponCode=code)
    assert points(settings, buyer) > 0
    response = await graphql(operation("CancelOrder"), {"id": order_id}, headers=buyer.headers)
    result = response.data["cancelOrder"]
    assert result["errors"] == []
    assert result["order"]["status"] == "CANCELLED"
    assert [i["status"] for i in result["order"]["items"]] == ["CANCELLED", "CANCELLED"]
    assert response.call_count("TransactWriteItems") == 1
    assert (stock_of(settings, one), stock_of(settings, two)) == (7, 4)
    for line, stock in ((one, 7), (two, 4)):
        audit = sorted(stock_transactions(settings, line), key=lambda t: t["timestamp"])
        assert [t["transaction_type"] for t in audit] == ["order_placed", "order_cancelled"]
        assert sum(int(t["quantity_change"]) for t in audit) == 0
        assert audit[0]["stock_before"] == stock
        assert audit[1]["stock_before"] == audit[0]["stock_after"]
        assert audit[1]["stock_after"] == stock
    found = item(settings, "Coupons", code, "INFO")
    assert found is not None
    assert found["used_count"] == 0
    used = item(settings, "Coupons", code, f"USER#{buyer.user_id}")
    assert used is not None
    assert used["used"] == 0
    assert item(settings, "Coupons", code, f"USAGE#{buyer.user_id}#{order_id}") is None
    assert points(settings, buyer) == 0
    again = await graphql(operation("CancelOrder"), {"id": order_id}, headers=buyer.headers)
    assert [e["code"] for e in again.data["cancelOrder"]["errors"]] == ["INVALID_STATE"]


async def test_cancel_of_another_users_order_is_not_found(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, _ = store(settings)
    buyer, other = shoppers(settings, 2)
    line = stocked(settings, seller_id, 3)
    order_id = await place(graphql, settings, buyer, [(line, 1)])
    for order in (order_id, "no-such-order"):
        response = await graphql(operation("CancelOrder"), {"id": order}, headers=other.headers)
        result = response.data["cancelOrder"]
        assert result["order"] is None
        assert [e["code"] for e in result["errors"]] == ["NOT_FOUND"]
    assert stock_of(settings, line) == 2


async def test_an_admin_may_cancel(graphql: GraphQLClient, settings: Settings) -> None:
    seller_id, _ = store(settings)
    buyer = shopper(settings)
    line = stocked(settings, seller_id, 3)
    order_id = await place(graphql, settings, buyer, [(line, 1)])
    response = await graphql(operation("CancelOrder"), {"id": order_id}, headers=admin_headers())
    assert response.data["cancelOrder"]["order"]["status"] == "CANCELLED"
    assert stock_of(settings, line) == 3


async def test_cancel_needs_sign_in(graphql: GraphQLClient) -> None:
    response = await graphql(operation("CancelOrder"), {"id": "x"})
    assert response.error_codes == ["UNAUTHENTICATED"]


@pytest.mark.parametrize("rounds", [pytest.param(2, id="two-rounds")])
async def test_checkouts_and_cancels_keep_the_stock_log_exact(
    graphql: GraphQLClient, settings: Settings, rounds: int
) -> None:
    seller_id, _ = store(settings)
    line = stocked(settings, seller_id, 50)
    buyers = shoppers(settings, 4)
    placed: list[tuple[Shopper, str]] = []
    for _ in range(rounds):
        ids = await asyncio.gather(*(place(graphql, settings, b, [(line, 2)]) for b in buyers))
        placed.extend(zip(buyers, ids, strict=True))
        cancels = placed[::2]
        del placed[::2]
        responses = await asyncio.gather(
            *(
                graphql(operation("CancelOrder"), {"id": order}, headers=b.headers)
                for b, order in cancels
            )
        )
        assert all(r.data["cancelOrder"]["errors"] == [] for r in responses)
    audit = sorted(stock_transactions(settings, line), key=lambda t: t["timestamp"])
    assert sum(int(t["quantity_change"]) for t in audit) == stock_of(settings, line) - 50
    assert stock_of(settings, line) == 50 - 2 * len(placed)
    stock, left = 50, audit  # entries of one millisecond may sort either way: follow the chain
    while left:
        entry = next(e for e in left if e["stock_before"] == stock)
        left = [e for e in left if e is not entry]
        assert entry["stock_after"] == stock + int(entry["quantity_change"])
        stock = int(entry["stock_after"])
    assert stock == stock_of(settings, line)
