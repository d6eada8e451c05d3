"""Coupons: whether one can be used now, and what it takes off an order."""

from __future__ import annotations

import time

from loaders.codec import Item
from loaders.ids import timestamp
from loaders.keys import CouponKey, CouponUserKey
from loaders.request import RequestLoaders

PERCENT, FIXED = "PERCENT", "FIXED"


async def coupon(loaders: RequestLoaders, code: str) -> Item | None:
    """A coupon by code (case-insensitive); None if there is none."""
    if not code.strip():
        return None
    return await loaders.items.load(CouponKey(coupon_code(code)))


async def uses_by(loaders: RequestLoaders, code: str, user_id: str) -> int:
    """How often `user_id` has used the coupon (its CouponUser item's `used`)."""
    if not code.strip():
        return 0
    found = await loaders.items.load(CouponUserKey(coupon_code(code), user_id))
    return used_of(found)


def used_of(coupon_user: Item | None) -> int:
    return int(coupon_user["used"]) if coupon_user else 0


def coupon_code(code: str) -> str:
    """A code as stored: coupons are found case-insensitively."""
    return code.strip().upper()


def why_unusable(
    found: Item | None, used_by_caller: int | None = None, now: float | None = None
) -> str | None:
    """None if the coupon can be used now, otherwise why not (for a message).

    `used_by_caller` is how often the caller has used it (None when nobody is signed in):
    at its `per_user_limit`, the coupon is used up for them, as checkout's condition says.
    """
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
    if used_by_caller is not None and used_by_caller >= per_user_limit(found):
        return "You have used this coupon as often as it allows."
    return None


def per_user_limit(found: Item) -> int:
    return int(found.get("per_user_limit", 1))


def discount_cents(found: Item, subtotal_cents: int) -> int:
    """PERCENT of the subtotal (rounded down) or a FIXED amount, never more than the subtotal."""
    value = int(found.get("discount_value", 0))
    if found.get("discount_type") == PERCENT:
        return subtotal_cents * value // 100
    return min(value, subtotal_cents)
