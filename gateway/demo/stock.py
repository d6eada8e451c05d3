"""Listing stock and its audit log, the StockTransactions table.

Each listing's history is a first restock, perhaps a later one, the units its orders
took (and gave back when cancelled), and for some a last count correction that leaves
them sold out. The first restock is sized so that the stock never goes below zero: the
sum of a listing's `quantity_change` is its `stock`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from gateway.demo.catalog import Listing, ProductRecord
from gateway.demo.context import ANCHOR, Context, stamp
from gateway.demo.orders import CANCELLED, OrderRecord
from loaders.codec import Item
from loaders.model import STOCK_TRANSACTIONS

RESTOCK, ORDER_PLACED, ORDER_CANCELLED = "restock", "order_placed", "order_cancelled"
MANUAL_ADJUSTMENT = "manual_adjustment"
MAX_STOCK = 200
SOLD_OUT_SHARE = 0.12
LATER_RESTOCK_SHARE = 0.2


@dataclass(frozen=True)
class _Change:
    at: datetime
    kind: str
    quantity: int
    performed_by: str
    order_id: str | None = None
    notes: str | None = None


def _history(ctx: Context, listing: Listing, orders_by_listing: list[_Change]) -> list[_Change]:
    """The changes after the first restock, oldest first."""
    changes = list(orders_by_listing)
    if ctx.chance(LATER_RESTOCK_SHARE):
        at = ctx.between(listing.created, ANCHOR - timedelta(days=1))
        quantity = ctx.rng.randint(20, 100)
        changes.append(_Change(at, RESTOCK, quantity, listing.seller.user_id, notes="Restock"))
    return sorted(changes, key=lambda change: change.at)


def _first_stock(changes: list[_Change], target: int) -> int:
    """The first restock's units: the stock aimed at, minus what later changes add up to."""
    # The stock before each change is `final - (sum of the changes from there on)`.
    still_to_come, highest_remaining = 0, 0
    for change in reversed(changes):
        still_to_come += change.quantity
        highest_remaining = max(highest_remaining, still_to_come)
    final = max(target, highest_remaining)
    return max(final - still_to_come, 1)


def _write(ctx: Context, listing: Listing, first: _Change, changes: list[_Change]) -> int:
    stock = 0
    for change in (first, *changes):
        transaction_id = ctx.new_id(change.at)
        at = stamp(change.at)
        item: Item = {
            "pk": transaction_id,
            "sk": at,
            "entity": "StockTransaction",
            "transaction_id": transaction_id,
            "timestamp": at,
            "product_id": listing.product.product_id,
            "seller_id": listing.seller.user_id,
            "transaction_type": change.kind,
            "quantity_change": change.quantity,
            "stock_before": stock,
            "stock_after": stock + change.quantity,
            "performed_by": change.performed_by,
            "gsi1pk": listing.product.product_id,
            "gsi1sk": at,
            "gsi2pk": listing.seller.user_id,
            "gsi2sk": at,
        }
        if change.order_id is not None:
            item["order_id"] = change.order_id
        if change.notes is not None:
            item["notes"] = change.notes
        ctx.add(STOCK_TRANSACTIONS, item)
        stock += change.quantity
    return stock


def build_stock(ctx: Context, products: list[ProductRecord], orders: list[OrderRecord]) -> None:
    """Write every listing's transactions and set its `stock` and `updated_at`."""
    by_listing: dict[int, list[_Change]] = {}
    for order in orders:
        buyer = order.customer.user_id
        for line in order.lines:
            changes = by_listing.setdefault(id(line.listing), [])
            changes.append(
                _Change(order.created, ORDER_PLACED, -line.quantity, buyer, order.order_id)
            )
            if order.status == CANCELLED:
                changes.append(
                    _Change(order.updated, ORDER_CANCELLED, line.quantity, buyer, order.order_id)
                )
    for product in products:
        for listing in product.listings:
            seller_id = listing.seller.user_id
            changes = _history(ctx, listing, by_listing.get(id(listing), []))
            sold_out = ctx.chance(SOLD_OUT_SHARE)
            initial = _first_stock(changes, 0 if sold_out else ctx.rng.randint(1, MAX_STOCK))
            left = initial + sum(change.quantity for change in changes)
            last_change = changes[-1].at if changes else listing.created
            if sold_out and left > 0:
                last_change = ctx.between(last_change, ANCHOR - timedelta(hours=1))
                correction = _Change(
                    last_change, MANUAL_ADJUSTMENT, -left, seller_id, notes="Stock count correction"
                )
                changes.append(correction)
            first = _Change(listing.created, RESTOCK, initial, seller_id, notes="Initial stock")
            listing.item["stock"] = _write(ctx, listing, first, changes)
            listing.item["updated_at"] = stamp(last_change)
