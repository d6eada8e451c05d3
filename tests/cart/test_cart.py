"""The cart operations of cart_checkout.graphql, through HTTP, as the owner and as others."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.settings import Settings
from resolvers.cart import MAX_CART_LINES
from tests.accounts.factories import table
from tests.cart.factories import (
    STORE,
    Shopper,
    listing,
    operation,
    put_cart_line,
    shopper,
)
from tests.graphql_client import GraphQLClient


async def add(
    graphql: GraphQLClient, buyer: Shopper, product_id: str, seller_id: str, quantity: int
) -> Any:
    variables = {"productId": product_id, "sellerId": seller_id, "quantity": quantity}
    response = await graphql(operation("AddToCart"), variables, headers=buyer.headers)
    return response.data["addToCart"]


async def my_cart(graphql: GraphQLClient, buyer: Shopper) -> Any:
    return (await graphql(operation("MyCart"), headers=buyer.headers)).data["viewer"]["cart"]


async def test_add_to_cart_adds_to_an_existing_line(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=5, price_cents=1250)
    first = await add(graphql, buyer, gadget.product_id, gadget.seller_id, 2)
    again = await add(graphql, buyer, gadget.product_id, gadget.seller_id, 3)
    assert first["errors"] == []
    assert again["errors"] == []
    assert again["cart"] == {
        "itemCount": 5,
        "subtotal": {"amount": "62.50", "currencyCode": "USD"},
        "items": [
            {
                "product": {"id": gadget.product_id},
                "seller": {"id": gadget.seller_id},
                "quantity": 5,
            }
        ],
    }


async def test_my_cart_shows_prices_availability_product_and_seller(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer = shopper(settings)
    plenty, scarce = listing(settings, stock=9, price_cents=1000), listing(settings, stock=1)
    await add(graphql, buyer, plenty.product_id, plenty.seller_id, 2)
    await add(graphql, buyer, scarce.product_id, scarce.seller_id, 3)
    table(settings, "Products").update_item(
        Key={"pk": plenty.product_id, "sk": f"SELLER#{plenty.seller_id}"},
        UpdateExpression="SET price_cents = :p",
        ExpressionAttributeValues={":p": 1500},
    )
    response = await graphql(operation("MyCart"), headers=buyer.headers)
    cart = response.data["viewer"]["cart"]
    by_product = {line["product"]["id"]: line for line in cart["items"]}
    line = by_product[plenty.product_id]
    assert cart["itemCount"] == 5
    assert line["unitPrice"]["amount"] == "10.00"
    assert line["currentPrice"]["amount"] == "15.00"
    assert line["lineTotal"]["amount"] == "30.00"
    assert line["available"] is True
    assert line["product"]["name"] == plenty.name
    assert line["product"]["primaryImage"]["url"].endswith("/0.jpg")
    assert line["seller"] == {"id": plenty.seller_id, "storeName": STORE}
    assert by_product[scarce.product_id]["available"] is False
    assert cart["subtotal"]["amount"] == "60.00"
    # The lines' listings and products come in one BatchGetItem, the lines in one Query.
    assert response.call_count("Query") == 1
    assert response.call_count("BatchGetItem") <= 2


@pytest.mark.parametrize("quantity", [pytest.param(0, id="zero"), pytest.param(100, id="100")])
async def test_quantities_are_1_to_99(
    graphql: GraphQLClient, settings: Settings, quantity: int
) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=5)
    result = await add(graphql, buyer, gadget.product_id, gadget.seller_id, quantity)
    assert result["cart"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID_INPUT", ["quantity"])]


async def test_a_line_never_exceeds_99(graphql: GraphQLClient, settings: Settings) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=500)
    await add(graphql, buyer, gadget.product_id, gadget.seller_id, 60)
    result = await add(graphql, buyer, gadget.product_id, gadget.seller_id, 40)
    assert [e["code"] for e in result["errors"]] == ["INVALID_INPUT"]
    assert (await my_cart(graphql, buyer))["itemCount"] == 60


@pytest.mark.parametrize(
    ("product_id", "seller_id"),
    [
        pytest.param("p-missing", "s-acme", id="no-product"),
        pytest.param("p-studio", "s-nobody", id="no-listing"),
        pytest.param("p-old", "s-acme", id="inactive-product"),
    ],
)
async def test_only_listings_for_sale_go_in_the_cart(
    graphql: GraphQLClient, settings: Settings, catalog: Any, product_id: str, seller_id: str
) -> None:
    result = await add(graphql, shopper(settings), product_id, seller_id, 1)
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("NOT_FOUND", ["productId"])]


async def test_a_cart_holds_at_most_max_cart_lines(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer = shopper(settings)
    for _ in range(MAX_CART_LINES):
        put_cart_line(settings, buyer.user_id, listing(settings, stock=3), 1)
    extra = listing(settings, stock=3)
    result = await add(graphql, buyer, extra.product_id, extra.seller_id, 1)
    assert [e["code"] for e in result["errors"]] == ["INVALID_INPUT"]
    assert str(MAX_CART_LINES) in result["errors"][0]["message"]
    assert MAX_CART_LINES >= 20


async def test_update_remove_and_clear(graphql: GraphQLClient, settings: Settings) -> None:
    buyer = shopper(settings)
    one, two = listing(settings, stock=5), listing(settings, stock=5)
    await add(graphql, buyer, one.product_id, one.seller_id, 1)
    await add(graphql, buyer, two.product_id, two.seller_id, 1)
    key = {"productId": one.product_id, "sellerId": one.seller_id}
    updated = (
        await graphql(operation("UpdateCartItem"), key | {"quantity": 7}, headers=buyer.headers)
    ).data["updateCartItem"]
    assert updated["errors"] == []
    assert updated["cart"]["itemCount"] == 8
    removed = (await graphql(operation("RemoveFromCart"), key, headers=buyer.headers)).data[
        "removeFromCart"
    ]
    assert removed == {"cart": {"itemCount": 1}, "errors": []}
    cleared = (await graphql(operation("ClearCart"), headers=buyer.headers)).data["clearCart"]
    assert cleared == {"cart": {"itemCount": 0}, "errors": []}
    assert (await my_cart(graphql, buyer))["items"] == []


async def test_another_user_never_sees_or_changes_my_cart(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner, other, gadget = shopper(settings), shopper(settings), listing(settings, stock=5)
    await add(graphql, owner, gadget.product_id, gadget.seller_id, 2)
    assert (await my_cart(graphql, other))["items"] == []
    key = {"productId": gadget.product_id, "sellerId": gadget.seller_id}
    for name, extra in [("UpdateCartItem", {"quantity": 9}), ("RemoveFromCart", {})]:
        response = await graphql(operation(name), key | extra, headers=other.headers)
        (payload,) = response.data.values()
        assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    await graphql(operation("ClearCart"), headers=other.headers)
    assert (await my_cart(graphql, owner))["itemCount"] == 2


@pytest.mark.parametrize(
    ("name", "variables"),
    [
        pytest.param("AddToCart", {"productId": "p", "sellerId": "s", "quantity": 1}, id="add"),
        pytest.param(
            "UpdateCartItem", {"productId": "p", "sellerId": "s", "quantity": 1}, id="update"
        ),
        pytest.param("RemoveFromCart", {"productId": "p", "sellerId": "s"}, id="remove"),
        pytest.param("ClearCart", {}, id="clear"),
        pytest.param(
            "Checkout",
            {"input": {"shippingAddressId": "a", "paymentMethod": "CARD", "idempotencyKey": "k"}},
            id="checkout",
        ),
    ],
)
async def test_cart_mutations_need_a_signed_in_user(
    graphql: GraphQLClient, name: str, variables: dict[str, Any]
) -> None:
    response = await graphql(operation(name), variables)
    assert response.error_codes == ["UNAUTHENTICATED"]


async def test_an_anonymous_viewer_has_no_cart(graphql: GraphQLClient) -> None:
    assert (await graphql(operation("MyCart"))).data == {"viewer": None}
