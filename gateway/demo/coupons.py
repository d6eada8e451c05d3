"""Coupons, and the CouponUser/CouponUsage items of the orders that used one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from gateway.demo.context import Context, epoch_seconds, stamp
from loaders.keys import INFO, coupon_partition, coupon_usage_sort_key, coupon_user_sort_key
from loaders.model import COUPONS

PERCENT, FIXED = "PERCENT", "FIXED"
COUPONS_START = datetime(2024, 1, 1, tzinfo=UTC)
COUPONS_EXPIRE = datetime(2030, 12, 31, 23, 59, 59, tzinfo=UTC)


@dataclass(frozen=True)
class CouponRule:
    code: str
    description: str
    discount_type: str
    discount_value: int
    min_order_cents: int
    max_uses: int
    per_user_limit: int
    is_active: bool = True

    def discount_cents(self, subtotal_cents: int) -> int:
        if self.discount_type == PERCENT:
            return subtotal_cents * self.discount_value // 100
        return min(self.discount_value, subtotal_cents)


COUPON_RULES = (
    CouponRule("WELCOME10", "Welcome: 10% off one order", PERCENT, 10, 0, 10_000, 1),
    CouponRule("SAVE5", "$5 off orders of $25 or more", FIXED, 500, 2_500, 10_000, 3),
    CouponRule("BIG20", "20% off orders of $200 or more", PERCENT, 20, 20_000, 500, 2),
    CouponRule("FREESHIP", "$6 off any order", FIXED, 600, 0, 1_000, 5),
    CouponRule("SPRING15", "15% off, spring sale (over)", PERCENT, 15, 0, 1_000, 1, False),
)
ACTIVE_COUPONS = tuple(rule for rule in COUPON_RULES if rule.is_active)


@dataclass(frozen=True)
class CouponUse:
    code: str
    user_id: str
    order_id: str
    discount_cents: int
    used_at: datetime


class CouponBook:
    """Which coupons were used, so that orders respect `max_uses` and `per_user_limit`."""

    def __init__(self) -> None:
        self.uses: list[CouponUse] = []
        self._per_user: Counter[tuple[str, str]] = Counter()
        self._per_code: Counter[str] = Counter()

    def pick(self, ctx: Context, user_id: str, subtotal_cents: int) -> CouponRule | None:
        rule = ctx.pick(ACTIVE_COUPONS)
        if (
            subtotal_cents < rule.min_order_cents
            or self._per_user[(rule.code, user_id)] >= rule.per_user_limit
            or self._per_code[rule.code] >= rule.max_uses
        ):
            return None
        return rule

    def record(self, use: CouponUse) -> None:
        self.uses.append(use)
        self._per_user[(use.code, use.user_id)] += 1
        self._per_code[use.code] += 1

    def write(self, ctx: Context) -> None:
        for rule in COUPON_RULES:
            partition = coupon_partition(rule.code)
            ctx.add(
                COUPONS,
                {
                    "pk": partition,
                    "sk": INFO,
                    "entity": "Coupon",
                    "code": rule.code,
                    "description": rule.description,
                    "discount_type": rule.discount_type,
                    "discount_value": rule.discount_value,
                    "min_order_cents": rule.min_order_cents,
                    "max_uses": rule.max_uses,
                    "used_count": self._per_code[rule.code],
                    "per_user_limit": rule.per_user_limit,
                    "starts_at": stamp(COUPONS_START),
                    "expires_at": epoch_seconds(COUPONS_EXPIRE),
                    "is_active": rule.is_active,
                },
            )
            users = [user for code, user in self._per_user if code == rule.code]
            for user_id in users:
                ctx.add(
                    COUPONS,
                    {
                        "pk": partition,
                        "sk": coupon_user_sort_key(user_id),
                        "entity": "CouponUser",
                        "used": self._per_user[(rule.code, user_id)],
                    },
                )
            for use in (use for use in self.uses if use.code == rule.code):
                ctx.add(
                    COUPONS,
                    {
                        "pk": partition,
                        "sk": coupon_usage_sort_key(use.user_id, use.order_id),
                        "entity": "CouponUsage",
                        "user_id": use.user_id,
                        "order_id": use.order_id,
                        "discount_cents": use.discount_cents,
                        "used_at": stamp(use.used_at),
                    },
                )
