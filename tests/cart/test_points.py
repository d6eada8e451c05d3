"""Points at checkout: 100 points are worth 1.00, spent in the checkout's transaction on
the balance read, so the same points are never spent twice."""

from __future__ import annotations

import asyncio
from collections import Counter

from gateway.settings import Settings
from tests.accounts.factories import item
from tests.cart.factories import (
    Shopper,
    Stocked,
    checkout_input,
    give_points,
    listing,
    orders_of,
    points_of,
    put_cart_line,
    rewards_of,
    shopper,
    stock_of,
    stock_transactions,
)
from tests.cart.test_preview import operation
from tests.graphql_client import GraphQLClient, GraphQLResponse

CHECKOUTS = 20


def cart_and_points(
    settings: Settings, *, stock: int, price_cents: int, quantity: int, points: int
) -> tuple[Shopper, Stocked]:
    """A shopper holding `points`, with `quantity` of a new listing in the cart."""
    buyer, gadget = shopper(settings), listing(settings, stock=stock, price_cents=price_cents)
    put_cart_line(settings, buyer.user_id, gadget, quantity)
    give_points(settings, buyer.user_id, points)
    return buyer, gadget


async def check_out_redeeming(
    graphql: GraphQLClient, buyer: Shopper, points: int, *, trace: bool = True
) -> GraphQLResponse:
    sent = checkout_input(buyer, redeemPoints=points)
    return await graphql(operation("CheckoutWithPoints"), sent, headers=buyer.headers, trace=trace)


async def test_checkout_spends_points_and_earns_on_what_is_paid(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, _ = cart_and_points(settings, stock=5, price_cents=3000, quantity=2, points=1250)
    response = await check_out_redeeming(graphql, buyer, 1250)
    placed = response.data["checkout"]
    assert placed["errors"] == []
    order = placed["order"]
    # 60.00 ships free (points do not change that); 1250 points take 12.50 off.
    assert (order["total"]["amount"], order["pointsRedeemed"]) == ("47.50", 1250)
    assert response.call_count("TransactWriteItems") == 2  # the order's, the cart emptied
    # As a checkout without points (the balance is on the profile it reads anyway): the
    # key's earlier order, the cart, the address and the profile; the listings and
    # products; the transaction; the cart emptied.
    assert response.body["extensions"]["dynamodb"]["rounds"] == 4
    assert len(response.calls) == 7
    assert sorted(rewards_of(settings, buyer.user_id)) == [("EARN", 47), ("REDEEM", -1250)]
    assert points_of(settings, buyer.user_id) == 47
    (stored,) = orders_of(settings, buyer.user_id)
    assert (stored["points_redeemed"], stored["total_cents"]) == (1250, 4750)
    assert stored["lsi2sk"] == f"AMOUNT#{4750:012d}#{order['id']}"


async def test_more_points_than_the_balance_are_refused_and_nothing_is_written(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, gadget = cart_and_points(settings, stock=5, price_cents=3000, quantity=1, points=99)
    response = await check_out_redeeming(graphql, buyer, 100)
    result = response.data["checkout"]
    assert result["order"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("INVALID_INPUT", ["input", "redeemPoints"])
    ]
    assert response.call_count("TransactWriteItems") == 0
    assert (points_of(settings, buyer.user_id), stock_of(settings, gadget)) == (99, 5)


async def test_concurrent_checkouts_spend_the_same_points_once(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, gadget = cart_and_points(settings, stock=100, price_cents=2000, quantity=1, points=500)
    responses = await asyncio.gather(
        *(check_out_redeeming(graphql, buyer, 500, trace=False) for _ in range(CHECKOUTS))
    )
    results = [r.data["checkout"] for r in responses]
    placed = [r["order"] for r in results if r["order"] is not None]
    refused = Counter((e["code"], tuple(e["field"])) for r in results for e in r["errors"])
    assert len(placed) == 1
    assert refused == {("INVALID_INPUT", ("input", "redeemPoints")): CHECKOUTS - 1}
    # 20.00 less 5.00 of points, under 50.00: 4.99 shipping, 19.99 paid, 19 points earned.
    assert placed[0]["total"]["amount"] == "19.99"
    assert sorted(rewards_of(settings, buyer.user_id)) == [("EARN", 19), ("REDEEM", -500)]
    assert points_of(settings, buyer.user_id) == 19
    assert len(orders_of(settings, buyer.user_id)) == 1
    # The stock audit stays exact: one sale, recorded once.
    assert stock_of(settings, gadget) == 99
    (audit,) = stock_transactions(settings, gadget)
    assert (audit["stock_before"], audit["stock_after"]) == (100, 99)
    # The seller's counters count the line at its price: points are the shop's discount.
    sold = item(settings, "Products", gadget.product_id, f"SELLER#{gadget.seller_id}")
    assert sold is not None
    assert (sold["units_sold"], sold["revenue_cents"]) == (1, 2000)
