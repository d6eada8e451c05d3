"""Customers' past orders and their items; coupons are applied as at checkout."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta

from gateway.demo.catalog import Listing, ProductRecord
from gateway.demo.context import ANCHOR, CURRENCY, Context, stamp
from gateway.demo.coupons import CouponBook, CouponUse
from gateway.demo.profiles import Profile
from gateway.demo.users import Person
from loaders import seller_stats
from loaders.codec import Item
from loaders.keys import (
    order_amount_sort_key,
    order_item_sort_key,
    order_sort_key,
    order_status_sort_key,
    seller_item_index_sort_key,
)
from loaders.model import ORDER_ITEMS, ORDERS
from loaders.order_history import order_words

PENDING, CONFIRMED, SHIPPED, DELIVERED, CANCELLED = (
    "PENDING",
    "CONFIRMED",
    "SHIPPED",
    "DELIVERED",
    "CANCELLED",
)
RETURNED = "RETURNED"
FREE_SHIPPING_FROM_CENTS = 5_000
SHIPPING_CENTS = 599
COURIERS = ("UPS", "FedEx", "USPS", "DHL")
PAYMENT_METHODS = ("CARD", "PAYPAL", "APPLE_PAY")
PAYMENT_STATUS = {PENDING: "AUTHORIZED", CANCELLED: "REFUNDED"}
COUPON_SHARE = 0.2
RECENT_SHARE, RECENT_DAYS = 0.15, 10
# Order statuses by the order's age in days: (newer than, statuses, weights).
STATUS_BY_AGE = (
    (2, (PENDING, CONFIRMED, SHIPPED), (40, 40, 20)),
    (10, (CONFIRMED, SHIPPED, DELIVERED, CANCELLED), (10, 45, 35, 10)),
    (None, (DELIVERED, CANCELLED), (88, 12)),
)
# Days from placing an order to its current status.
STATUS_DELAY_DAYS = {
    PENDING: (0, 0),
    CONFIRMED: (0, 1),
    SHIPPED: (1, 3),
    DELIVERED: (3, 8),
    CANCELLED: (0, 2),
}


@dataclass
class Line:
    listing: Listing
    quantity: int
    status: str


@dataclass
class OrderRecord:
    order_id: str
    customer: Person
    created: datetime
    updated: datetime
    status: str
    lines: list[Line]
    total_cents: int


def _status(ctx: Context, created: datetime) -> str:
    age_days = (ANCHOR - created) / timedelta(days=1)
    for newer_than, statuses, weights in STATUS_BY_AGE:
        if newer_than is None or age_days < newer_than:
            return ctx.weighted(statuses, weights)
    raise AssertionError("unreachable")


def _line_status(ctx: Context, order_status: str) -> str:
    if order_status in (PENDING, CONFIRMED):
        return PENDING
    if order_status == DELIVERED and ctx.chance(0.05):
        return RETURNED
    return order_status


class _OrderFactory:
    def __init__(self, ctx: Context, products: list[ProductRecord], coupons: CouponBook) -> None:
        self.ctx = ctx
        self.coupons = coupons
        self.listings = sorted(
            (
                listing
                for product in products
                if product.item["is_active"]
                for listing in product.listings
                if listing.is_active
            ),
            key=lambda listing: listing.created,
        )
        self.listed_at = [listing.created for listing in self.listings]

    def _lines(self, created: datetime, status: str) -> list[Line]:
        ctx = self.ctx
        available = self.listings[: bisect.bisect_left(self.listed_at, created)]
        wanted = min(ctx.weighted((1, 2, 3, 4), (40, 30, 20, 10)), len(available))
        chosen: list[Listing] = []
        for _ in range(wanted * 10):
            listing = ctx.pick(available)
            if all(listing.product is not other.product for other in chosen):
                chosen.append(listing)
            if len(chosen) == wanted:
                break
        return [
            Line(listing, ctx.weighted((1, 2, 3), (75, 20, 5)), _line_status(ctx, status))
            for listing in chosen
        ]

    def order(self, customer: Person) -> OrderRecord | None:
        ctx = self.ctx
        since = customer.created
        if ctx.chance(RECENT_SHARE):  # so that every status has orders
            since = max(since, ANCHOR - timedelta(days=RECENT_DAYS))
        created = ctx.between(since, ANCHOR - timedelta(hours=1))
        status = _status(ctx, created)
        lines = self._lines(created, status)
        if not lines:
            return None
        low, high = STATUS_DELAY_DAYS[status]
        updated = min(created + timedelta(days=low), ANCHOR)
        updated = ctx.after(updated, high - low)
        order_id = ctx.new_id(created)
        subtotal = sum(line.listing.price_cents * line.quantity for line in lines)
        shipping = 0 if subtotal >= FREE_SHIPPING_FROM_CENTS else SHIPPING_CENTS
        coupon = (
            self.coupons.pick(ctx, customer.user_id, subtotal) if ctx.chance(COUPON_SHARE) else None
        )
        discount = 0 if coupon is None else coupon.discount_cents(subtotal)
        total = subtotal - discount + shipping
        created_at = stamp(created)
        item: Item = {
            "pk": customer.user_id,
            "sk": order_sort_key(created_at, order_id),
            "entity": "Order",
            "order_id": order_id,
            "user_id": customer.user_id,
            "status": status,
            "subtotal_cents": subtotal,
            "discount_cents": discount,
            "shipping_cents": shipping,
            "total_cents": total,
            "currency": CURRENCY,
            "item_count": sum(line.quantity for line in lines),
            "product_words": order_words(line.listing.product.item["name"] for line in lines),
            "shipping_address": customer.shipping_address(),
            "payment": {
                "method": ctx.pick(PAYMENT_METHODS),
                "status": PAYMENT_STATUS.get(status, "CAPTURED"),
                "provider": "demo-pay",
                "reference": f"pay_{ctx.rng.getrandbits(64):016x}",
            },
            "created_at": created_at,
            "updated_at": stamp(updated),
            "gsi1pk": order_id,
            "gsi1sk": customer.user_id,
            "gsi2pk": status,
            "gsi2sk": created_at,
            "lsi1sk": order_status_sort_key(status, created_at),
            "lsi2sk": order_amount_sort_key(total, order_id),
        }
        if coupon is not None:
            item["coupon_code"] = coupon.code
            use = CouponUse(coupon.code, customer.user_id, order_id, discount, created)
            self.coupons.record(use)
        ctx.add(ORDERS, item)
        record = OrderRecord(order_id, customer, created, updated, status, lines, total)
        for line in lines:
            self._order_item(record, line)
        return record

    def _order_item(self, order: OrderRecord, line: Line) -> None:
        ctx, listing = self.ctx, line.listing
        product, seller_id = listing.product, listing.seller.user_id
        created_at = stamp(order.created)
        item: Item = {
            "pk": order.order_id,
            "sk": order_item_sort_key(product.product_id, seller_id),
            "entity": "OrderItem",
            "order_id": order.order_id,
            "user_id": order.customer.user_id,
            "product_id": product.product_id,
            "seller_id": seller_id,
            "product_name": product.item["name"],
            "quantity": line.quantity,
            "unit_price_cents": listing.price_cents,
            "line_total_cents": listing.price_cents * line.quantity,
            "currency": CURRENCY,
            "status": line.status,
            "created_at": created_at,
            "updated_at": stamp(order.updated),
            "gsi1pk": seller_id,
            "gsi1sk": seller_item_index_sort_key(created_at, order.order_id),
        }
        if product.image_url is not None:
            item["image_url"] = product.image_url
        # The seller dashboard's figures, as checkout, cancelling and shipping keep them
        # (loaders/seller_stats.py): the listing's sales, the items still to ship.
        if order.status != PENDING and line.status not in (CANCELLED, RETURNED):
            for name, amount in seller_stats.sales(item).items():
                listing.item[name] = int(listing.item.get(name, 0)) + amount
        if line.status == PENDING and order.status != CANCELLED:
            item |= seller_stats.pending_keys(seller_id, created_at, order.order_id)
        if line.status in (SHIPPED, DELIVERED, RETURNED):
            item["courier"] = {
                "name": ctx.pick(COURIERS),
                "tracking_number": f"TRK{ctx.rng.randrange(10**11, 10**12)}",
                "shipped_at": stamp(ctx.between(order.created, order.updated)),
            }
        ctx.add(ORDER_ITEMS, item)


def build_orders(
    ctx: Context,
    profile: Profile,
    customers: list[Person],
    products: list[ProductRecord],
    coupons: CouponBook,
) -> list[OrderRecord]:
    factory = _OrderFactory(ctx, products, coupons)
    orders: list[OrderRecord] = []
    while len(orders) < profile.orders:
        order = factory.order(ctx.pick(customers))
        if order is not None:
            orders.append(order)
    return orders
