"""Wishlists: their types and the mutations that make and fill them."""

from __future__ import annotations

import asyncio

import strawberry

from gateway.auth import can_see_account, current_viewer, require_user
from gateway.context import Context
from loaders.codec import Item
from loaders.ids import wishlist_owner
from loaders.keys import ProductKey, UserKey
from resolvers import wishlists
from resolvers.people import display_name
from resolvers.prefetch import prefetch, settle
from schema.product import Product
from schema.review import PublicUser
from schema.scalars import DateTime
from schema.selection import selected
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

    @strawberry.field(description="Who keeps the wishlist, as anyone may see them.")
    async def owner(self, info: Info) -> PublicUser | None:
        owner_id = wishlists.owner_of(self.item)
        found = await info.context.loaders.items.load(UserKey(owner_id))
        if found is None:
            return None
        name = display_name(found.get("first_name", ""), found.get("last_name", ""))
        return PublicUser(id=strawberry.ID(owner_id), display_name=name)


@strawberry.type
class WishlistQuery:
    @strawberry.field(
        description="A wishlist by id: anyone may read a public one; a private one is null "
        "but to its owner and administrators."
    )
    async def wishlist(self, info: Info, id: strawberry.ID) -> Wishlist | None:
        loaders, owner_id = info.context.loaders, wishlist_owner(str(id))
        # The owner's profile goes out in the batch of the wishlist and the caller's session.
        reads = (
            [prefetch(loaders.items.load(UserKey(owner_id)))]
            if owner_id and "owner" in selected(info)
            else []
        )
        found, viewer = await asyncio.gather(
            wishlists.wishlist_by_id(loaders, str(id)), current_viewer(info)
        )
        await settle(reads)
        if found is None:
            return None
        mine = viewer is not None and can_see_account(viewer, wishlists.owner_of(found.wishlist))
        if not found.wishlist.get("is_public") and not mine:
            return None
        return Wishlist.from_found(found)


@strawberry.type
class CreateWishlistPayload:
    wishlist: Wishlist | None
    errors: list[UserError]


@strawberry.type
class AddToWishlistPayload:
    wishlist: Wishlist | None
    errors: list[UserError]


@strawberry.type
class RemoveFromWishlistPayload:
    wishlist: Wishlist | None
    errors: list[UserError]


@strawberry.type
class DeleteWishlistPayload:
    deleted_id: strawberry.ID | None
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

    @strawberry.mutation(description="Take a product off one of the signed-in user's wishlists.")
    async def remove_from_wishlist(
        self, info: Info, wishlist_id: strawberry.ID, product_id: strawberry.ID
    ) -> RemoveFromWishlistPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            wishlists.remove_from_wishlist(
                info.context.loaders, viewer.user_id, str(wishlist_id), str(product_id)
            )
        )
        return RemoveFromWishlistPayload(
            wishlist=Wishlist.from_found(found) if found else None, errors=errors
        )

    @strawberry.mutation(
        description="Delete one of the signed-in user's wishlists, with its items."
    )
    async def delete_wishlist(self, info: Info, id: strawberry.ID) -> DeleteWishlistPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            wishlists.delete_wishlist(info.context.loaders, viewer.user_id, str(id))
        )
        return DeleteWishlistPayload(
            deleted_id=strawberry.ID(found) if found else None, errors=errors
        )
