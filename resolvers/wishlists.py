"""Wishlists: a user's lists of products they want."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from gateway.errors import Problem, Rejected, UserErrorCode
from loaders import wishlists
from loaders.codec import Item
from loaders.ids import new_id, timestamp
from loaders.keys import ProductKey
from loaders.request import RequestLoaders
from loaders.wishlists import UserWishlists
from resolvers import validation
from resolvers.validation import clean, text

PRIORITIES = (1, 5)
DEFAULT_PRIORITY = 3
NOTES_LENGTH = 500
NO_WISHLIST = Problem(
    UserErrorCode.NOT_FOUND, "You have no wishlist with this id.", ("wishlist_id",)
)
NO_PRODUCT = Problem(UserErrorCode.NOT_FOUND, "There is no such product for sale.", ("product_id",))


@dataclass(frozen=True)
class Wishlist:
    wishlist: Item
    items: list[Item]


async def user_wishlists(loaders: RequestLoaders, user_id: str) -> list[Wishlist]:
    """A user's wishlists in the order they were made, each with its items in the order
    they were added: one Query."""
    found = await loaders.accounts.wishlists.load(user_id)
    return [_wishlist(found, w) for w in found.wishlists]


async def create_wishlist(
    loaders: RequestLoaders, user_id: str, name: str, is_public: bool
) -> Wishlist:
    validation.reject_invalid(text(name, "name", "The name"))
    wishlist: Item = {
        "wishlist_id": new_id(),
        "name": name.strip(),
        "is_public": is_public,
        "created_at": timestamp(),
    }
    await wishlists.create_wishlist(loaders.dynamo, user_id, wishlist)
    return Wishlist(wishlist, [])


async def add_to_wishlist(
    loaders: RequestLoaders,
    user_id: str,
    wishlist_id: str,
    product_id: str,
    priority: int,
    notes: str | None,
) -> Wishlist:
    """Put a product on one of the user's wishlists; a product already there gets the new
    priority and notes and keeps its place."""
    validation.reject_invalid(
        validation.number_between(priority, "priority", "The priority", *PRIORITIES),
        text(notes, "notes", "The notes", required=False, longest=NOTES_LENGTH),
    )
    product, owned = await asyncio.gather(
        loaders.items.load(ProductKey(product_id)),
        wishlists.user_wishlists(loaders.dynamo, user_id, consistent=True),
    )
    wishlist = owned.wishlist(wishlist_id)
    problems = [
        *([NO_WISHLIST] if wishlist is None else []),
        *([NO_PRODUCT] if product is None or not product.get("is_active", True) else []),
    ]
    if wishlist is None or problems:
        raise Rejected(*problems)
    items = owned.items.get(wishlist_id, [])
    previous = next((i for i in items if i["product_id"] == product_id), None)
    item: Item = {
        "wishlist_id": wishlist_id,
        "product_id": product_id,
        "priority": priority,
        "notes": clean(notes),
        "added_at": previous["added_at"] if previous else timestamp(),
    }
    if not await wishlists.put_wishlist_item(loaders.dynamo, user_id, item):
        raise Rejected(NO_WISHLIST)
    others = [i for i in items if i["product_id"] != product_id]
    return Wishlist(wishlist, _in_added_order([*others, item]))


def _wishlist(found: UserWishlists, wishlist: Item) -> Wishlist:
    return Wishlist(wishlist, _in_added_order(found.items.get(wishlist["wishlist_id"], [])))


def _in_added_order(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda item: (item.get("added_at", ""), item["product_id"]))
