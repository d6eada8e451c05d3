"""Delivery and returns: the seller (or an administrator) marks a shipped item delivered;
the customer returns it within 30 days, in one transaction that refunds it, puts its units
back in stock with a refund record and takes its points back."""

from __future__ import annotations

import asyncio
from collections import Counter

from gateway.settings import Settings
from tests.accounts.factories import item, table
from tests.cart.factories import Shopper, Stocked, shopper, stock_of, stock_transactions
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.orders.factories import admin_headers, place, stocked, store
from tests.orders.factories import operation as order_operation
from tests.orders.test_history import operation


async def ship(
    graphql: GraphQLClient, headers: dict[str, str], order_id: str, line: Stocked
) -> None:
    variables = {"orderId": order_id, "productId": line.product_id, "courier": "UPS", "trackingNumber": "1Z"}  # fmt: skip
    shipped = await graphql(order_operation("ShipOrderItem"), variables, headers=headers)
    assert shipped.data["shipOrderItem"]["errors"] == []


async def deliver(
    graphql: GraphQLClient, headers: dict[str, str], order_id: str, line: Stocked
) -> GraphQLResponse:
    variables = {"orderId": order_id, "productId": line.product_id}
    return await graphql(operation("MarkDelivered"), variables, headers=headers)


async def give_back(
    graphql: GraphQLClient, headers: dict[str, str], order_id: str, line: Stocked
) -> GraphQLResponse:
    variables = {"orderId": order_id, "productId": line.product_id, "reason": "Too small"}
    return await graphql(operation("ReturnItem"), variables, headers=headers)


def errors(response: GraphQLResponse, field: str) -> list[str]:
    return [e["code"] for e in response.data[field]["errors"]]


def audit_holds(settings: Settings, line: Stocked, initial: int) -> bool:
    """stock + sold = initial + restocked + refunded, from the StockTransactions."""
    sums: Counter[str] = Counter()
    for row in stock_transactions(settings, line):
        sums[row["transaction_type"]] += int(row["quantity_change"])
    sold = -sums["order_placed"]
    restocked = sums["restock"] + sums["order_cancelled"] + sums["manual_adjustment"]
    return stock_of(settings, line) + sold == initial + restocked + sums["refund"]


async def delivered_order(
    graphql: GraphQLClient, settings: Settings
) -> tuple[Shopper, dict[str, str], str, Stocked, Stocked]:
    """An order of two lines (25.00 and 2 x 7.50: 44 points), shipped and delivered."""
    seller_id, seller_headers = store(settings)
    buyer = shopper(settings)
    big, small = stocked(settings, seller_id, 10, 2500), stocked(settings, seller_id, 10, 750)
    order_id = await place(graphql, settings, buyer, [(big, 1), (small, 2)])
    for line in (big, small):
        await ship(graphql, seller_headers, order_id, line)
        assert errors(await deliver(graphql, seller_headers, order_id, line), "markOrderItemDelivered") == []  # fmt: skip
    return buyer, seller_headers, order_id, big, small


async def test_the_order_is_delivered_when_every_item_is(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, seller_headers = store(settings)
    buyer = shopper(settings)
    one, two = stocked(settings, seller_id, 5), stocked(settings, seller_id, 5)
    order_id = await place(graphql, settings, buyer, [(one, 1), (two, 1)])
    early = await deliver(graphql, seller_headers, order_id, one)
    assert errors(early, "markOrderItemDelivered") == ["INVALID_STATE"]
    await ship(graphql, seller_headers, order_id, one)
    await ship(graphql, seller_headers, order_id, two)
    first = await deliver(graphql, seller_headers, order_id, one)
    assert first.data["markOrderItemDelivered"] == {"item": {"status": "DELIVERED"}, "errors": []}
    # The session check is the token's (no session); the order by id, then the order and its
    # items consistently, then one transaction.
    assert [c["operation"] for c in first.calls] == ["Query", "GetItem", "Query", "TransactWriteItems"]  # fmt: skip
    detail = order_operation("OrderDetail")
    status = await graphql(detail, {"id": order_id}, headers=buyer.headers)
    assert status.data["order"]["status"] == "SHIPPED"
    # An administrator may mark it too.
    second = await deliver(graphql, admin_headers(), order_id, two)
    assert errors(second, "markOrderItemDelivered") == []
    status = await graphql(detail, {"id": order_id}, headers=buyer.headers)
    assert status.data["order"]["status"] == "DELIVERED"
    again = await deliver(graphql, seller_headers, order_id, two)
    assert errors(again, "markOrderItemDelivered") == ["INVALID_STATE"]


async def test_only_the_items_seller_or_an_administrator_marks_it_delivered(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, seller_headers = store(settings)
    _, other_seller = store(settings)
    buyer = shopper(settings)
    line = stocked(settings, seller_id, 5)
    order_id = await place(graphql, settings, buyer, [(line, 1)])
    await ship(graphql, seller_headers, order_id, line)
    for headers in (buyer.headers, other_seller):
        refused = await deliver(graphql, headers, order_id, line)
        assert errors(refused, "markOrderItemDelivered") == ["NOT_FOUND"]
    assert (await deliver(graphql, {}, order_id, line)).error_codes == ["UNAUTHENTICATED"]


async def test_a_return_refunds_restocks_and_takes_the_points_back(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, _, order_id, big, small = await delivered_order(graphql, settings)
    profile = item(settings, "Users", buyer.user_id, "PROFILE")
    assert profile is not None
    assert profile["reward_points"] == 44
    returned = await give_back(graphql, buyer.headers, order_id, big)
    result = returned.data["returnOrderItem"]
    assert result["errors"] == []
    order = result["order"]
    assert order["status"] == "DELIVERED"  # every item that still counts is delivered
    assert order["total"] == {"amount": "44.99"}
    assert order["payment"] == {"status": "PARTIALLY_REFUNDED", "refunded": {"amount": "25.00"}}
    assert {i["productName"]: i["status"] for i in order["items"]} == {
        big.name: "RETURNED", small.name: "DELIVERED",
    }  # fmt: skip
    assert stock_of(settings, big) == 10
    assert audit_holds(settings, big, 10)
    # The seller's dashboard counters: the returned line no longer counts as sold.
    sold = item(settings, "Products", big.product_id, f"SELLER#{big.seller_id}")
    assert sold is not None
    assert (sold.get("units_sold", 0), sold.get("revenue_cents", 0)) == (0, 0)
    refunds = [r for r in stock_transactions(settings, big) if r["transaction_type"] == "refund"]
    assert [(r["quantity_change"], r["order_id"], r["notes"]) for r in refunds] == [(1, order_id, "Too small")]  # fmt: skip
    profile = item(settings, "Users", buyer.user_id, "PROFILE")
    assert profile is not None
    assert profile["reward_points"] == 44 - 25
    # The last item refunds the rest, shipping included; the order is RETURNED.
    last = (await give_back(graphql, buyer.headers, order_id, small)).data["returnOrderItem"]
    assert (last["order"]["status"], last["order"]["payment"]) == (
        "RETURNED", {"status": "REFUNDED", "refunded": {"amount": "44.99"}},
    )  # fmt: skip
    assert stock_of(settings, small) == 10
    assert audit_holds(settings, small, 10)
    profile = item(settings, "Users", buyer.user_id, "PROFILE")
    assert profile is not None
    assert profile["reward_points"] == 0
    again = await give_back(graphql, buyer.headers, order_id, small)
    assert errors(again, "returnOrderItem") == ["INVALID_STATE"]
    stats = await graphql(operation("MyOrderStats"), headers=buyer.headers)
    assert stats.data["viewer"]["orderStats"]["orderCount"] == 0


async def test_points_already_spent_are_never_taken_below_zero(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, _, order_id, big, _ = await delivered_order(graphql, settings)
    table(settings, "Users").update_item(
        Key={"pk": buyer.user_id, "sk": "PROFILE"},
        UpdateExpression="SET reward_points = :spent",
        ExpressionAttributeValues={":spent": 10},
    )
    assert errors(await give_back(graphql, buyer.headers, order_id, big), "returnOrderItem") == []
    profile = item(settings, "Users", buyer.user_id, "PROFILE")
    assert profile is not None
    assert profile["reward_points"] == 0


async def test_only_the_customer_returns_within_thirty_days(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, seller_headers, order_id, big, small = await delivered_order(graphql, settings)
    stranger = shopper(settings)
    codes = {
        who: errors(await give_back(graphql, headers, order_id, big), "returnOrderItem")
        for who, headers in (
            ("stranger", stranger.headers),
            ("admin", admin_headers()),
            ("seller", seller_headers),
        )
    }
    assert codes == {"stranger": ["NOT_FOUND"], "admin": ["FORBIDDEN"], "seller": ["NOT_FOUND"]}
    assert (await give_back(graphql, {}, order_id, big)).error_codes == ["UNAUTHENTICATED"]
    table(settings, "OrderItems").update_item(
        Key={"pk": order_id, "sk": f"ITEM#{small.product_id}#{small.seller_id}"},
        UpdateExpression="SET delivered_at = :long_ago",
        ExpressionAttributeValues={":long_ago": "2026-01-01T00:00:00.000Z"},
    )
    late = await give_back(graphql, buyer.headers, order_id, small)
    assert errors(late, "returnOrderItem") == ["INVALID_STATE"]
    assert "30 days" in late.data["returnOrderItem"]["errors"][0]["message"]


async def test_concurrent_returns_refund_once_and_keep_the_stock_audit(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, _seller_headers, order_id, big, small = await delivered_order(graphql, settings)
    results = await asyncio.gather(
        *(give_back(graphql, buyer.headers, order_id, big) for _ in range(3)),
        give_back(graphql, buyer.headers, order_id, small),
    )
    outcomes = [errors(r, "returnOrderItem") for r in results[:3]]
    assert sorted(outcomes) == [[], ["INVALID_STATE"], ["INVALID_STATE"]]
    assert errors(results[3], "returnOrderItem") == []
    stored = table(settings, "Orders").query(
        IndexName="OrderIdIndex",
        KeyConditionExpression="gsi1pk = :id",
        ExpressionAttributeValues={":id": order_id},
    )["Items"][0]
    assert (stored["status"], stored["payment"]["refunded_cents"]) == ("RETURNED", 4499)
    assert stored["lsi2sk"] == f"AMOUNT#{0:012d}#{order_id}"
    for line in (big, small):
        assert stock_of(settings, line) == 10
        assert audit_holds(settings, line, 10)
        refunds = [
            r for r in stock_transactions(settings, line) if r["transaction_type"] == "refund"
        ]
        assert len(refunds) == 1


async def test_a_return_racing_a_delivery_is_decided_once(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, seller_headers = store(settings)
    buyer = shopper(settings)
    line = stocked(settings, seller_id, 5)
    order_id = await place(graphql, settings, buyer, [(line, 2)])
    await ship(graphql, seller_headers, order_id, line)
    delivered, returned = await asyncio.gather(
        deliver(graphql, seller_headers, order_id, line),
        give_back(graphql, buyer.headers, order_id, line),
    )
    assert errors(delivered, "markOrderItemDelivered") == []
    # The return either saw the item shipped (refused) or delivered (refunded): never both
    # a refusal of the delivery and a refund.
    refunds = [r for r in stock_transactions(settings, line) if r["transaction_type"] == "refund"]
    assert len(refunds) == (0 if errors(returned, "returnOrderItem") else 1)
    assert audit_holds(settings, line, 5)
