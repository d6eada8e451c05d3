"""Checkout and coupons: turning the cart into an order."""

from __future__ import annotations

import asyncio

import strawberry

from gateway.auth import claimed_viewer, require_user
from gateway.context import Context
from resolvers import checkout, coupons
from schema.coupon import Coupon
from schema.order import Order
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


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
    redeem_points: int | None = strawberry.field(
        default=None,
        description="Reward points to spend: 100 are worth 1.00; at most the balance and the"
        " total before shipping.",
    )


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
        # The caller's uses are read in the coupon's round (one BatchGetItem), for `valid`.
        found, _ = await asyncio.gather(
            coupons.coupon(loaders, code),
            coupons.uses_by(loaders, code, claimed.user_id) if claimed else _nothing(),
        )
        return Coupon.from_item(found) if found else None


async def _nothing() -> None:
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
            redeem_points=input.redeem_points or 0,
        )
        found, errors = await attempt(
            checkout.checkout(info.context.loaders, viewer.user_id, request)
        )
        return CheckoutPayload(order=Order.from_item(found) if found else None, errors=errors)
