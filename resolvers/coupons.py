"""Coupons: whether one can be used now, and what it takes off an order."""

from __future__ import annotations

import time

from loaders.codec import Item
from loaders.ids import timestamp
from loaders.keys import CouponKey
from loaders.request import RequestLoaders

PERCENT, FIXED = "PERCENT", "FIXED"


async def coupon(loaders: RequestLoaders, code: str) -> Item | None:
    """A coupon by code (case-insensitive); None if there is none."""
    if not code.strip():
        return None
    return await loaders.items.load(CouponKey(code.strip()))


def why_unusable(found: Item | None, now: float | None = None) -> str | None:
    """None if the coupon can be used now, otherwise why not (for a message)."""
    moment = time.time() if now is None else now
    if found is None:
        return "There is no coupon with this code."
    if not found.get("is_active", False):
        return "This coupon is no longer active."
    starts_at = found.get("starts_at")
    if isinstance(starts_at, str) and starts_at > timestamp():
        return "This coupon cannot be used yet."
    if int(found.get("expires_at", 0)) <= moment:
        return "This coupon has expired."
    if int(found.get("used_count", 0)) >= int(found.get("max_uses", 0)):
        return "This coupon has been used up."
    return None


def discount_cents(found: Item, subtotal_cents: int) -> int:
    """PERCENT of the subtotal (rounded down) or a FIXED amount, never more than the subtotal."""
    value = int(found.get("discount_value", 0))
    if found.get("discount_type") == PERCENT:
        return subtotal_cents * value // 100
    return min(value, subtotal_cents)
