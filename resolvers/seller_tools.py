"""A seller's own tools: withdrawing an offer, renaming their store.

Withdrawing is the listing's `is_active` set to false in one transaction with the
product's minimum price (and so its place on the category pages), exactly as
`upsertListing` keeps them (`loaders/catalog_writes.py`); `upsertListing` offers it again.
A withdrawn listing is in no cart's total and no checkout: the checkout's stock update is
conditioned on the listing being active, so a withdrawal that lands between a checkout's
read and its write refuses that checkout (OUT_OF_STOCK) rather than selling it.

A store's name is copied onto each of the seller's listings (`seller_name`), so renaming
rewrites them: `loaders/store_writes.py` says how.
"""

from __future__ import annotations

import asyncio

from gateway.auth import Viewer
from gateway.errors import Rejected, ServiceUnavailable
from loaders import catalog_writes, store_writes
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY
from loaders.errors import TransactionCancelled
from loaders.ids import timestamp
from loaders.keys import ProductKey, UserKey
from loaders.request import RequestLoaders
from resolvers import validation
from resolvers.profile import NO_PROFILE, STORE_DESCRIPTION_LENGTH
from resolvers.stock import NO_LISTING, Offered, require_seller

STORE_NAME_LENGTH = 100


async def withdraw_listing(loaders: RequestLoaders, viewer: Viewer, product_id: str) -> Offered:
    """The caller's listing, no longer for sale, and its product with the minimum price of
    the offers left (off the category pages when none is left). Withdrawing a withdrawn
    listing changes nothing."""
    require_seller(viewer)
    dynamo = loaders.dynamo
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        product, listings = await catalog_writes.current_product(dynamo, product_id)
        mine = next((i for i in listings if i["seller_id"] == viewer.user_id), None)
        if product is None or mine is None:
            raise Rejected(NO_LISTING)
        if not mine.get("is_active", True):
            return Offered(mine, product)
        at = timestamp()
        withdrawn = mine | {"is_active": False, "updated_at": at}
        others = [i for i in listings if i is not mine]
        changes: Item = {
            "min_price_cents": catalog_writes.min_price([*others, withdrawn]),
            "updated_at": at,
        }
        try:
            after = await catalog_writes.write_listing(
                dynamo, product, mine, withdrawn, changes, None
            )
        except TransactionCancelled:
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            continue
        loaders.items.clear(ProductKey(product_id)).prime(ProductKey(product_id), after)
        loaders.listings.clear(product_id)
        return Offered(withdrawn, after)
    raise ServiceUnavailable("This product's offers kept changing; try again.")


async def update_store(
    loaders: RequestLoaders, viewer: Viewer, name: str, description: str | None
) -> Item:
    """The caller's profile with the store's new name and description (a blank description
    removes it), and every listing of theirs showing the new name."""
    require_seller(viewer)
    validation.reject_invalid(
        validation.text(name, "store_name", "The store name", longest=STORE_NAME_LENGTH),
        validation.text(
            description,
            "store_description",
            "The store description",
            required=False,
            longest=STORE_DESCRIPTION_LENGTH,
        ),
    )
    changes: Item = {
        "store_name": validation.clean(name),
        "store_description": validation.clean(description),
    }
    dynamo = loaders.dynamo
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        profile, listings = await asyncio.gather(
            dynamo.get_consistent(UserKey(viewer.user_id)),
            store_writes.all_seller_listings(dynamo, viewer.user_id),
        )
        if profile is None:
            raise Rejected(NO_PROFILE)
        try:
            after = await store_writes.rename(dynamo, profile, changes, listings, timestamp())
        except store_writes.ProfileChanged:
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            continue
        loaders.items.clear(UserKey(viewer.user_id)).prime(UserKey(viewer.user_id), after)
        return after
    raise ServiceUnavailable("Your profile kept changing while the store was renamed; try again.")
