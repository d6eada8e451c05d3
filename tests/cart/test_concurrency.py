"""Checkouts at once, over the real ASGI app: never oversold, never twice for one key."""

from __future__ import annotations

import asyncio
import time

from gateway.settings import Settings
from tests.cart.factories import (
    checkout_input,
    listing,
    operation,
    orders_of,
    put_cart_line,
    shopper,
    shoppers,
    stock_of,
    stock_transactions,
)
from tests.graphql_client import GraphQLClient

BUYERS, UNITS = 100, 10


async def test_checkout_never_oversells(graphql: GraphQLClient, settings: Settings) -> None:
    hot = listing(settings, stock=UNITS, name="Hot Item")
    buyers = shoppers(settings, BUYERS)
    for buyer in buyers:
        put_cart_line(settings, buyer.user_id, hot, 1)
    started = time.perf_counter()
    responses = await asyncio.gather(
        *(
            graphql(operation("Checkout"), checkout_input(b), headers=b.headers, trace=False)
            for b in buyers
        )
    )
    elapsed = time.perf_counter() - started
    results = [r.data["checkout"] for r in responses]
    placed = [r["order"] for r in results if r["order"] is not None]
    refused = [e["code"] for r in results for e in r["errors"]]
    assert len(placed) == UNITS, elapsed
    assert refused == ["OUT_OF_STOCK"] * (BUYERS - UNITS)
    assert stock_of(settings, hot) == 0
    audit = sorted(stock_transactions(settings, hot), key=lambda t: -t["stock_before"])
    assert sum(t["quantity_change"] for t in audit) == -UNITS
    assert [(t["stock_before"], t["stock_after"]) for t in audit] == [
        (n, n - 1) for n in range(UNITS, 0, -1)
    ]
    assert {t["order_id"] for t in audit} == {o["id"] for o in placed}
    print(f"{BUYERS} concurrent checkouts took {elapsed:.2f}s")


async def test_one_key_sent_five_times_at_once_places_one_order(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=5)
    put_cart_line(settings, buyer.user_id, gadget, 1)
    sent = checkout_input(buyer)
    responses = await asyncio.gather(
        *(graphql(operation("Checkout"), sent, headers=buyer.headers) for _ in range(5))
    )
    results = [r.data["checkout"] for r in responses]
    assert all(r["errors"] == [] for r in results), results
    assert len({r["order"]["id"] for r in results}) == 1
    assert len(orders_of(settings, buyer.user_id)) == 1
    assert stock_of(settings, gadget) == 4
    assert len(stock_transactions(settings, gadget)) == 1
