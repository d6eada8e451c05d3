"""Reviews and their guards; product and seller rating aggregates follow from them.

Some reviews come from delivered orders (verified purchases, naming the seller who
shipped); the rest are from other customers, naming one of the product's sellers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from gateway.demo.catalog import Listing, ProductRecord
from gateway.demo.context import ANCHOR, Context, stamp
from gateway.demo.orders import DELIVERED, RETURNED, OrderRecord
from gateway.demo.profiles import Profile
from gateway.demo.users import Person
from loaders.keys import ReviewGuardKey, review_sort_key
from loaders.model import REVIEWS

VERIFIED_REVIEW_SHARE = 0.5
# How a product's reviews lean: weights of ratings 1..5.
RATING_LEANINGS = ((3, 4, 10, 33, 50), (5, 8, 17, 35, 35), (15, 15, 25, 25, 20))
TITLES = {
    1: ("Disappointed", "Would not buy again", "Broke within a week"),
    2: ("Not great", "Below expectations", "Okay at best"),
    3: ("Does the job", "Decent for the price", "Mixed feelings"),
    4: ("Very good", "Solid purchase", "Happy with it"),
    5: ("Love it!", "Excellent", "Exactly as described", "Best purchase this year"),
}
OPENINGS = {
    1: "Sadly the {noun} fell short of the description.",
    2: "I expected more from the {noun}.",
    3: "Mixed feelings about the {noun}, though the price was fair.",
    4: "Really pleased with the {noun}.",
    5: "Absolutely love the {noun}.",
}
REMARKS = (
    "Shipping was quick and the packaging was good.",
    "The seller answered my questions within a day.",
    "Quality feels better than the price suggests.",
    "I have used it daily for a few weeks now.",
    "The colour is slightly different from the photos.",
    "Setup took only a few minutes.",
    "Bought it as a gift and it was well received.",
    "It is a bit heavier than I expected.",
)


class _ReviewWriter:
    def __init__(self, ctx: Context, products: list[ProductRecord]) -> None:
        self.ctx = ctx
        self.pairs: set[tuple[str, str]] = set()
        self.leanings = {id(p): ctx.pick(RATING_LEANINGS) for p in products}

    def write(
        self,
        product: ProductRecord,
        reviewer: Person,
        listing: Listing,
        at: datetime,
        verified: bool,
    ) -> bool:
        pair = (product.product_id, reviewer.user_id)
        if pair in self.pairs:
            return False
        self.pairs.add(pair)
        ctx = self.ctx
        rating = ctx.weighted((1, 2, 3, 4, 5), self.leanings[id(product)])
        created_at = stamp(at)
        review_sk = review_sort_key(created_at, reviewer.user_id)
        body = " ".join(
            (OPENINGS[rating].format(noun=product.noun.lower()), *ctx.rng.sample(REMARKS, 2))
        )
        seller_id = listing.seller.user_id
        ctx.add(
            REVIEWS,
            {
                "pk": product.product_id,
                "sk": review_sk,
                "entity": "Review",
                "review_id": ctx.new_id(at),
                "product_id": product.product_id,
                "reviewer_id": reviewer.user_id,
                "reviewer_name": reviewer.public_name,
                "seller_id": seller_id,
                "rating": rating,
                "title": ctx.pick(TITLES[rating]),
                "body": body,
                "verified_purchase": verified,
                "helpful_count": int(ctx.rng.expovariate(1 / 4)),
                "created_at": created_at,
                "gsi1pk": seller_id,
                "gsi1sk": created_at,
            },
        )
        ctx.add(
            REVIEWS,
            {
                **ReviewGuardKey(product.product_id, reviewer.user_id).encode(),
                "entity": "ReviewGuard",
                "review_sk": review_sk,
            },
        )
        product.item["rating_sum"] += rating
        product.item["rating_count"] += 1
        listing.seller.item["seller_rating_sum"] += rating
        listing.seller.item["seller_rating_count"] += 1
        return True


def build_reviews(
    ctx: Context,
    profile: Profile,
    customers: list[Person],
    products: list[ProductRecord],
    orders: list[OrderRecord],
) -> int:
    """Write the profile's number of reviews; returns how many are verified purchases."""
    writer = _ReviewWriter(ctx, products)
    written = verified = 0
    for order in orders:
        for line in order.lines:
            if written == profile.reviews:
                return verified
            if line.status not in (DELIVERED, RETURNED) or not ctx.chance(VERIFIED_REVIEW_SHARE):
                continue
            at = ctx.after(order.updated + timedelta(days=1), 30)
            if at >= ANCHOR:
                continue
            if writer.write(line.listing.product, order.customer, line.listing, at, True):
                written += 1
                verified += 1
    while written < profile.reviews:
        product, reviewer = ctx.pick(products), ctx.pick(customers)
        since = max(product.created, reviewer.created) + timedelta(days=1)
        if since >= ANCHOR:
            continue
        at = ctx.between(since, ANCHOR - timedelta(minutes=1))
        listing = ctx.pick([listing for listing in product.listings if listing.created <= at])
        if writer.write(product, reviewer, listing, at, False):
            written += 1
    return verified
