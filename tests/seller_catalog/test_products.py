"""createProduct, updateProduct and upsertListing over HTTP, on tables of their own: the
products these tests list change category pages, which no other test may see."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from tests.accounts.factories import table
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient
from tests.seller_catalog.factories import (
    ADMIN,
    CUSTOMER,
    SELLER,
    create_product,
    listed,
    listing_item,
    new_product,
    operation,
    page_of,
    payload_codes,
    person,
    product_item,
    root_category,
    stock_transactions,
    upsert,
)

SEARCH = """
query Search($text: String!) { searchProducts(text: $text, first: 10) { edges { node { id } } } }"""


async def update(
    graphql: GraphQLClient, headers: dict[str, str], product_id: str, **fields: object
) -> dict[str, Any]:
    response = await graphql(
        operation("UpdateProduct"), {"id": product_id, "input": fields}, headers=headers
    )
    payload: dict[str, Any] = response.data["updateProduct"]
    return payload


# createProduct -----------------------------------------------------------------------------


async def test_a_seller_creates_an_unlisted_product(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, category_id = person(isolated.settings, SELLER), root_category(isolated.settings)
    response = await create_product(isolated_graphql, seller, category_id, tags=["a", "A ", "b"])
    created = response.data["createProduct"]
    assert created["errors"] == []
    assert created["product"]["name"] == "Trail Lantern"
    assert created["product"]["category"] == {"id": category_id}
    assert created["product"]["isActive"] is True
    assert response.call_count("TransactWriteItems") == 1
    stored = product_item(isolated.settings, created["product"]["id"])
    assert stored["created_by"] == seller.user_id
    assert stored["tags"] == ["a", "b"]
    assert (stored["rating_sum"], stored["rating_count"], stored["is_active"]) == (0, 0, True)
    assert stored["created_at"] == stored["updated_at"]
    # No listing, no price: off the category's pages until it is listed.
    assert "min_price_cents" not in stored
    assert "gsi1pk" not in stored
    assert await page_of(isolated_graphql, category_id) == []


async def test_an_admin_creates_a_product(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    admin, category_id = person(isolated.settings, ADMIN), root_category(isolated.settings)
    response = await create_product(isolated_graphql, admin, category_id)
    assert response.data["createProduct"]["errors"] == []


async def test_customers_and_anonymous_callers_create_no_product(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    customer, category_id = person(isolated.settings, CUSTOMER), root_category(isolated.settings)
    refused = await create_product(isolated_graphql, customer, category_id)
    assert refused.error_codes == ["FORBIDDEN"]
    anonymous = await isolated_graphql(
        operation("CreateProduct"),
        {"input": {"name": "X", "description": "Y", "categoryId": category_id}},
    )
    assert anonymous.error_codes == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        pytest.param({"name": " "}, ["input", "name"], id="blank-name"),
        pytest.param({"name": "n" * 201}, ["input", "name"], id="long-name"),
        pytest.param({"tags": [f"t{n}" for n in range(21)]}, ["input", "tags"], id="21-tags"),
        pytest.param({"tags": ["t" * 31]}, ["input", "tags"], id="long-tag"),
        pytest.param({"brand": "b" * 101}, ["input", "brand"], id="long-brand"),
    ],
)
async def test_create_refuses_invalid_fields(
    isolated_graphql: GraphQLClient, isolated: Isolated, fields: dict[str, object], path: list[str]
) -> None:
    seller, category_id = person(isolated.settings, SELLER), root_category(isolated.settings)
    response = await create_product(isolated_graphql, seller, category_id, **fields)
    created = response.data["createProduct"]
    assert created["product"] is None
    assert [(e["code"], e["field"]) for e in created["errors"]] == [("INVALID_INPUT", path)]
    assert response.call_count("TransactWriteItems") == 0


async def test_create_needs_an_existing_category(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller = person(isolated.settings, SELLER)
    response = await create_product(isolated_graphql, seller, "no-such-category")
    created = response.data["createProduct"]
    assert [(e["code"], e["field"]) for e in created["errors"]] == [
        ("NOT_FOUND", ["input", "categoryId"])
    ]


# upsertListing and the category page ---------------------------------------------------------


async def test_the_first_listing_puts_the_product_on_its_page(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, category_id = person(isolated.settings, SELLER), root_category(isolated.settings)
    product_id = await new_product(isolated_graphql, seller, category_id)
    response = await upsert(isolated_graphql, seller, product_id, "19.99", 10)
    payload = response.data["upsertListing"]
    assert payload["errors"] == []
    assert payload["listing"] == {
        "price": {"amount": "19.99"},
        "stock": 10,
        "condition": "NEW",
        "product": {"id": product_id, "minPrice": {"amount": "19.99"}},
    }
    # One round of consistent reads (and the seller's profile); the product's facets, which
    # its category's facet counts take in as it enters the pages; then one transaction.
    assert response.call_count("TransactWriteItems") == 1
    assert response.call_count("GetItem") == 1
    assert response.call_count("Query") == 2
    assert response.call_count() == 5
    assert response.body["extensions"]["dynamodb"]["rounds"] == 3
    assert await page_of(isolated_graphql, category_id) == [(product_id, "19.99")]
    stored = product_item(isolated.settings, product_id)
    assert stored["min_price_cents"] == 1999
    assert stored["gsi1sk"] == f"PRICE#000000001999#{product_id}"
    assert listing_item(isolated.settings, product_id, seller.user_id)["seller_name"]
    assert stock_transactions(isolated.settings, product_id) == []  # the first listing


async def test_a_lower_price_moves_the_product_up_its_page(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, other = person(isolated.settings, SELLER), person(isolated.settings, SELLER)
    category_id = root_category(isolated.settings)
    lamp = await new_product(isolated_graphql, seller, category_id, name="Lamp")
    stove = await new_product(isolated_graphql, seller, category_id, name="Stove")
    await listed(isolated_graphql, seller, lamp, "50", 1)
    await listed(isolated_graphql, seller, stove, "40.00", 1)
    assert await page_of(isolated_graphql, category_id) == [(stove, "40.00"), (lamp, "50.00")]
    # Another seller offers the lamp for less: its minimum follows.
    payload = await listed(isolated_graphql, other, lamp, "30.5", 2)
    assert payload["listing"]["product"]["minPrice"] == {"amount": "30.50"}
    assert await page_of(isolated_graphql, category_id) == [(lamp, "30.50"), (stove, "40.00")]
    # And back up when that offer's price rises above the first seller's.
    await listed(isolated_graphql, other, lamp, "60", 2)
    assert await page_of(isolated_graphql, category_id) == [(stove, "40.00"), (lamp, "50.00")]


async def test_concurrent_offers_leave_the_true_minimum(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    category_id = root_category(isolated.settings)
    prices = ["41.00", "17.25", "33.00", "25.00", "52.00", "19.00", "30.00", "45.00"]
    sellers = [person(isolated.settings, SELLER) for _ in prices]
    product_id = await new_product(isolated_graphql, sellers[0], category_id)
    results = await asyncio.gather(
        *(
            listed(isolated_graphql, s, product_id, p, 1)
            for s, p in zip(sellers, prices, strict=True)
        )
    )
    assert all(result["errors"] == [] for result in results)
    stored = product_item(isolated.settings, product_id)
    assert stored["min_price_cents"] == 1725
    assert stored["gsi1sk"] == f"PRICE#000000001725#{product_id}"
    assert await page_of(isolated_graphql, category_id) == [(product_id, "17.25")]


async def test_upsert_changes_the_sellers_own_listing(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, category_id = person(isolated.settings, SELLER), root_category(isolated.settings)
    product_id = await new_product(isolated_graphql, seller, category_id)
    await listed(isolated_graphql, seller, product_id, "10", 5)
    response = await upsert(isolated_graphql, seller, product_id, "12.00", 5, "REFURBISHED")
    listing = response.data["upsertListing"]["listing"]
    assert (listing["price"], listing["condition"]) == ({"amount": "12.00"}, "REFURBISHED")
    assert stock_transactions(isolated.settings, product_id) == []  # the stock did not move


@pytest.mark.parametrize(
    ("price", "stock", "field"),
    [
        pytest.param("0", 1, "price", id="zero-price"),
        pytest.param("-1", 1, "price", id="negative-price"),
        pytest.param("1.234", 1, "price", id="three-decimals"),
        pytest.param("9", -1, "stock", id="negative-stock"),
    ],
)
async def test_upsert_refuses_invalid_offers(
    isolated_graphql: GraphQLClient, isolated: Isolated, price: str, stock: int, field: str
) -> None:
    seller, category_id = person(isolated.settings, SELLER), root_category(isolated.settings)
    product_id = await new_product(isolated_graphql, seller, category_id)
    response = await upsert(isolated_graphql, seller, product_id, price, stock)
    errors = response.data["upsertListing"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_INPUT", [field])]
    assert response.call_count("TransactWriteItems") == 0


async def test_only_sellers_offer_products(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, category_id = person(isolated.settings, SELLER), root_category(isolated.settings)
    product_id = await new_product(isolated_graphql, seller, category_id)
    for roles in (CUSTOMER, ADMIN):
        refused = await upsert(
            isolated_graphql, person(isolated.settings, roles), product_id, "5", 1
        )
        assert refused.error_codes == ["FORBIDDEN"]
    anonymous = await isolated_graphql(
        operation("UpsertListing"), {"productId": product_id, "price": "5", "stock": 1}
    )
    assert anonymous.error_codes == ["UNAUTHENTICATED"]
    missing = await upsert(isolated_graphql, seller, "no-such-product", "5", 1)
    assert payload_codes(missing, "upsertListing") == ["NOT_FOUND"]


# updateProduct -------------------------------------------------------------------------------


async def test_the_owner_edits_a_product(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, category_id = person(isolated.settings, SELLER), root_category(isolated.settings)
    product_id = await new_product(isolated_graphql, seller, category_id)
    payload = await update(
        isolated_graphql,
        seller.headers,
        product_id,
        name="Summit Lantern",
        description="Brighter.",
        tags=["alpine"],
        brand=None,
    )
    assert payload == {
        "product": {
            "id": product_id,
            "name": "Summit Lantern",
            "description": "Brighter.",
            "tags": ["alpine"],
        },
        "errors": [],
    }
    stored = product_item(isolated.settings, product_id)
    assert "brand" not in stored
    assert stored["updated_at"] > stored["created_at"]


async def test_who_may_edit_a_product(isolated_graphql: GraphQLClient, isolated: Isolated) -> None:
    creator, category_id = person(isolated.settings, SELLER), root_category(isolated.settings)
    product_id = await new_product(isolated_graphql, creator, category_id)
    stranger, lister = person(isolated.settings, SELLER), person(isolated.settings, SELLER)
    refused = await update(isolated_graphql, stranger.headers, product_id, name="Mine now")
    assert refused["product"] is None
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [("NOT_FOUND", ["id"])]
    # A seller who lists the product is one of its owners.
    await listed(isolated_graphql, lister, product_id, "9", 1)
    assert (await update(isolated_graphql, lister.headers, product_id, name="Lister"))[
        "errors"
    ] == []
    admin = person(isolated.settings, ADMIN)
    assert (await update(isolated_graphql, admin.headers, product_id, name="Admin"))["errors"] == []
    anonymous = await isolated_graphql(
        operation("UpdateProduct"), {"id": product_id, "input": {"name": "Anyone"}}
    )
    assert anonymous.error_codes == ["UNAUTHENTICATED"]
    assert product_item(isolated.settings, product_id)["name"] == "Admin"


async def test_deactivating_takes_a_product_off_its_page_until_reactivated(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, category_id = person(isolated.settings, SELLER), root_category(isolated.settings)
    product_id = await new_product(isolated_graphql, seller, category_id)
    await listed(isolated_graphql, seller, product_id, "15", 3)
    assert await page_of(isolated_graphql, category_id) == [(product_id, "15.00")]
    assert (await update(isolated_graphql, seller.headers, product_id, isActive=False))[
        "errors"
    ] == []
    stored = product_item(isolated.settings, product_id)
    assert stored["is_active"] is False
    assert "gsi1pk" not in stored
    assert "gsi1sk" not in stored
    assert await page_of(isolated_graphql, category_id) == []
    # Its offers still follow while it is off the pages.
    await listed(isolated_graphql, seller, product_id, "14", 3)
    assert (await update(isolated_graphql, seller.headers, product_id, isActive=True))[
        "errors"
    ] == []
    assert await page_of(isolated_graphql, category_id) == [(product_id, "14.00")]


async def test_moving_a_product_to_another_category(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller = person(isolated.settings, SELLER)
    first, second = root_category(isolated.settings), root_category(isolated.settings)
    product_id = await new_product(isolated_graphql, seller, first)
    await listed(isolated_graphql, seller, product_id, "8", 1)
    moved = await update(isolated_graphql, seller.headers, product_id, categoryId=second)
    assert moved["errors"] == []
    assert await page_of(isolated_graphql, first) == []
    assert await page_of(isolated_graphql, second) == [(product_id, "8.00")]
    assert product_item(isolated.settings, product_id)["gsi1pk"] == f"CATEGORY#{second}"
    nowhere = await update(isolated_graphql, seller.headers, product_id, categoryId="nowhere")
    assert [(e["code"], e["field"]) for e in nowhere["errors"]] == [
        ("NOT_FOUND", ["input", "categoryId"])
    ]
    assert product_item(isolated.settings, product_id)["category_id"] == second


async def test_search_follows_a_rename(isolated_graphql: GraphQLClient, isolated: Isolated) -> None:
    seller, category_id = person(isolated.settings, SELLER), root_category(isolated.settings)
    old, new = f"old{uuid.uuid4().hex[:8]}", f"new{uuid.uuid4().hex[:8]}"
    product_id = await new_product(isolated_graphql, seller, category_id, name=f"Lantern {old}")

    async def found(word: str) -> list[str]:
        data = (await isolated_graphql(SEARCH, {"text": word})).data
        return [edge["node"]["id"] for edge in data["searchProducts"]["edges"]]

    assert await found(old) == [product_id]
    await update(isolated_graphql, seller.headers, product_id, name=f"Lantern {new}")
    assert await found(new) == [product_id]
    assert await found(old) == []
    await update(isolated_graphql, seller.headers, product_id, isActive=False)
    assert await found(new) == []


async def test_a_product_whose_category_is_gone_stays_off_the_pages(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, category_id = person(isolated.settings, SELLER), root_category(isolated.settings)
    listed_id = await new_product(isolated_graphql, seller, category_id)
    unlisted_id = await new_product(isolated_graphql, seller, category_id)
    await listed(isolated_graphql, seller, listed_id, "5", 1)
    await update(isolated_graphql, seller.headers, listed_id, isActive=False)
    table(isolated.settings, "Categories").delete_item(Key={"pk": category_id, "sk": "INFO"})
    # Neither a first listing nor a reactivation puts it under a category that is gone.
    first = await upsert(isolated_graphql, seller, unlisted_id, "5", 1)
    assert payload_codes(first, "upsertListing") == ["INVALID_STATE"]
    back = await update(isolated_graphql, seller.headers, listed_id, isActive=True)
    assert [(e["code"], e["field"]) for e in back["errors"]] == [
        ("INVALID_STATE", ["input", "categoryId"])
    ]
    for product_id in (listed_id, unlisted_id):
        assert "gsi1pk" not in product_item(isolated.settings, product_id)
    # Moved to a category that exists, it is back on the pages.
    elsewhere = root_category(isolated.settings)
    moved = await update(
        isolated_graphql, seller.headers, listed_id, categoryId=elsewhere, isActive=True
    )
    assert moved["errors"] == []
    assert await page_of(isolated_graphql, elsewhere) == [(listed_id, "5.00")]
