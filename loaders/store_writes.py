"""A store renamed: the seller's profile and the name's copy on each of their listings.

The listings are read whole through `SellerProductsIndex` (a seller's listings are a
bounded catalog), then written in TransactWriteItems of at most 100 actions: the first
holds the profile (conditioned on its `updated_at` as read, as every versioned profile
change is) and 99 listings, each later one 100 listings. So a rename of a store with n
listings takes 1 + ceil((n - 99) / 100) transactions when n > 99, one otherwise. Until
the last commits, a reader may see the new name on the profile and the old one on some
listings; each listing shows one name or the other, never a mix within an item.
"""

from __future__ import annotations

from typing import Any

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.errors import TransactionCancelled
from loaders.keys import ListingKey, UserKey
from loaders.model import PRODUCTS
from loaders.products import SELLER_PRODUCTS_INDEX
from loaders.writes import MUST_EXIST, Update, Write

TRANSACTION_ACTIONS = 100


class ProfileChanged(Exception):
    """The profile changed (or vanished) between its read and the rename's first write."""


async def all_seller_listings(dynamo: Dynamo, seller_id: str) -> list[Item]:
    """Every listing of a seller, active or not: one Query (more past 1 MB)."""
    return await dynamo.query_all(
        PRODUCTS, "gsi2pk = :seller", {":seller": seller_id}, index=SELLER_PRODUCTS_INDEX.name
    )


def _profile_write(profile: Item, changes: Item, at: str) -> Update:
    condition, values = f"{MUST_EXIST} AND updated_at = :seen", {":seen": profile["updated_at"]}
    if profile.get("updated_at") is None:
        condition, values = f"{MUST_EXIST} AND attribute_not_exists(updated_at)", {}
    return Update(UserKey(profile["user_id"]), changes | {"updated_at": at}, condition, values)


def _listing_write(listing: Item, name: str) -> Update:
    key = ListingKey(listing["product_id"], listing["seller_id"])
    return Update(key, {"seller_name": name}, MUST_EXIST)


async def rename(
    dynamo: Dynamo, profile: Item, changes: Item, listings: list[Item], at: str
) -> Item:
    """The profile with `changes`, and `changes["store_name"]` on every listing that shows
    another name. Raises `ProfileChanged`; returns the profile as written."""
    name = str(changes["store_name"])
    stale = [i for i in listings if i.get("seller_name") != name]
    writes: list[Write] = [_profile_write(profile, changes, at)]
    writes += [_listing_write(listing, name) for listing in stale]
    first, rest = writes[:TRANSACTION_ACTIONS], writes[TRANSACTION_ACTIONS:]
    try:
        await dynamo.transact_write(first)
    except TransactionCancelled as cancelled:
        if cancelled.reasons and cancelled.reasons[0] not in ("None", ""):
            raise ProfileChanged from None
        raise
    for start in range(0, len(rest), TRANSACTION_ACTIONS):
        await dynamo.transact_write(rest[start : start + TRANSACTION_ACTIONS])
    after: dict[str, Any] = profile | changes | {"updated_at": at}
    return {k: v for k, v in after.items() if v is not None}
