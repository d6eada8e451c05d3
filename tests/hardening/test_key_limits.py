"""Ids, slugs and codes DynamoDB could not store as keys (empty; a partition key over 2,048
bytes, a sort key over 1,024, in UTF-8) name nothing: a query answers `null` without
asking DynamoDB, a mutation lists NOT_FOUND or INVALID_INPUT on the argument. Never an
internal error (the test engine refuses such keys as DynamoDB does)."""

from __future__ import annotations

import pytest

from gateway.settings import Settings
from tests.cart.factories import checkout_input, listing, put_cart_line, shopper
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient
from tests.seller_catalog.factories import person

LONG = "é" * 1500  # 3,000 bytes
SORT_LONG = "x" * 1020  # fits a partition key, not a sort key once its prefix is added
ERRORS = "errors { field code }"


async def test_a_key_dynamodb_refuses_is_a_missing_entity(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    response = await graphql(
        f"""{{
          empty: product(id: "") {{ id }}
          long: product(id: "{LONG}") {{ id }}
          products(ids: ["", "{LONG}", "p-studio"]) {{ id }}
          category(id: "") {{ id }}
          categoryBySlug(slug: "{LONG}") {{ id }}
          coupon(code: "{LONG}") {{ code }}
          seller(id: "{LONG}") {{ id }}
        }}"""
    )
    assert response.data == {
        "empty": None,
        "long": None,
        "products": [None, None, {"id": "p-studio"}],
        "category": None,
        "categoryBySlug": None,
        "coupon": None,
        "seller": None,
    }
    # Only p-studio was asked for: the refused keys were never sent.
    assert sum(call["keys"] for call in response.calls if call["operation"] == "BatchGetItem") == 1


# Each case: a mutation given a key DynamoDB refuses, and the path of the argument holding it.
CUSTOMER_MUTATIONS = {
    "add-to-cart-empty": ('addToCart(productId: "", sellerId: "s-acme", quantity: 1)', ["productId"]),
    "add-to-cart-long-sort-key": (f'addToCart(productId: "p-studio", sellerId: "{SORT_LONG}", quantity: 1)', ["productId"]),
    "update-cart-item": (f'updateCartItem(productId: "{LONG}", sellerId: "s", quantity: 1)', ["productId"]),
    "remove-from-cart": (f'removeFromCart(productId: "{SORT_LONG}", sellerId: "s")', ["productId"]),
    "add-to-wishlist": (f'addToWishlist(wishlistId: "{LONG}", productId: "p-studio")', ["wishlistId"]),
    "cancel": (f'cancelOrder(id: "{LONG}")', ["id"]),
    "write-review": ('writeReview(input: {productId: "", rating: 5, title: "t", body: "b"})', ["input", "productId"]),
}  # fmt: skip

ADMIN_MUTATIONS = {
    "create-category-parent": (f'createCategory(input: {{name: "n", slug: "ok", parentId: "{LONG}"}})', ["input", "parentId"]),
    "delete": ('deleteCategory(id: "")', ["id"]),
    "create-product-category": (f'createProduct(input: {{name: "n", description: "d", categoryId: "{LONG}"}})', ["input", "categoryId"]),
    "update-product": (f'updateProduct(id: "{LONG}", input: {{name: "n"}})', ["id"]),
    "upsert-listing": (f'upsertListing(productId: "{LONG}", price: "1.00", stock: 1)', ["productId"]),
    "restock": ('restock(productId: "", quantity: 1)', ["productId"]),
    "target-users": (f'targetUsers(id: "{LONG}", userIds: [""])', ["id"]),
}  # fmt: skip


async def refusals(
    graphql: GraphQLClient, call: str, headers: dict[str, str]
) -> list[tuple[str, list[str]]]:
    """The (code, field) of each error `call`'s payload lists."""
    response = await graphql(f"mutation {{ {call} {{ {ERRORS} }} }}", headers=headers)
    (payload,) = response.data.values()
    return [(e["code"], e["field"]) for e in payload["errors"]]


@pytest.mark.parametrize(
    ("call", "field"), [pytest.param(*c, id=i) for i, c in CUSTOMER_MUTATIONS.items()]
)
async def test_a_customers_refused_key_is_listed_on_its_argument(
    graphql: GraphQLClient, settings: Settings, catalog: Catalog, call: str, field: list[str]
) -> None:
    customer = shopper(settings)
    assert await refusals(graphql, call, customer.headers) == [("NOT_FOUND", field)]


@pytest.mark.parametrize(
    ("call", "field"), [pytest.param(*c, id=i) for i, c in ADMIN_MUTATIONS.items()]
)
async def test_an_administrators_refused_key_is_listed_on_its_argument(
    graphql: GraphQLClient, settings: Settings, catalog: Catalog, call: str, field: list[str]
) -> None:
    admin = person(settings, ["customer", "seller", "admin"], store="Key Limits")
    assert await refusals(graphql, call, admin.headers) == [("NOT_FOUND", field)]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        pytest.param("shippingAddressId", LONG, "INVALID_INPUT", id="address"),
        pytest.param("couponCode", LONG, "COUPON_INVALID", id="coupon"),
    ],
)
async def test_checkout_lists_a_refused_key_on_its_input(
    graphql: GraphQLClient, settings: Settings, field: str, value: str, code: str
) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=3)
    put_cart_line(settings, buyer.user_id, gadget, 1)
    sent = checkout_input(buyer)
    sent["input"][field] = value
    checkout = "mutation Checkout($input: CheckoutInput!) { checkout(input: $input) { %s } }"
    response = await graphql(checkout % ERRORS, sent, headers=buyer.headers)
    assert [(e["code"], e["field"]) for e in response.data["checkout"]["errors"]] == [
        (code, ["input", field])
    ]
