"""Reads of the Reviews table: a product's reviews and a seller's, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import REVIEW_PREFIX
from loaders.model import REVIEWS

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
    return await dynamo.query_page(
        REVIEWS,
        "pk = :product AND begins_with(sk, :prefix)",
        {":product": page.owner_id, ":prefix": REVIEW_PREFIX},
        page.limit,
        forward=False,
        start_key=start_key,
    )


def review_position(item: Item, by_seller: bool) -> tuple[tuple[str, str], ...]:
    """What a cursor keeps of a review to resume after it."""
    names = ("pk", "sk", "gsi1pk", "gsi1sk") if by_seller else ("pk", "sk")
    return tuple((name, str(item[name])) for name in names)
