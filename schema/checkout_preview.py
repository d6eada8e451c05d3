"""`CheckoutPreview`: what checkout would charge for the cart now, and why it would refuse."""

from __future__ import annotations

import strawberry

from resolvers.checkout_preview import Preview
from schema.money import Money
from schema.user_errors import UserError


@strawberry.type(
    description="What checkout would charge for the cart now, by checkout's rules; nothing"
    " is written. 100 points are worth 1.00."
)
class CheckoutPreview:
    subtotal: Money
    discount: Money = strawberry.field(description="The coupon's discount.")
    points_redeemed: int = strawberry.field(
        description="The points checkout would spend: those asked, at most the balance and"
        " the total before shipping."
    )
    points_discount: Money = strawberry.field(description="What those points take off.")
    shipping: Money
    total: Money
    points_earned: int = strawberry.field(description="The points the order would earn.")
    problems: list[UserError] = strawberry.field(
        description="Each reason checkout would refuse now (OUT_OF_STOCK per line,"
        " COUPON_INVALID, INVALID_INPUT for points or the address, CART_EMPTY); empty when"
        " it would place the order."
    )

    @classmethod
    def from_preview(cls, found: Preview) -> CheckoutPreview:
        priced, currency = found.priced, found.currency

        def money(cents: int) -> Money:
            return Money.from_cents(cents, currency)

        return cls(
            subtotal=money(priced.subtotal_cents),
            discount=money(priced.discount_cents),
            points_redeemed=priced.points_redeemed,
            points_discount=money(priced.points_discount_cents),
            shipping=money(priced.shipping_cents),
            total=money(priced.total_cents),
            points_earned=priced.points_earned,
            problems=[UserError.from_problem(p) for p in found.problems],
        )
