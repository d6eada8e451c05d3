"""Checkout and coupons: the order placed in one transaction, or nothing written at all."""

from __future__ import annotations

from typing import Any

from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from tests.accounts.factories import item, table
from tests.apps import client_for
from tests.cart.factories import (
    Shopper,
    Stocked,
    cart_of,
    checkout_input,
    coupon,
    listing,
    operation,
    orders_of,
    put_cart_line,
    shopper,
    stock_of,
    stock_transactions,
)
from tests.graphql_client import GraphQLClient


async def check_out(
    graphql: GraphQLClient, buyer: Shopper, variables: dict[str, Any] | None = None
) -> Any:
    sent = variables or checkout_input(buyer)
    response = await graphql(operation("Checkout"), sent, headers=buyer.headers)
    return response.data["checkout"]


def nothing_written(settings: Settings, buyer: Shopper, lines: list[tuple[Stocked, int]]) -> None:
    assert orders_of(settings, buyer.user_id) == []
    assert len(cart_of(settings, buyer.user_id)) == len(lines)
    for stocked, stock in lines:
        assert stock_of(settings, stocked) == stock
        assert stock_transactions(settings, stocked) == []


async def test_checkout_places_the_order_and_empties_the_cart(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer = shopper(settings)
    one, two = listing(settings, stock=5, price_cents=2500), listing(settings, stock=3)
    put_cart_line(settings, buyer.user_id, one, 2)
    put_cart_line(settings, buyer.user_id, two, 1)
    result = await check_out(graphql, buyer)
    assert result["errors"] == []
    order = result["order"]
    assert order["status"] == "CONFIRMED"
    assert order["itemCount"] == 3
    money = {name: order[name]["amount"] for name in ("subtotal", "discount", "shipping", "total")}
    assert money == {"subtotal": "60.00", "discount": "0.00", "shipping": "0.00", "total": "60.00"}
    assert order["couponCode"] is None
    assert order["shippingAddress"]["city"] == "Springfield"
    assert order["payment"] == {"method": "CARD", "status": "AUTHORIZED"}
    items = {i["product"]["id"]: i for i in order["items"]}
    assert items[one.product_id] == {
        "product": {"id": one.product_id, "name": one.name},
        "seller": {"id": one.seller_id},
        "quantity": 2,
        "unitPrice": {"amount": "25.00"},
        "lineTotal": {"amount": "50.00"},
    }
    assert (stock_of(settings, one), stock_of(settings, two)) == (3, 2)
    (audit,) = stock_transactions(settings, one)
    assert (audit["quantity_change"], audit["stock_before"], audit["stock_after"]) == (-2, 5, 3)
    assert audit["transaction_type"] == "order_placed"
    assert audit["order_id"] == order["id"]
    assert cart_of(settings, buyer.user_id) == []
    (stored,) = orders_of(settings, buyer.user_id)
    assert stored["gsi1pk"] == order["id"]
    assert stored["gsi2pk"] == "CONFIRMED"
    assert stored["lsi2sk"] == f"AMOUNT#{6000:012d}#{order['id']}"
    profile = item(settings, "Users", buyer.user_id, "PROFILE")
    assert profile is not None
    assert profile["reward_points"] == 60


async def test_checkout_reads_in_one_round_and_shows_the_items_it_wrote(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=4)
    put_cart_line(settings, buyer.user_id, gadget, 2)
    response = await graphql(operation("Checkout"), checkout_input(buyer), headers=buyer.headers)
    (line,) = response.data["checkout"]["order"]["items"]
    assert (line["product"]["id"], line["quantity"]) == (gadget.product_id, 2)
    calls = [(c["operation"], c["tables"]) for c in response.calls]
    order_items = settings.table_prefix + "OrderItems"
    assert ("Query", [order_items]) not in calls  # the payload's items are the ones written
    # (This token has no session to check.) The key's earlier order with the cart, the
    # address and the profile; the listings; the transaction; the cart emptied; the sellers.
    assert response.body["extensions"]["dynamodb"]["rounds"] == 5


async def test_the_same_idempotency_key_returns_the_same_order_and_writes_nothing(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=4)
    put_cart_line(settings, buyer.user_id, gadget, 1)
    sent = checkout_input(buyer)
    first = await check_out(graphql, buyer, sent)
    put_cart_line(settings, buyer.user_id, gadget, 1)  # a new cart: still no second order
    again = await check_out(graphql, buyer, sent)
    assert again == first
    assert stock_of(settings, gadget) == 3
    assert len(orders_of(settings, buyer.user_id)) == 1
    assert len(cart_of(settings, buyer.user_id)) == 1


async def test_a_short_third_line_writes_nothing_and_is_named(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer = shopper(settings)
    lines = [(listing(settings, stock=5, name=f"Line {n}"), 5) for n in range(3)]
    short = listing(settings, stock=1, name="Scarce Speaker")
    for stocked, _ in lines:
        put_cart_line(settings, buyer.user_id, stocked, 1)
    put_cart_line(settings, buyer.user_id, short, 2)
    # Cart lines come back by product id: find the short line's index the same way.
    ordered = sorted([s.product_id for s, _ in lines] + [short.product_id])
    index = ordered.index(short.product_id)
    result = await check_out(graphql, buyer)
    assert result["order"] is None
    (error,) = result["errors"]
    assert error["code"] == "OUT_OF_STOCK"
    assert error["field"] == ["lines", str(index)]
    assert "Scarce Speaker" in error["message"]
    nothing_written(settings, buyer, [*lines, (short, 1)])


async def test_checkout_refusals(graphql: GraphQLClient, settings: Settings) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=5)
    empty = await check_out(graphql, buyer)
    assert [e["code"] for e in empty["errors"]] == ["CART_EMPTY"]
    put_cart_line(settings, buyer.user_id, gadget, 1)
    no_address = await check_out(graphql, buyer, checkout_input(buyer, shippingAddressId="nope"))
    assert [(e["code"], e["field"]) for e in no_address["errors"]] == [
        ("INVALID_INPUT", ["input", "shippingAddressId"])
    ]
    bad_payment = await check_out(graphql, buyer, checkout_input(buyer, paymentMethod="BEADS"))
    assert [(e["code"], e["field"]) for e in bad_payment["errors"]] == [
        ("INVALID_INPUT", ["input", "paymentMethod"])
    ]
    nothing_written(settings, buyer, [(gadget, 5)])


async def test_shipping_is_charged_under_50(graphql: GraphQLClient, settings: Settings) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=5, price_cents=1000)
    put_cart_line(settings, buyer.user_id, gadget, 1)
    order = (await check_out(graphql, buyer))["order"]
    assert (order["shipping"]["amount"], order["total"]["amount"]) == ("4.99", "14.99")


async def test_a_valid_coupon_applies_its_discount(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=5, price_cents=4000)
    code = coupon(settings, kind="PERCENT", value=10)
    put_cart_line(settings, buyer.user_id, gadget, 2)
    result = await check_out(graphql, buyer, checkout_input(buyer, couponCode=code.lower()))
    assert result["errors"] == []
    order = result["order"]
    assert (order["discount"]["amount"], order["total"]["amount"]) == ("8.00", "72.00")
    assert order["couponCode"] == code
    stored = item(settings, "Coupons", code, "INFO")
    assert stored is not None
    assert stored["used_count"] == 1
    used = item(settings, "Coupons", code, f"USER#{buyer.user_id}")
    assert used is not None
    assert used["used"] == 1
    usage = item(settings, "Coupons", code, f"USAGE#{buyer.user_id}#{order['id']}")
    assert usage is not None
    assert usage["discount_cents"] == 800


async def test_an_exhausted_coupon_is_refused_and_nothing_is_written(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=5)
    code = coupon(settings, kind="FIXED", value=500, max_uses=3, used_count=3)
    put_cart_line(settings, buyer.user_id, gadget, 1)
    result = await check_out(graphql, buyer, checkout_input(buyer, couponCode=code))
    assert result["order"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("COUPON_INVALID", ["input", "couponCode"])
    ]
    nothing_written(settings, buyer, [(gadget, 5)])
    stored = item(settings, "Coupons", code, "INFO")
    assert stored is not None
    assert stored["used_count"] == 3


async def test_validate_coupon_is_open_to_anonymous_callers(
    graphql: GraphQLClient, settings: Settings
) -> None:
    good = coupon(settings, kind="FIXED", value=500, min_order_cents=2500)
    spent = coupon(settings, max_uses=1, used_count=1)
    answer = (await graphql(operation("ValidateCoupon"), {"code": good})).data["coupon"]
    assert answer == {
        "code": good,
        "description": "500 off",
        "discountType": "FIXED",
        "discountValue": "5.00",
        "minOrder": {"amount": "25.00"},
        "valid": True,
    }
    assert (await graphql(operation("ValidateCoupon"), {"code": spent})).data["coupon"][
        "valid"
    ] is False
    assert (await graphql(operation("ValidateCoupon"), {"code": "NOPE"})).data["coupon"] is None


async def valid_for(graphql: GraphQLClient, code: str, buyer: Shopper | None) -> bool:
    headers = buyer.headers if buyer else None
    response = await graphql(operation("ValidateCoupon"), {"code": code}, headers=headers)
    return bool(response.data["coupon"]["valid"])


async def test_a_coupon_used_up_by_the_caller_is_not_valid_for_them_and_checkout_agrees(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, other, gadget = shopper(settings), shopper(settings), listing(settings, stock=9)
    code = coupon(settings, per_user_limit=1)
    put_cart_line(settings, buyer.user_id, gadget, 1)
    assert (await check_out(graphql, buyer, checkout_input(buyer, couponCode=code)))["errors"] == []
    assert await valid_for(graphql, code, buyer) is False
    put_cart_line(settings, buyer.user_id, gadget, 1)
    refused = await check_out(graphql, buyer, checkout_input(buyer, couponCode=code))
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("COUPON_INVALID", ["input", "couponCode"])
    ]
    # Uses are per caller: someone else, or nobody signed in, may still use it.
    assert await valid_for(graphql, code, other) is True
    assert await valid_for(graphql, code.lower(), None) is True


async def test_a_coupon_with_uses_left_for_the_caller_is_valid_and_checkout_takes_it(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=9)
    code = coupon(settings, per_user_limit=2)
    put_cart_line(settings, buyer.user_id, gadget, 1)
    assert (await check_out(graphql, buyer, checkout_input(buyer, couponCode=code)))["errors"] == []
    assert await valid_for(graphql, code, buyer) is True
    put_cart_line(settings, buyer.user_id, gadget, 1)
    again = await check_out(graphql, buyer, checkout_input(buyer, couponCode=code))
    assert again["errors"] == []
    assert again["order"]["couponCode"] == code
    assert await valid_for(graphql, code, buyer) is False


async def test_checkout_charges_the_price_of_now_though_the_catalog_cache_holds_another(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    buyer = shopper(settings)
    stocked = listing(settings, stock=5, price_cents=1000)
    put_cart_line(settings, buyer.user_id, stocked, 1)
    async with client_for(settings, catalog_cache_seconds=60.0) as cached:
        shown = await cached(operation("MyCart"), headers=buyer.headers)  # keeps the listing
        assert shown.data["viewer"]["cart"]["subtotal"]["amount"] == "10.00"
        # Another process (another replica, the seller's tool) raises the price.
        table(settings, "Products").update_item(
            Key={"pk": stocked.product_id, "sk": f"SELLER#{stocked.seller_id}"},
            UpdateExpression="SET price_cents = :price",
            ExpressionAttributeValues={":price": 1500},
        )
        kept = await cached(operation("MyCart"), headers=buyer.headers)
        assert kept.data["viewer"]["cart"]["subtotal"]["amount"] == "10.00"  # up to the TTL
        result = await check_out(cached, buyer)
    assert result["errors"] == []
    assert result["order"]["subtotal"]["amount"] == "15.00"
