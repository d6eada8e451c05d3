"""`cart.preview`: what checkout would charge and why it would refuse, by checkout's own
rules, writing nothing."""

from __future__ import annotations

from typing import Any

from gateway.settings import Settings
from tests import operations
from tests.cart.factories import (
    Shopper,
    cart_of,
    checkout_input,
    coupon,
    give_points,
    listing,
    orders_of,
    points_of,
    put_cart_line,
    shopper,
    withdraw,
)
from tests.cart.factories import operation as cart_operation
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.orders.factories import admin_headers

READS = {"GetItem", "BatchGetItem", "Query"}
MONEY = ("subtotal", "discount", "pointsDiscount", "shipping", "total")


def operation(name: str) -> str:
    return operations.operation("discovery.graphql", name)


async def preview(graphql: GraphQLClient, buyer: Shopper | None, **variables: Any) -> Any:
    response = await preview_response(graphql, buyer, **variables)
    return response.data["viewer"]["cart"]["preview"]


async def preview_response(
    graphql: GraphQLClient, buyer: Shopper | None, **variables: Any
) -> GraphQLResponse:
    headers = buyer.headers if buyer else None
    return await graphql(operation("CheckoutPreview"), variables, headers=headers)


def amounts(found: Any) -> dict[str, str]:
    return {name: found[name]["amount"] for name in MONEY}


async def check_out(graphql: GraphQLClient, buyer: Shopper, **overrides: Any) -> Any:
    sent = checkout_input(buyer, **overrides)
    response = await graphql(operation("CheckoutWithPoints"), sent, headers=buyer.headers)
    return response.data["checkout"]


async def test_preview_gives_what_checkout_then_charges_and_writes_nothing(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=5, price_cents=2500)
    put_cart_line(settings, buyer.user_id, gadget, 2)
    give_points(settings, buyer.user_id, 800)
    code = coupon(settings, kind="PERCENT", value=10)
    asked = {"couponCode": code, "shippingAddressId": buyer.address_id, "redeemPoints": 500}
    response = await preview_response(graphql, buyer, **asked)
    found = response.data["viewer"]["cart"]["preview"]
    # 50.00 less 10% is 45.00 before shipping: under 50.00, so 4.99 shipping; 500 points 5.00.
    assert amounts(found) == {
        "subtotal": "50.00",
        "discount": "5.00",
        "pointsDiscount": "5.00",
        "shipping": "4.99",
        "total": "44.99",
    }
    assert found["problems"] == []
    assert {c["operation"] for c in response.calls} <= READS
    # The profile with the cart's lines; then the listings and products with the address,
    # the coupon and the caller's uses of it (the balance is the profile's, read already).
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2
    assert [(c["operation"], c["keys"]) for c in response.calls] == [
        ("Query", 1),
        ("BatchGetItem", 1),
        ("BatchGetItem", 5),
    ]
    assert points_of(settings, buyer.user_id) == 800
    assert orders_of(settings, buyer.user_id) == []
    placed = await check_out(graphql, buyer, couponCode=code, redeemPoints=500)
    assert placed["errors"] == []
    order = placed["order"]
    assert (order["total"]["amount"], order["discount"]["amount"]) == ("44.99", "5.00")
    assert order["pointsRedeemed"] == 500


async def test_preview_names_every_problem_checkout_raises(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer = shopper(settings)
    short = listing(settings, stock=1, name="Scarce Speaker")
    gone = listing(settings, stock=9, name="Withdrawn Watch")
    put_cart_line(settings, buyer.user_id, short, 2)
    put_cart_line(settings, buyer.user_id, gone, 1)
    withdraw(settings, gone)
    give_points(settings, buyer.user_id, 100)
    spent = coupon(settings, max_uses=1, used_count=1)
    found = await preview(
        graphql, buyer, couponCode=spent, shippingAddressId="nope", redeemPoints=150
    )
    ordered = sorted([short.product_id, gone.product_id])
    lines = {short.product_id: "Scarce Speaker", gone.product_id: "Withdrawn Watch"}
    assert [(p["code"], p["field"]) for p in found["problems"]] == [
        ("INVALID_INPUT", ["shippingAddressId"]),
        ("OUT_OF_STOCK", ["lines", "0"]),
        ("OUT_OF_STOCK", ["lines", "1"]),
        ("COUPON_INVALID", ["couponCode"]),
        ("INVALID_INPUT", ["redeemPoints"]),
    ]
    for n, product_id in enumerate(ordered):
        assert lines[product_id] in found["problems"][1 + n]["message"]
    assert "no longer for sale" in found["problems"][1 + ordered.index(gone.product_id)]["message"]
    assert "100 points" in found["problems"][4]["message"]
    # The figures are still given: the points are the most the balance allows.
    assert found["pointsDiscount"]["amount"] == "1.00"
    refused = await check_out(graphql, buyer, couponCode=spent, redeemPoints=150)
    assert refused["order"] is None
    assert [(e["code"], e["field"], e["message"]) for e in refused["errors"]] == [
        (p["code"], ["input", *p["field"]] if p["code"] != "OUT_OF_STOCK" else p["field"], p["message"])
        for p in found["problems"][1:]
    ]  # fmt: skip
    assert len(cart_of(settings, buyer.user_id)) == 2


async def test_points_are_at_most_the_total_before_shipping(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=5, price_cents=1000)
    put_cart_line(settings, buyer.user_id, gadget, 1)
    give_points(settings, buyer.user_id, 5000)
    over = await preview(graphql, buyer, redeemPoints=1001)
    assert [(p["code"], p["field"]) for p in over["problems"]] == [
        ("INVALID_INPUT", ["redeemPoints"])
    ]
    assert "at most 1000 points" in over["problems"][0]["message"]
    negative = await preview(graphql, buyer, redeemPoints=-1)
    assert [p["field"] for p in negative["problems"]] == [["redeemPoints"]]
    whole = await preview(graphql, buyer, redeemPoints=1000)
    assert whole["problems"] == []
    assert amounts(whole) == {
        "subtotal": "10.00",
        "discount": "0.00",
        "pointsDiscount": "10.00",
        "shipping": "4.99",
        "total": "4.99",
    }
    placed = await check_out(graphql, buyer, redeemPoints=1000)
    assert placed["errors"] == []
    assert placed["order"]["total"]["amount"] == "4.99"
    assert points_of(settings, buyer.user_id) == 5000 - 1000 + 4


async def test_an_empty_cart_previews_as_cart_empty(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer = shopper(settings)
    found = await preview(graphql, buyer)
    assert [p["code"] for p in found["problems"]] == ["CART_EMPTY"]
    assert found["total"]["amount"] == "4.99"


async def test_only_the_owner_previews_a_cart(graphql: GraphQLClient, settings: Settings) -> None:
    owner, other, gadget = shopper(settings), shopper(settings), listing(settings, stock=5)
    put_cart_line(settings, owner.user_id, gadget, 3)
    give_points(settings, owner.user_id, 200)
    mine = await preview(graphql, owner, redeemPoints=200)
    assert (mine["total"]["amount"], mine["problems"]) == ("32.99", [])
    theirs = await preview(graphql, other, redeemPoints=200)  # the viewer's own cart
    assert [p["code"] for p in theirs["problems"]] == ["CART_EMPTY", "INVALID_INPUT"]
    sent = {"id": owner.user_id, "redeemPoints": 200}
    refused = await graphql(operation("UserCartPreview"), sent, headers=other.headers)
    assert refused.body["data"] == {"user": None}
    assert refused.error_codes == ["FORBIDDEN"]
    administrator = await graphql(operation("UserCartPreview"), sent, headers=admin_headers())
    found = administrator.data["user"]["cart"]["preview"]
    assert found == {"total": {"amount": "32.99"}, "problems": []}
    anonymous = await preview_response(graphql, None, redeemPoints=200)
    assert anonymous.data == {"viewer": None}


async def test_checkout_refuses_a_withdrawn_listing(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, gone = shopper(settings), listing(settings, stock=5)
    put_cart_line(settings, buyer.user_id, gone, 1)
    withdraw(settings, gone)
    result = await graphql(cart_operation("Checkout"), checkout_input(buyer), headers=buyer.headers)
    assert [e["code"] for e in result.data["checkout"]["errors"]] == ["OUT_OF_STOCK"]
    assert orders_of(settings, buyer.user_id) == []
