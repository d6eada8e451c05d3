"""Reviews, and the public face of the people who write them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.context import Context
from gateway.errors import BadUserInput
from loaders.codec import Item
from loaders.keys import ProductKey
from resolvers import catalog
from resolvers.prefetch import Prefetch
from schema.pagination import Connection, Window, connection, optional_int, window
from schema.scalars import DateTime
from schema.selection import child_arguments

if TYPE_CHECKING:
    from schema.product import Product

Info = strawberry.Info[Context, None]


@strawberry.type(description="What anyone may see of a user.")
class PublicUser:
    id: strawberry.ID
    display_name: str


@strawberry.type
class Review:
    id: strawberry.ID
    rating: int
    title: str
    body: str
    verified_purchase: bool
    helpful_count: int
    created_at: DateTime
    reviewer: PublicUser
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> Review:
        return cls(
            id=strawberry.ID(item["review_id"]),
            rating=int(item["rating"]),
            title=item.get("title", ""),
            body=item.get("body", ""),
            verified_purchase=bool(item.get("verified_purchase", False)),
            helpful_count=int(item.get("helpful_count", 0)),
            created_at=item["created_at"],
            reviewer=PublicUser(
                id=strawberry.ID(item["reviewer_id"]), display_name=item.get("reviewer_name", "")
            ),
            item=item,
        )

    @strawberry.field
    async def product(
        self, info: Info
    ) -> Annotated[Product, strawberry.lazy("schema.product")] | None:
        from schema.product import Product

        found = await info.context.loaders.items.load(ProductKey(self.item["product_id"]))
        return Product.from_item(found) if found else None


async def review_connection(
    info: Info,
    *,
    owner_id: str,
    by_seller: bool,
    first: int | None,
    after: str | None,
    node: Callable[[Item], Review],
    total: int | None = None,
) -> Connection[Review]:
    """A page of a product's (or a seller's) reviews, newest first."""
    page = _window(info, owner_id, by_seller, first, after)
    rows = await catalog.reviews(
        info.context.loaders, owner_id, page.fetch, page.after, by_seller=by_seller
    )
    counter = None
    if total is not None:

        async def count() -> int:
            return total

        counter = count
    return connection(
        page, rows, node, lambda row: catalog.review_position(row, by_seller), counter
    )


def _window(
    info: Info, owner_id: str, by_seller: bool, first: int | None, after: str | None
) -> Window:
    binding = f"{'seller' if by_seller else 'product'}.reviews:{owner_id}"
    return window(info.context.settings.cursor_secret, binding, first, after)


def prefetch_reviews(info: Info, owner_id: str, *, by_seller: bool) -> list[Prefetch]:
    """Start the review pages that `reviews` fields below the current one will read."""
    started = []
    for arguments in child_arguments(info, "reviews"):
        try:
            page = _window(
                info,
                owner_id,
                by_seller,
                optional_int(arguments.get("first")),
                arguments.get("after"),
            )
        except (BadUserInput, ValueError):
            continue  # the field itself reports it
        started.append(
            catalog.prefetch_reviews(
                info.context.loaders, owner_id, page.fetch, page.after, by_seller=by_seller
            )
        )
    return started
