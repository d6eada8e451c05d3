"""Wishlists: a user's lists of products they want, and the public ones anyone may read.

A wishlist's id names its owner (`loaders/keys.py: owned_wishlist_id`), so `wishlist(id)`
reads its item and its items' range in the owner's partition, without a Scan.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from gateway.errors import Problem, Rejected, UserErrorCode
from loaders import wishlists
from loaders.codec import Item
from loaders.ids import new_id, owned_wishlist_id, timestamp, wishlist_owner
from loaders.keys import ProductKey, WishlistKey
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
NOT_ON_IT = Problem(
    UserErrorCode.NOT_FOUND, "This product is not on this wishlist.", ("product_id",)
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
        "user_id": user_id,
        "wishlist_id": owned_wishlist_id(user_id, new_id()),
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


async def remove_from_wishlist(
    loaders: RequestLoaders, user_id: str, wishlist_id: str, product_id: str
) -> Wishlist:
    """The wishlist without the product."""
    owned = await wishlists.user_wishlists(loaders.dynamo, user_id, consistent=True)
    wishlist = owned.wishlist(wishlist_id)
    if wishlist is None:
        raise Rejected(NO_WISHLIST)
    if not await wishlists.delete_wishlist_item(loaders.dynamo, user_id, wishlist_id, product_id):
        raise Rejected(NOT_ON_IT)
    items = owned.items.get(wishlist_id, [])
    return Wishlist(wishlist, _in_added_order([i for i in items if i["product_id"] != product_id]))


async def delete_wishlist(loaders: RequestLoaders, user_id: str, wishlist_id: str) -> str:
    """The deleted wishlist's id; its items go with it."""
    owned = await wishlists.user_wishlists(loaders.dynamo, user_id, consistent=True)
    if owned.wishlist(wishlist_id) is None:
        raise Rejected(Problem(NO_WISHLIST.code, NO_WISHLIST.message, ("id",)))
    products = [i["product_id"] for i in owned.items.get(wishlist_id, [])]
    await wishlists.delete_wishlist(loaders.dynamo, user_id, wishlist_id, products)
    return wishlist_id


async def wishlist_by_id(loaders: RequestLoaders, wishlist_id: str) -> Wishlist | None:
    """A wishlist by id, whoever owns it (the caller decides whether to show it): its item
    (in this tick's batch) and its items' Query, in one round."""
    owner = wishlist_owner(wishlist_id)
    if owner is None:
        return None
    wishlist, items = await asyncio.gather(
        loaders.items.load(WishlistKey(owner, wishlist_id)),
        wishlists.wishlist_items(loaders.dynamo, owner, wishlist_id),
    )
    return Wishlist(wishlist, _in_added_order(items)) if wishlist else None


def owner_of(wishlist: Item) -> str:
    """Whose wishlist this is (`user_id`, or the partition for items written without it)."""
    return str(wishlist.get("user_id") or wishlist["pk"])


def _wishlist(found: UserWishlists, wishlist: Item) -> Wishlist:
    return Wishlist(wishlist, _in_added_order(found.items.get(wishlist["wishlist_id"], [])))


def _in_added_order(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda item: (item.get("added_at", ""), item["product_id"]))
