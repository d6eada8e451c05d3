"""Points redeemed come back: all of them when the order is cancelled, each returned line's
share when it is returned (the last line returned brings back what is left)."""

from __future__ import annotations

from collections import Counter

from gateway.settings import Settings
from tests.cart.factories import (
    Shopper,
    give_points,
    orders_of,
    points_of,
    rewards_of,
    shopper,
)
from tests.graphql_client import GraphQLClient
from tests.orders.factories import operation, place, stocked, store
from tests.orders.test_returns import deliver, errors, give_back, ship


def points_given_back(settings: Settings, buyer: Shopper, order_id: str) -> int:
    (found,) = [o for o in orders_of(settings, buyer.user_id) if o["order_id"] == order_id]
    return int(found["points_given_back"])


async def test_cancel_gives_back_the_points_redeemed_and_takes_back_those_earned(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, _ = store(settings)
    buyer, line = shopper(settings), stocked(settings, seller_id, 5, 3000)
    give_points(settings, buyer.user_id, 1000)
    order_id = await place(graphql, settings, buyer, [(line, 1)], redeemPoints=500)
    # 30.00 less 5.00 of points, plus 4.99 shipping: 29.99 paid, 29 points earned.
    assert points_of(settings, buyer.user_id) == 1000 - 500 + 29
    response = await graphql(operation("CancelOrder"), {"id": order_id}, headers=buyer.headers)
    assert response.data["cancelOrder"]["errors"] == []
    assert response.call_count("TransactWriteItems") == 1
    assert points_of(settings, buyer.user_id) == 1000
    assert Counter(rewards_of(settings, buyer.user_id)) == Counter(
        {("REDEEM", -500): 1, ("EARN", 29): 1, ("ADJUST", -29): 1, ("ADJUST", 500): 1}
    )


async def test_returns_give_back_each_lines_share_of_the_points(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, seller_headers = store(settings)
    buyer = shopper(settings)
    big, small = stocked(settings, seller_id, 10, 2500), stocked(settings, seller_id, 10, 750)
    give_points(settings, buyer.user_id, 1000)
    order_id = await place(graphql, settings, buyer, [(big, 1), (small, 2)], redeemPoints=1000)
    # 40.00 less 10.00 of points, plus 4.99 shipping (40.00 is under 50.00): 34.99, 34 points.
    assert points_of(settings, buyer.user_id) == 34
    for line in (big, small):
        await ship(graphql, seller_headers, order_id, line)
        delivered = await deliver(graphql, seller_headers, order_id, line)
        assert errors(delivered, "markOrderItemDelivered") == []
    first = await give_back(graphql, buyer.headers, order_id, big)
    assert errors(first, "returnOrderItem") == []
    # The 25.00 line is 5/8 of the subtotal: 625 points back, and 25.00 - 6.25 = 18.75 in
    # money; the refund takes back 34 - 16 = 18 earned points (16.24 is left paid).
    payment = first.data["returnOrderItem"]["order"]["payment"]
    assert payment["refunded"]["amount"] == "18.75"
    assert points_of(settings, buyer.user_id) == 34 + 625 - 18
    assert points_given_back(settings, buyer, order_id) == 625
    last = await give_back(graphql, buyer.headers, order_id, small)
    assert errors(last, "returnOrderItem") == []
    # The last line brings back the points left (375) and the money left (16.24).
    payment = last.data["returnOrderItem"]["order"]["payment"]
    assert (payment["status"], payment["refunded"]["amount"]) == ("REFUNDED", "34.99")
    assert points_of(settings, buyer.user_id) == 1000
    assert points_given_back(settings, buyer, order_id) == 1000
    moves = Counter(rewards_of(settings, buyer.user_id))
    assert moves == Counter(
        {
            ("REDEEM", -1000): 1,
            ("EARN", 34): 1,
            ("ADJUST", 625): 1,
            ("ADJUST", -18): 1,
            ("ADJUST", 375): 1,
            ("ADJUST", -16): 1,
        }
    )
