"""withdrawListing: the offer stops selling, leaves the minimum price and the category
pages, and upsertListing offers it again."""

from __future__ import annotations

from typing import Any

from tests.accounts.factories import table
from tests.apps import client_of
from tests.cart.factories import Shopper, Stocked, checkout_input, put_cart_line, shopper
from tests.cart.factories import operation as cart_operation
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient
from tests.seller_catalog.factories import (
    ADMIN,
    CUSTOMER,
    SELLER,
    listed,
    listing_item,
    page_of,
    payload_codes,
    person,
    product_item,
)
from tests.seller_tools.factories import Shop, send, shop


def buyer_of_one(isolated: Isolated, found: Shop) -> Shopper:
    """A shopper with one unit of the found offer in the cart."""
    buyer = shopper(isolated.settings)
    stocked = Stocked(found.product_id, found.seller.user_id, "", 1000)
    put_cart_line(isolated.settings, buyer.user_id, stocked, 1)
    return buyer


async def test_withdrawing_takes_the_offer_off_sale_and_off_the_pages(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated, price="10")
    other = person(isolated.settings, SELLER)
    await listed(isolated_graphql, other, found.product_id, "12", 3)
    response = await send(
        isolated_graphql, "WithdrawListing", found.seller, productId=found.product_id
    )
    assert response.data["withdrawListing"] == {
        "listing": {
            "isActive": False,
            "stock": 5,
            "product": {"id": found.product_id, "minPrice": {"amount": "12.00"}},
        },
        "errors": [],
    }
    # The product and its listings in one round (two calls), then one transaction.
    assert response.call_count() == 3
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2
    assert (
        listing_item(isolated.settings, found.product_id, found.seller.user_id)["is_active"]
        is False
    )
    assert await page_of(isolated_graphql, found.category_id) == [(found.product_id, "12.00")]
    # The last offer withdrawn: the product leaves the category pages.
    await send(isolated_graphql, "WithdrawListing", other, productId=found.product_id)
    assert await page_of(isolated_graphql, found.category_id) == []
    assert "min_price_cents" not in product_item(isolated.settings, found.product_id)
    # Offered again.
    await listed(isolated_graphql, found.seller, found.product_id, "9", 2)
    assert await page_of(isolated_graphql, found.category_id) == [(found.product_id, "9.00")]


async def test_withdrawing_twice_changes_nothing(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated)
    await send(isolated_graphql, "WithdrawListing", found.seller, productId=found.product_id)
    again = await send(
        isolated_graphql, "WithdrawListing", found.seller, productId=found.product_id
    )
    assert again.data["withdrawListing"]["listing"]["isActive"] is False
    assert again.call_count("TransactWriteItems") == 0


async def test_a_withdrawn_offer_is_unavailable_in_carts_and_refused_at_checkout(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated)
    buyer = buyer_of_one(isolated, found)
    await send(isolated_graphql, "WithdrawListing", found.seller, productId=found.product_id)
    cart = await isolated_graphql(cart_operation("MyCart"), headers=buyer.headers)
    assert [line["available"] for line in cart.data["viewer"]["cart"]["items"]] == [False]
    placed = await isolated_graphql(
        cart_operation("Checkout"), checkout_input(buyer), headers=buyer.headers
    )
    assert payload_codes(placed, "checkout") == ["OUT_OF_STOCK"]
    assert listing_item(isolated.settings, found.product_id, found.seller.user_id)["stock"] == 5


async def test_who_may_withdraw(isolated_graphql: GraphQLClient, isolated: Isolated) -> None:
    found = await shop(isolated_graphql, isolated)
    other_seller = person(isolated.settings, SELLER)
    admin = person(isolated.settings, ADMIN)
    customer = person(isolated.settings, CUSTOMER)
    # Another seller has no listing of it; an administrator who sells nothing is no seller.
    mine = await send(isolated_graphql, "WithdrawListing", other_seller, productId=found.product_id)
    assert payload_codes(mine, "withdrawListing") == ["NOT_FOUND"]
    for who, code in ((admin, "FORBIDDEN"), (customer, "FORBIDDEN"), (None, "UNAUTHENTICATED")):
        refused = await send(isolated_graphql, "WithdrawListing", who, productId=found.product_id)
        assert refused.error_codes == [code]
    assert (
        listing_item(isolated.settings, found.product_id, found.seller.user_id)["is_active"] is True
    )


async def test_a_withdrawal_between_a_checkouts_read_and_its_write_refuses_it(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated)
    buyer = buyer_of_one(isolated, found)
    listings = table(isolated.settings, "Products")
    key = {"pk": found.product_id, "sk": f"SELLER#{found.seller.user_id}"}
    withdrawn: list[bool] = []

    def withdraw_first(**_: Any) -> None:
        """The seller withdraws the offer just before the checkout's first transaction."""
        if not withdrawn:
            withdrawn.append(True)
            listings.update_item(
                Key=key,
                UpdateExpression="SET is_active = :no",
                ExpressionAttributeValues={":no": False},
            )

    client = client_of(isolated.app)
    event = "before-call.dynamodb.TransactWriteItems"
    client.meta.events.register(event, withdraw_first, unique_id="withdraw-first")
    try:
        placed = await isolated_graphql(
            cart_operation("Checkout"), checkout_input(buyer), headers=buyer.headers
        )
    finally:
        client.meta.events.unregister(event, unique_id="withdraw-first")
    assert withdrawn == [True]
    assert payload_codes(placed, "checkout") == ["OUT_OF_STOCK"]
    assert listing_item(isolated.settings, found.product_id, found.seller.user_id)["stock"] == 5
