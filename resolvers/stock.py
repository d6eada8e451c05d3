"""A seller's offers and their stock: a listing created or changed, restocking it, and
a product's stock history.

A listing's change is one transaction with its product's minimum price (and so its
place on the category pages), conditioned on the product's version: two sellers
changing their offers at once cannot leave a minimum that ignores one of them
(`loaders/catalog_writes.py`). Every change of stock, conditioned on the stock read,
writes its StockTransaction in the same transaction; a conflicting change (an order,
say) makes the use case read again and retry (at most `OPTIMISTIC_RETRY.attempts`
times).

The history is the product's StockTransactions, newest first. Administrators see every
seller's; a seller sees their own listing's only (none if they have no listing on it);
other customers are FORBIDDEN, as they are from every seller operation.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from gateway.auth import SELLER, Viewer
from gateway.errors import Forbidden, Problem, Rejected, ServiceUnavailable, UserErrorCode
from loaders import catalog_writes
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY
from loaders.errors import TransactionCancelled
from loaders.ids import timestamp
from loaders.keys import ListingKey, ProductKey, UserKey, listing_index_sort_key
from loaders.request import RequestLoaders
from loaders.stock import (
    MANUAL_ADJUSTMENT,
    RESTOCK,
    ProductTransactionsPage,
    product_transactions,
    stock_transaction,
)
from resolvers import validation
from resolvers.people import display_name
from resolvers.seller_catalog import CURRENCY, failed, is_owner

MAX_PRICE_CENTS = 100_000_000
"""1,000,000.00: far below the 12 digits a price has in a category page's sort key."""
MAX_STOCK = 1_000_000
CONDITIONS = ("NEW", "USED", "REFURBISHED")
NOTES_LENGTH = 500
HISTORY_FORBIDDEN = "Only sellers and administrators see stock history."
SELLERS_ONLY = "Only sellers offer products; become a seller first."

NO_LISTABLE_PRODUCT = Problem(
    UserErrorCode.NOT_FOUND, "There is no product with this id.", ("product_id",)
)
UNPLACED = Problem(
    UserErrorCode.INVALID_STATE,
    "This product's category no longer exists; its owner must move it to another first.",
    ("product_id",),
)
NO_LISTING = Problem(
    UserErrorCode.NOT_FOUND,
    "You have no listing of this product; offer it first (upsertListing).",
    ("product_id",),
)


@dataclass(frozen=True)
class ListingRequest:
    product_id: str
    price: Decimal
    stock: int
    condition: str | None = None


@dataclass(frozen=True)
class Offered:
    """A listing as written, and its product as the same transaction left it."""

    listing: Item
    product: Item


@dataclass(frozen=True)
class Restocked:
    listing: Item
    product: Item


def require_seller(viewer: Viewer) -> None:
    if SELLER not in viewer.roles:
        raise Forbidden(SELLERS_ONLY)


def _price_problem(price: Decimal) -> Problem | None:
    try:
        cents = price.scaleb(2)
        whole = price.is_finite() and cents == cents.to_integral_value()
    except InvalidOperation:
        whole = False
    if not whole or price <= 0 or cents > MAX_PRICE_CENTS:
        return validation.invalid(
            "price",
            f"A price is more than 0 and at most {MAX_PRICE_CENTS // 100}, "
            "with at most 2 decimals.",
        )
    return None


def _listing_checks(request: ListingRequest) -> list[Problem | None]:
    return [
        _price_problem(request.price),
        validation.number_between(request.stock, "stock", "The stock", 0, MAX_STOCK),
        None
        if request.condition is None or request.condition in CONDITIONS
        else validation.invalid("condition", f"The condition is one of {', '.join(CONDITIONS)}."),
    ]


def _store_name(profile: Item | None) -> str:
    if not profile:
        return ""
    return str(
        profile.get("store_name")
        or display_name(profile.get("first_name", ""), profile.get("last_name", ""))
    )


async def upsert_listing(
    loaders: RequestLoaders, viewer: Viewer, request: ListingRequest
) -> Offered:
    """The caller's listing of a product, created or changed, with the product's minimum
    price following it. A change of stock is recorded as a `manual_adjustment`; the first
    listing records nothing (the audit log counts from the stock first listed)."""
    require_seller(viewer)
    validation.reject_invalid(*_listing_checks(request))
    dynamo = loaders.dynamo
    price_cents = int(request.price.scaleb(2))
    profile_read = loaders.items.load(UserKey(viewer.user_id))  # in the first round's batch
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        product, listings = await catalog_writes.current_product(dynamo, request.product_id)
        profile = await profile_read
        mine = next((i for i in listings if i["seller_id"] == viewer.user_id), None)
        if product is None or (
            not product.get("is_active", False) and not is_owner(viewer, product, mine)
        ):
            raise Rejected(NO_LISTABLE_PRODUCT)
        at = timestamp()
        listing = _listing(viewer, request, mine, price_cents, _store_name(profile), at)
        if mine is None and product.get("created_by") != viewer.user_id:
            listing |= catalog_writes.seller_catalog_keys(viewer.user_id, at, request.product_id)
        others = [i for i in listings if i is not mine]
        changes: Item = {
            "min_price_cents": catalog_writes.min_price([*others, listing]),
            "updated_at": at,
        }
        stock_record = None
        if mine is not None and int(mine["stock"]) != request.stock:
            stock_record = stock_transaction(
                listing, MANUAL_ADJUSTMENT, int(mine["stock"]), request.stock, viewer.user_id, at
            )
        try:
            after = await catalog_writes.write_listing(
                dynamo, product, mine, listing, changes, stock_record
            )
        except TransactionCancelled as cancelled:
            if catalog_writes.enters_pages(product, changes) and failed(
                cancelled.reasons, catalog_writes.LISTING_CATEGORY_ACTION
            ):
                raise Rejected(UNPLACED) from None
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            continue
        loaders.items.clear(ProductKey(request.product_id)).prime(
            ProductKey(request.product_id), after
        )
        return Offered(listing, after)
    raise ServiceUnavailable("This product's offers kept changing; try again.")


def _listing(
    viewer: Viewer,
    request: ListingRequest,
    mine: Item | None,
    price_cents: int,
    store_name: str,
    at: str,
) -> Item:
    changes: Item = {
        "seller_name": store_name or (mine or {}).get("seller_name", ""),
        "price_cents": price_cents,
        "currency": CURRENCY,
        "stock": request.stock,
        "is_active": True,
        "updated_at": at,
    }
    if request.condition is not None:
        changes["condition"] = request.condition
    if mine is not None:
        return mine | changes
    return {
        "pk": request.product_id,
        "sk": ListingKey(request.product_id, viewer.user_id).encode()["sk"],
        "entity": "Listing",
        "product_id": request.product_id,
        "seller_id": viewer.user_id,
        "condition": "NEW",
        "created_at": at,
        "gsi2pk": viewer.user_id,
        "gsi2sk": listing_index_sort_key(request.product_id),
    } | changes


async def restock(
    loaders: RequestLoaders, viewer: Viewer, product_id: str, quantity: int, notes: str | None
) -> Restocked:
    """The caller's listing with `quantity` more units, and its product."""
    require_seller(viewer)
    validation.reject_invalid(
        validation.number_between(quantity, "quantity", "The quantity", 1, MAX_STOCK),
        validation.text(notes, "notes", "The notes", required=False, longest=NOTES_LENGTH),
    )
    dynamo = loaders.dynamo
    key = ListingKey(product_id, viewer.user_id)
    listing, product = await asyncio.gather(
        dynamo.get_consistent(key), loaders.items.load(ProductKey(product_id))
    )
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        if listing is None or product is None:
            raise Rejected(NO_LISTING)
        stock = int(listing["stock"])
        if stock + quantity > MAX_STOCK:
            raise Rejected(
                validation.invalid("quantity", f"A listing holds at most {MAX_STOCK} units.")
            )
        at = timestamp()
        record = stock_transaction(
            listing,
            RESTOCK,
            stock,
            stock + quantity,
            viewer.user_id,
            at,
            notes=validation.clean(notes),
        )
        try:
            await catalog_writes.move_stock(dynamo, listing, record)
        except TransactionCancelled:
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            listing = await dynamo.get_consistent(key)
            continue
        return Restocked(listing | {"stock": stock + quantity, "updated_at": at}, product)
    raise ServiceUnavailable("This listing's stock kept changing; try again.")


def history_scope(viewer: Viewer) -> str | None:
    """Whose transactions the viewer sees: None for all (administrators), else a seller id."""
    if viewer.is_admin:
        return None
    if SELLER in viewer.roles:
        return viewer.user_id
    raise Forbidden(HISTORY_FORBIDDEN)


async def stock_history(
    loaders: RequestLoaders,
    product_id: str,
    seller_id: str | None,
    fetch: int,
    after: list[str] | None,
) -> list[Item]:
    """Up to `fetch` of the product's transactions (with `seller_id`, that seller's),
    newest first, after the position `loaders.stock.transaction_position` gave."""
    position = (after[0], after[1], after[2]) if after else None
    page = ProductTransactionsPage(product_id, fetch, seller_id, position)
    return await product_transactions(loaders.dynamo, page)
