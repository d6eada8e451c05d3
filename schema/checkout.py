"""Checkout and coupons: turning the cart into an order."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from enum import Enum

import strawberry

from gateway.auth import claimed_viewer, current_viewer, require_user
from gateway.context import Context
from loaders.codec import Item
from resolvers import checkout, coupons
from schema.money import Money
from schema.order import Order
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.enum
class DiscountType(Enum):
    PERCENT = "PERCENT"
    FIXED = "FIXED"


@strawberry.type
class Coupon:
    code: str
    description: str | None
    discount_type: DiscountType
    discount_value: Decimal = strawberry.field(
        description="A percentage for PERCENT, an amount of money for FIXED."
    )
    min_order: Money
    valid: bool = strawberry.field(
        description="Active, started, not expired, uses left; for a signed-in caller, also"
        " uses left of their own (its per-user limit), as checkout counts them."
    )
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item, used_by_caller: int | None = None) -> Coupon:
        kind = DiscountType(item.get("discount_type", coupons.PERCENT))
        value = int(item.get("discount_value", 0))
        return cls(
            code=item["code"],
            description=item.get("description"),
            discount_type=kind,
            discount_value=Decimal(value)
            if kind is DiscountType.PERCENT
            else Money.from_cents(value).amount,
            min_order=Money.from_cents(int(item.get("min_order_cents", 0))),
            valid=coupons.why_unusable(item, used_by_caller) is None,
            item=item,
        )


@strawberry.input
class CheckoutInput:
    shipping_address_id: strawberry.ID
    payment_method: str = strawberry.field(
        description=f"One of {', '.join(checkout.PAYMENT_METHODS)}."
    )
    idempotency_key: str = strawberry.field(
        description="Sent again (a retry), it returns the order the first request placed."
    )
    coupon_code: str | None = None


@strawberry.type
class CheckoutPayload:
    order: Order | None
    errors: list[UserError]


@strawberry.type
class CheckoutQuery:
    @strawberry.field(
        description="A coupon by code, and whether it can be used now (by the caller, if signed in)."
    )
    async def coupon(self, info: Info, code: str) -> Coupon | None:
        loaders = info.context.loaders
        claimed = claimed_viewer(info)
        # The caller's session and uses are read in the coupon's round (one BatchGetItem).
        found, used, viewer = await asyncio.gather(
            coupons.coupon(loaders, code),
            coupons.uses_by(loaders, code, claimed.user_id) if claimed else _nobody(),
            current_viewer(info),
        )
        if found is None:
            return None
        return Coupon.from_item(found, used if viewer else None)


async def _nobody() -> None:
    return None


@strawberry.type
class CheckoutMutation:
    @strawberry.mutation(
        description="Place an order for the whole cart, in one transaction; then empty the cart."
    )
    async def checkout(self, info: Info, input: CheckoutInput) -> CheckoutPayload:
        viewer = await require_user(info)
        request = checkout.CheckoutRequest(
            shipping_address_id=str(input.shipping_address_id),
            payment_method=input.payment_method,
            idempotency_key=input.idempotency_key,
            coupon_code=input.coupon_code,
        )
        found, errors = await attempt(
            checkout.checkout(info.context.loaders, viewer.user_id, request)
        )
        return CheckoutPayload(order=Order.from_item(found) if found else None, errors=errors)
