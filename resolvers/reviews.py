"""Writing a review: one per user and product, the ratings moved in the same transaction.

The product's `rating_sum`/`rating_count` (and the seller's `seller_rating_sum`/
`seller_rating_count`) are updated conditioned on the values read; when another review got
there first, they are read again and the transaction retried (at most `OPTIMISTIC_RETRY.attempts`
times). The ReviewGuard item, written with `attribute_not_exists`, makes a second review
by the same user ALREADY_REVIEWED, with nothing written.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from gateway.errors import Problem, Rejected, ServiceUnavailable, UserErrorCode
from loaders import purchases
from loaders import reviews as reviews_table
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY
from loaders.errors import TransactionCancelled
from loaders.ids import new_id, timestamp
from loaders.keys import ProductKey, UserKey
from loaders.products import product_with_listings
from loaders.request import RequestLoaders
from resolvers import validation
from resolvers.people import display_name

RATINGS = (1, 5)
TITLE_LENGTH = 150
BODY_LENGTH = 5_000

NO_PRODUCT = Problem(UserErrorCode.NOT_FOUND, "There is no such product for sale.", ("product_id",))
ALREADY_REVIEWED = Problem(
    UserErrorCode.ALREADY_REVIEWED,
    "You have already reviewed this product; a user writes one review per product.",
    ("product_id",),
)


@dataclass(frozen=True)
class ReviewRequest:
    product_id: str
    rating: int
    title: str
    body: str


@dataclass(frozen=True)
class Written:
    review: Item
    product: Item
    """The Product item as the transaction left it (the new rating aggregate)."""


def _is_active(product: Item | None) -> bool:
    return product is not None and bool(product.get("is_active", True))


async def write_review(loaders: RequestLoaders, user_id: str, request: ReviewRequest) -> Written:
    validation.reject_invalid(
        validation.number_between(request.rating, "rating", "The rating", *RATINGS),
        validation.text(request.title, "title", "The title", longest=TITLE_LENGTH),
        validation.text(request.body, "body", "The body", longest=BODY_LENGTH),
    )
    dynamo = loaders.dynamo
    product, (_, listings), profile = await asyncio.gather(
        dynamo.get_consistent(ProductKey(request.product_id)),  # the rating it will move
        product_with_listings(dynamo, request.product_id),
        loaders.items.load(UserKey(user_id)),
    )
    if product is None or not _is_active(product):
        raise Rejected(NO_PRODUCT)
    bought = await purchases.purchased_item(
        dynamo, user_id, request.product_id, (item["seller_id"] for item in listings)
    )
    seller_id = bought["seller_id"] if bought else _cheapest_seller(listings)
    seller = await dynamo.get_consistent(UserKey(seller_id)) if seller_id else None
    profile = profile or {}
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        created_at = timestamp()
        review: Item = {
            "entity": "Review",
            "review_id": new_id(),
            "product_id": request.product_id,
            "reviewer_id": user_id,
            "reviewer_name": display_name(
                profile.get("first_name", ""), profile.get("last_name", "")
            ),
            "rating": request.rating,
            "title": request.title.strip(),
            "body": request.body.strip(),
            "verified_purchase": bought is not None,
            "helpful_count": 0,
            "created_at": created_at,
        }
        if seller_id:
            review |= {"seller_id": seller_id, "gsi1pk": seller_id, "gsi1sk": created_at}
        try:
            await reviews_table.write_review(dynamo, review, product, seller)
        except TransactionCancelled as cancelled:
            reasons = cancelled.reasons
            if _failed(reasons, reviews_table.GUARD_ACTION):
                raise Rejected(ALREADY_REVIEWED) from None
            if _failed(reasons, reviews_table.PRODUCT_ACTION):
                product = await dynamo.get_consistent(ProductKey(request.product_id))
                if product is None or not _is_active(product):
                    raise Rejected(NO_PRODUCT) from None
            if seller_id and _failed(reasons, reviews_table.SELLER_ACTION):
                seller = await dynamo.get_consistent(UserKey(seller_id))
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            continue
        rating = int(request.rating)
        updated = product | {
            "rating_sum": int(product.get("rating_sum") or 0) + rating,
            "rating_count": int(product.get("rating_count") or 0) + 1,
        }
        loaders.items.clear(ProductKey(request.product_id)).prime(
            ProductKey(request.product_id), updated
        )
        return Written(review, updated)
    raise ServiceUnavailable("Too many reviews of this product at once; try again.")


def _failed(reasons: list[str], action: int) -> bool:
    return len(reasons) > action and reasons[action] not in ("None", "")


def _cheapest_seller(listings: list[Item]) -> str | None:
    active = [item for item in listings if item.get("is_active", True)]
    cheapest = min(active, key=lambda i: (int(i["price_cents"]), i["sk"]), default=None)
    return str(cheapest["seller_id"]) if cheapest else None
