"""The Wishlist table: a user's wishlists and their items, one item collection per user."""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.errors import ConditionFailed, TransactionCancelled
from loaders.keys import (
    WISHLIST_PREFIX,
    WishlistItemKey,
    WishlistKey,
    wishlist_item_sort_key,
)
from loaders.model import WISHLIST
from loaders.writes import MUST_BE_NEW, MUST_EXIST, Check, Delete, Put, Write

TRANSACTION_LIMIT = 100


@dataclass
class UserWishlists:
    """A user's wishlists (in the order they were made) and each one's items."""

    wishlists: list[Item] = field(default_factory=list)
    items: dict[str, list[Item]] = field(default_factory=dict)

    @classmethod
    def from_items(cls, found: list[Item]) -> UserWishlists:
        collection = cls()
        for item in found:
            if item["sk"].startswith(WISHLIST_PREFIX):
                collection.wishlists.append(item)
            else:
                collection.items.setdefault(item["wishlist_id"], []).append(item)
        return collection

    def wishlist(self, wishlist_id: str) -> Item | None:
        return next((w for w in self.wishlists if w["wishlist_id"] == wishlist_id), None)


async def user_wishlists(
    dynamo: Dynamo, user_id: str, *, consistent: bool = False
) -> UserWishlists:
    """Every wishlist of a user with its items: one Query of the user's partition."""
    condition, values = "pk = :user", {":user": user_id}
    if consistent:
        return UserWishlists.from_items(
            await dynamo.query_all(WISHLIST, condition, values, consistent=True)
        )
    return UserWishlists.from_items(await dynamo.query_all(WISHLIST, condition, values))


async def create_wishlist(dynamo: Dynamo, user_id: str, wishlist: Item) -> None:
    key = WishlistKey(user_id, wishlist["wishlist_id"])
    await dynamo.put(Put(key, {"entity": "Wishlist", **wishlist}, MUST_BE_NEW))


async def put_wishlist_item(dynamo: Dynamo, user_id: str, item: Item) -> bool:
    """Write an item into a wishlist (replacing the product's previous entry there); False
    when the wishlist does not exist (checked in the same transaction)."""
    wishlist_id, product_id = item["wishlist_id"], item["product_id"]
    try:
        await dynamo.transact_write(
            [
                Check(WishlistKey(user_id, wishlist_id), MUST_EXIST),
                Put(
                    WishlistItemKey(user_id, wishlist_id, product_id),
                    {"entity": "WishlistItem", **item},
                ),
            ]
        )
    except TransactionCancelled as cancelled:
        if cancelled.reasons[:1] != ["ConditionalCheckFailed"]:
            raise
        return False
    return True


async def wishlist_items(dynamo: Dynamo, user_id: str, wishlist_id: str) -> list[Item]:
    """One wishlist's items (not the user's other lists): one Query of its sort-key range."""
    return await dynamo.query_all(
        WISHLIST,
        "pk = :user AND begins_with(sk, :prefix)",
        {":user": user_id, ":prefix": wishlist_item_sort_key(wishlist_id, "")},
    )


async def delete_wishlist_item(
    dynamo: Dynamo, user_id: str, wishlist_id: str, product_id: str
) -> bool:
    """Take a product off a wishlist; False when it was not on it."""
    try:
        await dynamo.delete(Delete(WishlistItemKey(user_id, wishlist_id, product_id), MUST_EXIST))
    except ConditionFailed:
        return False
    return True


async def delete_wishlist(
    dynamo: Dynamo, user_id: str, wishlist_id: str, product_ids: list[str]
) -> None:
    """A wishlist and its items: one transaction up to 99 items, else the items in
    transactions of 100 first and the wishlist with the last ones (a deletion cut short
    leaves the wishlist, and deleting it again finishes)."""
    writes: list[Write] = [Delete(WishlistItemKey(user_id, wishlist_id, p)) for p in product_ids]
    writes.append(Delete(WishlistKey(user_id, wishlist_id), MUST_EXIST))
    for start in range(0, len(writes), TRANSACTION_LIMIT):
        await dynamo.transact_write(writes[start : start + TRANSACTION_LIMIT])
