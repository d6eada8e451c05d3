"""Checkout: the cart becomes an order in one TransactWriteItems.

The order is CONFIRMED at once, its payment AUTHORIZED: no payment provider is wired in,
so the method is recorded and taken as paid. What it charges, and why it refuses, is
`resolvers/pricing.py` (which `cart.preview` runs too). Points redeemed are a REDEEM reward
and the points earned an EARN one, the balance moved once, conditioned on the balance read
(`reward_points = :seen`): two checkouts cannot spend the same points.

Stock moves exactly: each listing's update is conditioned on the stock value read
(`stock = :seen`), so its StockTransaction records the true before and after; when
another order got there first, the listing is read again and the transaction retried
(at most `OPTIMISTIC_RETRY.attempts` times) while the stock still covers the line. The idempotency key is
checked before anything else and its item is written by the same transaction with
`attribute_not_exists`, so the same key places one order however often it is sent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from gateway.errors import GatewayError, Problem, Rejected, ServiceUnavailable, UserErrorCode
from loaders import cart as cart_table
from loaders import orders, seller_stats
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY, Dynamo
from loaders.errors import TransactionCancelled
from loaders.ids import new_id, timestamp
from loaders.keys import (
    AddressKey,
    CouponKey,
    CouponUserKey,
    ListingKey,
    UserKey,
    order_amount_sort_key,
    order_status_sort_key,
    seller_item_index_sort_key,
)
from loaders.order_history import order_words
from loaders.orders import CheckoutTransaction, Part
from loaders.request import RequestLoaders
from loaders.stock import ORDER_PLACED, stock_transaction
from resolvers import coupons, validation
from resolvers.cart import MAX_CART_LINES, CartLine, with_listings
from resolvers.pricing import Priced, Seen, price
from resolvers.rewards import order_rewards

PAYMENT_METHODS = ("CARD", "PAYPAL", "BANK_TRANSFER", "CASH_ON_DELIVERY")
ORDER_STATUS = "CONFIRMED"
PAYMENT_STATUS = "AUTHORIZED"
ORDER_ITEM_STATUS = "PENDING"
IDEMPOTENCY_SECONDS = 24 * 3600
IDEMPOTENCY_KEY_LENGTH = 200
"""Each failed attempt means another checkout changed what this one read (and, for a
listing, took stock from it), so a few tens of attempts, spread by jittered backoff,
settle even a hot listing."""

logger = logging.getLogger("gateway.checkout")

CART_EMPTY = Problem(UserErrorCode.CART_EMPTY, "Your cart is empty; add something first.")
NO_ADDRESS = Problem(
    UserErrorCode.INVALID_INPUT,
    "You have no address with this id; add one or pick another.",
    ("input", "shipping_address_id"),
)
BAD_PAYMENT = Problem(
    UserErrorCode.INVALID_INPUT,
    f"The payment method is one of {', '.join(PAYMENT_METHODS)}.",
    ("input", "payment_method"),
)
BAD_KEY = Problem(
    UserErrorCode.INVALID_INPUT,
    f"The idempotency key is 1 to {IDEMPOTENCY_KEY_LENGTH} characters (a UUID, say).",
    ("input", "idempotency_key"),
)


@dataclass(frozen=True)
class CheckoutRequest:
    shipping_address_id: str
    payment_method: str
    idempotency_key: str
    coupon_code: str | None = None
    redeem_points: int = 0


async def checkout(loaders: RequestLoaders, user_id: str, request: CheckoutRequest) -> Item:
    """The order the cart became (or the one this idempotency key already placed)."""
    key = request.idempotency_key.strip()
    validation.reject_invalid(
        None if request.payment_method.upper() in PAYMENT_METHODS else BAD_PAYMENT,
        None if 0 < len(key) <= IDEMPOTENCY_KEY_LENGTH else BAD_KEY,
    )
    dynamo = loaders.dynamo
    # The key's earlier order, if any, is looked for in the round of the checkout's reads.
    earlier = asyncio.ensure_future(orders.idempotent_order(dynamo, user_id, key))
    try:
        order = await _place(loaders, user_id, request, key, earlier)
    except Rejected:
        # A request with the same key may have committed meanwhile (and emptied the cart).
        placed = await orders.idempotent_order(dynamo, user_id, key)
        if placed is not None:
            return placed
        raise
    finally:
        earlier.cancel()
    return order


async def _place(
    loaders: RequestLoaders,
    user_id: str,
    request: CheckoutRequest,
    key: str,
    earlier: asyncio.Future[Item | None],
) -> Item:
    dynamo = loaders.dynamo
    code = coupons.coupon_code(request.coupon_code or "") or None
    placed, lines, address, profile, coupon, coupon_user = await asyncio.gather(
        earlier,
        cart_table.cart_items(dynamo, user_id, consistent=True),
        dynamo.get_consistent(AddressKey(user_id, request.shipping_address_id)),
        dynamo.get_consistent(UserKey(user_id)),
        dynamo.get_consistent(CouponKey(code)) if code else _nothing(),
        dynamo.get_consistent(CouponUserKey(code, user_id)) if code else _nothing(),
    )
    if placed is not None:
        return placed
    if not lines:
        raise Rejected(CART_EMPTY)
    if address is None:
        raise Rejected(NO_ADDRESS)
    too_many = too_many_lines(len(lines))
    if too_many:
        raise Rejected(*too_many)
    found = await with_listings(loaders, lines, fresh=True)
    seen = Seen.read(found, profile, coupon, coupon_user)
    order_id = new_id()
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        created_at = timestamp()  # of the attempt that commits: stock history stays in order
        transaction, order = _transaction(
            user_id, request, key, code, address, seen, order_id, created_at
        )
        try:
            await transaction.commit(dynamo)
        except TransactionCancelled as cancelled:
            failed = transaction.failed(cancelled.reasons)
            if any(part is Part.IDEMPOTENCY for part, _ in failed):
                placed = await orders.idempotent_order(dynamo, user_id, key)
                if placed is not None:
                    return placed
            await _read_again(dynamo, user_id, code, seen, failed)
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            continue
        # The payload's items are the ones just written: no Query reads them back.
        loaders.orders.items.prime(order_id, sorted(transaction.order_items, key=_sort_key))
        try:
            await cart_table.delete_lines(dynamo, lines)
        except GatewayError:
            # The order stands: the shopper must see it, not an error. The lines left in
            # the cart are the ones just ordered; a retry with this key returns this order.
            logger.warning("order %s placed, but its cart was not emptied", order_id, exc_info=True)
        return order
    raise ServiceUnavailable("Too many checkouts at once changed this cart's stock; try again.")


def too_many_lines(count: int) -> list[Problem]:
    """More lines than one transaction commits (a cart written around `add_to_cart`)."""
    if count <= MAX_CART_LINES:
        return []
    return [validation.invalid("lines", f"A checkout takes at most {MAX_CART_LINES} lines.")]


async def _nothing() -> None:
    return None


def _sort_key(item: Item) -> str:
    return str(item["sk"])


async def _read_again(
    dynamo: Dynamo, user_id: str, code: str | None, seen: Seen, failed: list[tuple[Part, int]]
) -> None:
    """Read again what a cancelled transaction's conditions found changed."""
    parts = {part for part, _ in failed}
    lines = sorted({n for part, n in failed if part is Part.LISTING})
    listings = [seen.cart.lines[n].item for n in lines]
    reads = await asyncio.gather(
        *(dynamo.get_consistent(ListingKey(i["product_id"], i["seller_id"])) for i in listings),
        dynamo.get_consistent(UserKey(user_id)) if Part.USER in parts else _nothing(),
        dynamo.get_consistent(CouponKey(code)) if code and Part.COUPON in parts else _nothing(),
        dynamo.get_consistent(CouponUserKey(code, user_id))
        if code and Part.COUPON_USER in parts
        else _nothing(),
    )
    for n, listing in zip(lines, reads, strict=False):
        seen.listings[n] = listing
    profile, coupon, coupon_user = reads[len(lines) :]
    if Part.USER in parts:
        seen.profile = profile
    if Part.COUPON in parts:
        seen.coupon = coupon
    if Part.COUPON_USER in parts:
        seen.coupon_used = int(coupon_user["used"]) if coupon_user else None


def _transaction(
    user_id: str,
    request: CheckoutRequest,
    key: str,
    code: str | None,
    address: Item,
    seen: Seen,
    order_id: str,
    created_at: str,
) -> tuple[CheckoutTransaction, Item]:
    """The writes that place the order as `seen` stands; `Rejected` if it cannot be placed."""
    priced = price(seen, code, request.redeem_points, ("input",))
    if priced.problems:
        raise Rejected(*priced.problems)
    subtotal, discount = priced.subtotal_cents, priced.discount_cents
    total = priced.total_cents
    currency = seen.cart.currency
    order: Item = {
        "entity": "Order",
        "order_id": order_id,
        "user_id": user_id,
        "status": ORDER_STATUS,
        "subtotal_cents": subtotal,
        "discount_cents": discount,
        "shipping_cents": priced.shipping_cents,
        "points_redeemed": priced.points_redeemed,
        "total_cents": total,
        "currency": currency,
        "item_count": sum(line.quantity for line in priced.lines),
        "coupon_code": code,
        "product_words": order_words(line.product["name"] for line in priced.lines if line.product),
        "shipping_address": {
            name: address[name]
            for name in (
                "recipient",
                "line1",
                "line2",
                "city",
                "region",
                "postal_code",
                "country",
                "phone",
            )
            if address.get(name) is not None
        },
        "payment": {"method": request.payment_method.upper(), "status": PAYMENT_STATUS},
        "created_at": created_at,
        "updated_at": created_at,
        "gsi1pk": order_id,
        "gsi1sk": user_id,
        "gsi2pk": ORDER_STATUS,
        "gsi2sk": created_at,
        "lsi1sk": order_status_sort_key(ORDER_STATUS, created_at),
        "lsi2sk": order_amount_sort_key(total, order_id),
    }
    transaction = CheckoutTransaction()
    transaction.order(order, key, int(time.time()) + IDEMPOTENCY_SECONDS)
    for n, line in enumerate(priced.lines):
        assert line.listing is not None
        product = line.product or {}
        stock = int(line.listing.get("stock", 0))
        transaction.line(
            n,
            {
                "entity": "OrderItem",
                "order_id": order_id,
                "user_id": user_id,
                "product_id": line.item["product_id"],
                "seller_id": line.item["seller_id"],
                "product_name": product.get("name", line.item["product_id"]),
                "image_url": (product.get("primary_image") or {}).get("url"),
                "quantity": line.quantity,
                "unit_price_cents": line.price_cents,
                "line_total_cents": line.line_total_cents,
                "currency": line.currency,
                "status": ORDER_ITEM_STATUS,
                "created_at": created_at,
                "updated_at": created_at,
                "gsi1pk": line.item["seller_id"],
                "gsi1sk": seller_item_index_sort_key(created_at, order_id),
                **seller_stats.pending_keys(line.item["seller_id"], created_at, order_id),
            },
            stock,
            _stock_transaction(line, order_id, user_id, stock, created_at),
        )
    if code is not None and seen.coupon is not None:
        usage = {
            "entity": "CouponUsage",
            "user_id": user_id,
            "order_id": order_id,
            "discount_cents": discount,
            "used_at": created_at,
        }
        transaction.coupon(code, user_id, seen.coupon, seen.coupon_used, usage, int(time.time()))
    if seen.profile is not None:
        rewards = _rewards(user_id, order_id, priced, created_at)
        transaction.rewards(rewards, seen.profile.get("reward_points"))
    return transaction, order


def _rewards(user_id: str, order_id: str, priced: Priced, created_at: str) -> list[Item]:
    """The order's REDEEM reward (points spent) and EARN reward, those that are not zero."""
    return order_rewards(
        user_id,
        order_id,
        created_at,
        [
            ("REDEEM", -priced.points_redeemed, f"Redeemed on order {order_id}"),
            ("EARN", priced.points_earned, f"Earned on order {order_id}"),
        ],
    )


def _stock_transaction(line: CartLine, order_id: str, user_id: str, stock: int, at: str) -> Item:
    after = stock - line.quantity
    return stock_transaction(line.item, ORDER_PLACED, stock, after, user_id, at, order_id=order_id)
