"""Coupons: whether one can be used now, what it takes off an order; creating them and
listing their uses (administrators)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from gateway.errors import Problem, Rejected, UserErrorCode
from loaders import coupons
from loaders.codec import Item
from loaders.ids import timestamp
from loaders.keys import CouponKey, CouponUserKey
from loaders.request import RequestLoaders
from resolvers import validation

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


# Administration -----------------------------------------------------------------------
CODE = re.compile(r"[A-Z0-9_-]{3,40}")
DESCRIPTION_LENGTH = 500
MOST_USES = 10_000_000
CODE_TAKEN = Problem(
    UserErrorCode.INVALID_INPUT, "A coupon with this code exists; choose another.", ("code",)
)


@dataclass(frozen=True)
class NewCoupon:
    """`discount_value` in percent (PERCENT) or minor units (FIXED); `valid_until` is
    also the item's TTL: DynamoDB deletes the coupon after it (its uses stay)."""

    code: str
    discount_type: str
    discount_value: int
    min_order_cents: int
    valid_until: datetime
    usage_limit: int
    per_user_limit: int = 1
    valid_from: datetime | None = None
    description: str | None = None


async def create_coupon(loaders: RequestLoaders, new: NewCoupon) -> Item:
    now = datetime.now(UTC)
    starts = new.valid_from or now
    code = new.code.strip().upper()
    validation.reject_invalid(
        None
        if CODE.fullmatch(code)
        else validation.invalid("code", "A code is 3 to 40 letters, digits, '_' or '-'."),
        validation.text(
            new.description,
            "description",
            "The description",
            required=False,
            longest=DESCRIPTION_LENGTH,
        ),
        _discount_problem(new.discount_type, new.discount_value),
        None
        if new.valid_until > max(starts, now)
        else validation.invalid("valid_until", "The end of validity is after its start and now."),
        validation.number_between(new.usage_limit, "usage_limit", "The usage limit", 1, MOST_USES),
        validation.number_between(
            new.per_user_limit, "per_user_limit", "The limit per user", 1, max(new.usage_limit, 1)
        ),
    )
    coupon: Item = {
        "code": code,
        "description": validation.clean(new.description) or code,
        "discount_type": new.discount_type,
        "discount_value": new.discount_value,
        "min_order_cents": new.min_order_cents,
        "max_uses": new.usage_limit,
        "used_count": 0,
        "per_user_limit": new.per_user_limit,
        "starts_at": timestamp(starts),
        "expires_at": int(new.valid_until.timestamp()),
        "is_active": True,
    }
    if not await coupons.create_coupon(loaders.dynamo, coupon):
        raise Rejected(CODE_TAKEN)
    loaders.items.prime(CouponKey(code), coupon)
    return coupon


def _discount_problem(discount_type: str, value: int) -> Problem | None:
    if discount_type == PERCENT:
        return validation.number_between(value, "discount_value", "A percentage", 1, 100)
    if value > 0:
        return None
    return validation.invalid("discount_value", "A fixed discount is more than 0.")


async def uses_left_for(loaders: RequestLoaders, found: Item, user_id: str | None) -> bool:
    """Whether the coupon can be used now by this user (by anyone, if None): the rule
    checkout applies (`why_unusable`)."""
    used = await uses_by(loaders, found["code"], user_id) if user_id else None
    return why_unusable(found, used) is None


async def usages(loaders: RequestLoaders, code: str, fetch: int, after: str | None) -> list[Item]:
    """Up to `fetch` uses of a coupon, by user then order, after the position
    `usage_position` gave."""
    return await coupons.coupon_usages(loaders.dynamo, code, fetch, after)


def usage_position(usage: Item) -> str:
    return str(usage["sk"])
