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


CUSTOMER_MUTATIONS = [
    pytest.param(
        f'addToCart(productId: "", sellerId: "s-acme", quantity: 1) {{ {ERRORS} }}',
        ("NOT_FOUND", ["productId"]),
        id="add-to-cart-empty",
    ),
    pytest.param(
        f'addToCart(productId: "p-studio", sellerId: "{SORT_LONG}", quantity: 1) {{ {ERRORS} }}',
        ("NOT_FOUND", ["productId"]),
        id="add-to-cart-long-sort-key",
    ),
    pytest.param(
        f'updateCartItem(productId: "{LONG}", sellerId: "s", quantity: 1) {{ {ERRORS} }}',
        ("NOT_FOUND", ["productId"]),
        id="update-cart-item",
    ),
    pytest.param(
        f'removeFromCart(productId: "{SORT_LONG}", sellerId: "s") {{ {ERRORS} }}',
        ("NOT_FOUND", ["productId"]),
        id="remove-from-cart",
    ),
    pytest.param(
        f'addToWishlist(wishlistId: "{LONG}", productId: "p-studio") {{ {ERRORS} }}',
        ("NOT_FOUND", ["wishlistId"]),
        id="add-to-wishlist",
    ),
    pytest.param(f'cancelOrder(id: "{LONG}") {{ {ERRORS} }}', ("NOT_FOUND", ["id"]), id="cancel"),
    pytest.param(
        f'writeReview(input: {{productId: "", rating: 5, title: "t", body: "b"}}) {{ {ERRORS} }}',
        ("NOT_FOUND", ["input", "productId"]),
        id="write-review",
    ),
]

ADMIN_MUTATIONS = [
    pytest.param(
        f'createCategory(input: {{name: "n", slug: "ok", parentId: "{LONG}"}}) {{ {ERRORS} }}',
        ("NOT_FOUND", ["input", "parentId"]),
        id="create-category-parent",
    ),
    pytest.param(f'deleteCategory(id: "") {{ {ERRORS} }}', ("NOT_FOUND", ["id"]), id="delete"),
    pytest.param(
        f'createProduct(input: {{name: "n", description: "d", categoryId: "{LONG}"}}) {{ {ERRORS} }}',
        ("NOT_FOUND", ["input", "categoryId"]),
        id="create-product-category",
    ),
    pytest.param(
        f'updateProduct(id: "{LONG}", input: {{name: "n"}}) {{ {ERRORS} }}',
        ("NOT_FOUND", ["id"]),
        id="update-product",
    ),
    pytest.param(
        f'upsertListing(productId: "{LONG}", price: "1.00", stock: 1) {{ {ERRORS} }}',
        ("NOT_FOUND", ["productId"]),
        id="upsert-listing",
    ),
    pytest.param(
        f'restock(productId: "", quantity: 1) {{ {ERRORS} }}',
        ("NOT_FOUND", ["productId"]),
        id="restock",
    ),
    pytest.param(
        f'targetUsers(id: "{LONG}", userIds: [""]) {{ {ERRORS} }}',
        ("NOT_FOUND", ["id"]),
        id="target-users",
    ),
]


@pytest.mark.parametrize(("mutation", "expected"), CUSTOMER_MUTATIONS)
async def test_a_customers_refused_key_is_listed_on_its_argument(
    graphql: GraphQLClient,
    settings: Settings,
    catalog: Catalog,
    mutation: str,
    expected: tuple[str, list[str]],
) -> None:
    response = await graphql(f"mutation {{ {mutation} }}", headers=shopper(settings).headers)
    (payload,) = response.data.values()
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [expected]


@pytest.mark.parametrize(("mutation", "expected"), ADMIN_MUTATIONS)
async def test_an_administrators_refused_key_is_listed_on_its_argument(
    graphql: GraphQLClient,
    settings: Settings,
    catalog: Catalog,
    mutation: str,
    expected: tuple[str, list[str]],
) -> None:
    admin = person(settings, ["customer", "seller", "admin"], store="Key Limits")
    response = await graphql(f"mutation {{ {mutation} }}", headers=admin.headers)
    (payload,) = response.data.values()
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [expected]


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
