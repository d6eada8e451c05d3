"""Sellers: a user with a store, as the storefront shows them."""

from __future__ import annotations

import strawberry

from gateway.context import Context
from gateway.errors import BadUserInput
from loaders.codec import Item
from loaders.keys import SellerKey
from resolvers import catalog
from resolvers.prefetch import Prefetch
from schema.pagination import Connection, Window, connection, optional_int, window
from schema.product import Product, Rating
from schema.review import Review, prefetch_reviews, review_connection
from schema.selection import child_arguments

Info = strawberry.Info[Context, None]


@strawberry.type
class Seller:
    id: strawberry.ID
    store_name: str
    user: strawberry.Private[Item | None]

    @classmethod
    def from_user(cls, item: Item) -> Seller:
        return cls(
            id=strawberry.ID(item["user_id"]), store_name=item.get("store_name", ""), user=item
        )

    @classmethod
    def from_listing(cls, listing: Item) -> Seller:
        """From the listing's denormalized `seller_name`: no read unless more is asked."""
        return cls(
            id=strawberry.ID(listing["seller_id"]),
            store_name=listing.get("seller_name", ""),
            user=None,
        )

    async def _user(self, info: Info) -> Item:
        if self.user is None:
            self.user = await info.context.loaders.items.load(SellerKey(str(self.id))) or {}
        return self.user

    @strawberry.field
    async def store_description(self, info: Info) -> str | None:
        return (await self._user(info)).get("store_description")

    @strawberry.field
    async def rating(self, info: Info) -> Rating:
        user = await self._user(info)
        return Rating.from_sums(user.get("seller_rating_sum"), user.get("seller_rating_count"))

    @strawberry.field(description="The products this seller offers, by product id.")
    async def products(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Product]:
        page = _products_window(info, str(self.id), first, after)
        rows = await catalog.seller_products(
            info.context.loaders, str(self.id), page.fetch, page.after
        )
        return connection(page, rows, Product.from_item, lambda row: row["product_id"])

    @strawberry.field(description="Reviews of this seller's offers, newest first.")
    async def reviews(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Review]:
        return await review_connection(
            info,
            owner_id=str(self.id),
            by_seller=True,
            first=first,
            after=after,
            node=Review.from_item,
        )


def _products_window(info: Info, seller_id: str, first: int | None, after: str | None) -> Window:
    return window(info.context.settings.cursor_secret, f"seller.products:{seller_id}", first, after)


def prefetch_storefront(info: Info, seller_id: str) -> list[Prefetch]:
    """Start the pages that `products` and `reviews` below will read, with the seller's own."""
    started = prefetch_reviews(info, seller_id, by_seller=True)
    for arguments in child_arguments(info, "products"):
        try:
            page = _products_window(
                info, seller_id, optional_int(arguments.get("first")), arguments.get("after")
            )
        except (BadUserInput, ValueError):
            continue  # the field itself reports it
        started.append(
            catalog.prefetch_seller_products(
                info.context.loaders, seller_id, page.fetch, page.after
            )
        )
    return started
