"""Wishlists: their types and the mutations that make and fill them."""

from __future__ import annotations

import strawberry

from gateway.auth import require_user
from gateway.context import Context
from loaders.codec import Item
from loaders.keys import ProductKey
from resolvers import wishlists
from schema.product import Product
from schema.scalars import DateTime
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.type
class WishlistItem:
    priority: int = strawberry.field(description="1 to 5.")
    notes: str | None
    added_at: DateTime
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> WishlistItem:
        return cls(
            priority=int(item.get("priority", wishlists.DEFAULT_PRIORITY)),
            notes=item.get("notes"),
            added_at=item["added_at"],
            item=item,
        )

    @strawberry.field(description="Null if the product is gone.")
    async def product(self, info: Info) -> Product | None:
        found = await info.context.loaders.items.load(ProductKey(self.item["product_id"]))
        return Product.from_item(found) if found else None


@strawberry.type
class Wishlist:
    id: strawberry.ID
    name: str
    description: str | None
    is_public: bool
    created_at: DateTime
    items: list[WishlistItem] = strawberry.field(description="In the order they were added.")
    item: strawberry.Private[Item]

    @classmethod
    def from_found(cls, found: wishlists.Wishlist) -> Wishlist:
        item = found.wishlist
        return cls(
            id=strawberry.ID(item["wishlist_id"]),
            name=item["name"],
            description=item.get("description"),
            is_public=bool(item.get("is_public", False)),
            created_at=item["created_at"],
            items=[WishlistItem.from_item(i) for i in found.items],
            item=item,
        )


@strawberry.type
class CreateWishlistPayload:
    wishlist: Wishlist | None
    errors: list[UserError]


@strawberry.type
class AddToWishlistPayload:
    wishlist: Wishlist | None
    errors: list[UserError]


@strawberry.type
class WishlistMutation:
    @strawberry.mutation(description="A new, empty wishlist of the signed-in user.")
    async def create_wishlist(
        self, info: Info, name: str, is_public: bool | None = False
    ) -> CreateWishlistPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            wishlists.create_wishlist(info.context.loaders, viewer.user_id, name, bool(is_public))
        )
        return CreateWishlistPayload(
            wishlist=Wishlist.from_found(found) if found else None, errors=errors
        )

    @strawberry.mutation(
        description="Put a product on one of the signed-in user's wishlists (again: new priority and notes)."
    )
    async def add_to_wishlist(
        self,
        info: Info,
        wishlist_id: strawberry.ID,
        product_id: strawberry.ID,
        priority: int | None = wishlists.DEFAULT_PRIORITY,
        notes: str | None = None,
    ) -> AddToWishlistPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            wishlists.add_to_wishlist(
                info.context.loaders,
                viewer.user_id,
                str(wishlist_id),
                str(product_id),
                wishlists.DEFAULT_PRIORITY if priority is None else priority,
                notes,
            )
        )
        return AddToWishlistPayload(
            wishlist=Wishlist.from_found(found) if found else None, errors=errors
        )
