"""Reads of the Reviews table: a product's reviews and a seller's, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loaders.catalog_writes import VERSION, rating_keys
from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import REVIEW_PREFIX, ProductKey, ReviewGuardKey, ReviewKey, UserKey
from loaders.model import REVIEWS
from loaders.writes import MUST_BE_NEW, Put, Update, Write

SELLER_REVIEWS_INDEX = REVIEWS.index("SellerReviewsIndex")


@dataclass(frozen=True)
class ReviewsPage:
    """`owner_id` is a product id, or a seller id with `by_seller`; `after` is the
    primary key (and, by seller, the index key) of the last review already seen."""

    owner_id: str
    limit: int
    by_seller: bool = False
    after: tuple[tuple[str, str], ...] | None = None


async def reviews(dynamo: Dynamo, page: ReviewsPage) -> list[Item]:
    start_key: dict[str, Any] | None = dict(page.after) if page.after else None
    if page.by_seller:
        return await dynamo.query_page(
            REVIEWS,
            "gsi1pk = :seller",
            {":seller": page.owner_id},
            page.limit,
            index=SELLER_REVIEWS_INDEX.name,
            forward=False,
            start_key=start_key,
        )
    after_sk = start_key["sk"] if start_key else None
    return await dynamo.newest_in_collection(
        REVIEWS, page.owner_id, REVIEW_PREFIX, page.limit, after_sk
    )


def review_position(item: Item, by_seller: bool) -> tuple[tuple[str, str], ...]:
    """What a cursor keeps of a review to resume after it."""
    names = ("pk", "sk", "gsi1pk", "gsi1sk") if by_seller else ("pk", "sk")
    return tuple((name, str(item[name])) for name in names)


# Writing a review ----------------------------------------------------------------------
REVIEW_ACTION, GUARD_ACTION, PRODUCT_ACTION, SELLER_ACTION = range(4)
"""The positions of a review transaction's actions, to read `CancellationReasons` by."""


def _sums_condition(total: str, count: str, seen: Item) -> tuple[str, dict[str, Any]]:
    """`total` and `count` exactly as in `seen` (absent there: absent now)."""
    clauses, values = ["attribute_exists(pk)"], {}
    for name in (total, count):
        if seen.get(name) is None:
            clauses.append(f"attribute_not_exists({name})")
        else:
            clauses.append(f"{name} = :{name}")
            values[f":{name}"] = int(seen[name])
    return " AND ".join(clauses), values


def _rated(product: Item, rating: int) -> Item:
    """The product's rating sums with one more rating, and its `CategoryRatingIndex` keys
    following them (in the index only while `gsi1pk` puts the product on its pages)."""
    sums = {
        "rating_sum": int(product.get("rating_sum") or 0) + rating,
        "rating_count": int(product.get("rating_count") or 0) + 1,
    }
    return sums | rating_keys(product | sums)


async def write_review(dynamo: Dynamo, review: Item, product: Item, seller: Item | None) -> None:
    """The review, its guard (one per reviewer and product), and the product's (and the
    seller's) rating sums moved from the values read: one transaction.

    Raises `TransactionCancelled`, its reasons at `REVIEW_ACTION`, `GUARD_ACTION`, ...
    """
    product_id, reviewer_id = review["product_id"], review["reviewer_id"]
    key = ReviewKey(product_id, review["created_at"], reviewer_id)
    rating = int(review["rating"])
    condition, values = _sums_condition("rating_sum", "rating_count", product)
    writes: list[Write] = [
        Put(key, review, MUST_BE_NEW),
        Put(
            ReviewGuardKey(product_id, reviewer_id),
            {"entity": "ReviewGuard", "review_sk": key.encode()["sk"]},
            MUST_BE_NEW,
        ),
        # The version moves too (ADD: this write is conditioned on the sums, not on it), so
        # that a catalog write that read the sums before fails rather than write its
        # rating keys from them (`loaders/catalog_writes.py`).
        Update(ProductKey(product_id), _rated(product, rating), condition, values, {VERSION: 1}),
    ]
    if seller is not None:
        condition, values = _sums_condition("seller_rating_sum", "seller_rating_count", seller)
        writes.append(
            Update(
                UserKey(seller["user_id"]),
                {
                    "seller_rating_sum": int(seller.get("seller_rating_sum") or 0) + rating,
                    "seller_rating_count": int(seller.get("seller_rating_count") or 0) + 1,
                },
                condition,
                values,
            )
        )
    await dynamo.transact_write(writes)
