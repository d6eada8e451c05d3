"""writeReview over HTTP: one review per user and product, ratings moved in one transaction."""

from __future__ import annotations

import asyncio
from typing import Any

from gateway.settings import Settings
from tests import operations
from tests.accounts.factories import item, table, unique
from tests.cart.factories import (
    Shopper,
    Stocked,
    checkout_input,
    listing,
    partition,
    put_cart_line,
    shopper,
    shoppers,
)
from tests.cart.factories import operation as cart_operation
from tests.factories import product, seller
from tests.graphql_client import GraphQLClient

WRITE = operations.operation("reviews.graphql", "WriteReview")


def review_input(product_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "input": {"productId": product_id, "rating": 4, "title": "Good", "body": "Works well."}
        | overrides
    }


async def write(graphql: GraphQLClient, buyer: Shopper, variables: dict[str, Any]) -> Any:
    response = await graphql(WRITE, variables, headers=buyer.headers, trace=False)
    return response.data["writeReview"]


def sold_by_a_seller(settings: Settings) -> Stocked:
    """A product of its own, listed by a seller of its own who has a User profile."""
    pid, sid = unique("p-review-"), unique("s-review-")
    with table(settings, "Users").batch_writer() as batch:
        for row in seller(sid, "Review Store"):
            batch.put_item(Item=row)
    with table(settings, "Products").batch_writer() as batch:
        for row in product(pid, "Rated Gadget", "review-tests", [(sid, "Review Store", 900, 5)]):
            batch.put_item(Item=row)
    return Stocked(pid, sid, "Rated Gadget", 900)


def reviews_of(settings: Settings, product_id: str) -> list[dict[str, Any]]:
    return partition(settings, "Reviews", product_id)


async def test_a_buyer_writes_a_verified_review(graphql: GraphQLClient, settings: Settings) -> None:
    buyer, gadget = shopper(settings), listing(settings, stock=3)
    put_cart_line(settings, buyer.user_id, gadget, 1)
    placed = await graphql(cart_operation("Checkout"), checkout_input(buyer), headers=buyer.headers)
    assert placed.data["checkout"]["errors"] == []
    result = await write(graphql, buyer, review_input(gadget.product_id, rating=5))
    assert result["errors"] == []
    review = result["review"]
    assert review["verifiedPurchase"] is True
    assert (review["rating"], review["title"], review["body"]) == (5, "Good", "Works well.")
    assert review["reviewer"] == {"id": buyer.user_id, "displayName": "Cy S."}
    assert review["product"] == {"id": gadget.product_id, "rating": {"average": 5.0, "count": 1}}
    product = item(settings, "Products", gadget.product_id, "INFO")
    assert product is not None
    assert (product["rating_sum"], product["rating_count"]) == (5, 1)
    stored = [r for r in reviews_of(settings, gadget.product_id) if r["entity"] == "Review"]
    assert stored[0]["seller_id"] == gadget.seller_id
    assert stored[0]["gsi1pk"] == gadget.seller_id
    guard = item(settings, "Reviews", gadget.product_id, f"REVIEWER#{buyer.user_id}")
    assert guard is not None
    assert guard["review_sk"] == stored[0]["sk"]


async def test_a_non_buyer_review_is_not_verified(
    graphql: GraphQLClient, settings: Settings
) -> None:
    reader, gadget = shopper(settings), listing(settings, stock=3)
    result = await write(graphql, reader, review_input(gadget.product_id, rating=2))
    assert result["errors"] == []
    assert result["review"]["verifiedPurchase"] is False
    assert result["review"]["product"]["rating"] == {"average": 2.0, "count": 1}


async def test_a_second_review_is_already_reviewed_and_writes_nothing(
    graphql: GraphQLClient, settings: Settings
) -> None:
    reader, gadget = shopper(settings), listing(settings, stock=3)
    assert (await write(graphql, reader, review_input(gadget.product_id)))["errors"] == []
    again = await write(graphql, reader, review_input(gadget.product_id, rating=1))
    assert again["review"] is None
    assert [e["code"] for e in again["errors"]] == ["ALREADY_REVIEWED"]
    assert len(reviews_of(settings, gadget.product_id)) == 2  # one review, one guard
    product = item(settings, "Products", gadget.product_id, "INFO")
    assert product is not None
    assert (product["rating_sum"], product["rating_count"]) == (4, 1)


async def test_an_anonymous_review_is_unauthenticated(
    graphql: GraphQLClient, settings: Settings
) -> None:
    gadget = listing(settings, stock=1)
    response = await graphql(WRITE, review_input(gadget.product_id))
    assert response.error_codes == ["UNAUTHENTICATED"]
    assert reviews_of(settings, gadget.product_id) == []


async def test_bad_input_is_invalid_input_with_its_field(
    graphql: GraphQLClient, settings: Settings
) -> None:
    reader, gadget = shopper(settings), listing(settings, stock=1)
    bad = review_input(gadget.product_id, rating=6, title=" ", body="x" * 6000)
    result = await write(graphql, reader, bad)
    assert result["review"] is None
    assert {(tuple(e["field"]), e["code"]) for e in result["errors"]} == {
        (("input", "rating"), "INVALID_INPUT"),
        (("input", "title"), "INVALID_INPUT"),
        (("input", "body"), "INVALID_INPUT"),
    }
    assert reviews_of(settings, gadget.product_id) == []


async def test_a_missing_product_is_not_found(graphql: GraphQLClient, settings: Settings) -> None:
    reader = shopper(settings)
    result = await write(graphql, reader, review_input("p-no-such-product"))
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("NOT_FOUND", ["input", "productId"])
    ]


async def test_ten_reviews_at_once_keep_the_rating_exact(
    graphql: GraphQLClient, settings: Settings
) -> None:
    gadget, readers = sold_by_a_seller(settings), shoppers(settings, 10)
    results = await asyncio.gather(
        *(
            write(graphql, r, review_input(gadget.product_id, rating=1 + n % 5))
            for n, r in enumerate(readers)
        )
    )
    assert all(r["errors"] == [] for r in results)
    product = item(settings, "Products", gadget.product_id, "INFO")
    assert product is not None
    assert (product["rating_count"], product["rating_sum"]) == (
        10,
        sum(1 + n % 5 for n in range(10)),
    )
    # The RATING sort's key follows the sums: an average of 3.000 stars over 10 ratings.
    assert product["gsi5sk"] == f"RATING#{3000:012d}#{10:012d}#{gadget.product_id}"
    assert product["rating_average"] == 3000
    seller = item(settings, "Users", gadget.seller_id, "PROFILE")
    assert seller is not None
    assert (seller["seller_rating_count"], seller["seller_rating_sum"]) == (10, 30)


async def test_the_new_review_comes_first_for_product_and_seller(
    graphql: GraphQLClient, settings: Settings
) -> None:
    first, second = shoppers(settings, 2)
    gadget = sold_by_a_seller(settings)
    await write(graphql, first, review_input(gadget.product_id, title="Older"))
    await write(graphql, second, review_input(gadget.product_id, title="Newest"))
    product = await graphql(
        operations.operation("catalog.graphql", "MoreReviews"),
        {"productId": gadget.product_id, "first": 5},
    )
    titles = [e["node"]["title"] for e in product.data["product"]["reviews"]["edges"]]
    assert titles == ["Newest", "Older"]
    seller = await graphql(
        operations.operation("reviews.graphql", "SellerReviews"),
        {"sellerId": gadget.seller_id, "first": 1},
    )
    (edge,) = seller.data["seller"]["reviews"]["edges"]
    assert edge["node"]["title"] == "Newest"
    assert edge["node"]["product"]["id"] == gadget.product_id
