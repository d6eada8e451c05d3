"""Coupons: what one gives, whether it can be used, and (administrators) making one and
seeing its uses."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum

import strawberry

from gateway.auth import claimed_viewer, current_viewer, require_admin
from gateway.context import Context
from gateway.errors import BadUserInput
from loaders.codec import Item
from loaders.keys import UserKey
from resolvers import coupons
from resolvers.people import display_name
from schema.money import Money, cents_from_amount
from schema.order import Order, order_reference
from schema.pagination import Connection, connection, window
from schema.review import PublicUser
from schema.scalars import DateTime
from schema.selection import selected
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.enum
class DiscountType(Enum):
    PERCENT = "PERCENT"
    FIXED = "FIXED"


@strawberry.type(description="One use of a coupon: who, on which order, when.")
class CouponUsage:
    used_at: DateTime
    discount: Money
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> CouponUsage:
        return cls(
            used_at=item["used_at"],
            discount=Money.from_cents(int(item.get("discount_cents", 0))),
            item=item,
        )

    @strawberry.field
    async def user(self, info: Info) -> PublicUser:
        user_id = self.item["user_id"]
        if selected(info) <= {"id", "__typename"}:
            return PublicUser(id=strawberry.ID(user_id), display_name="")

        found = await info.context.loaders.items.load(UserKey(user_id)) or {}
        name = display_name(found.get("first_name", ""), found.get("last_name", ""))
        return PublicUser(id=strawberry.ID(user_id), display_name=name)

    @strawberry.field
    async def order(self, info: Info) -> Order | None:
        return await order_reference(info, self.item.get("order_id"))


@strawberry.type
class Coupon:
    code: str
    description: str | None
    discount_type: DiscountType
    discount_value: Decimal = strawberry.field(
        description="A percentage for PERCENT, an amount of money for FIXED."
    )
    min_order: Money
    valid_from: DateTime | None
    valid_until: DateTime = strawberry.field(description="After it, the coupon is gone.")
    usage_limit: int = strawberry.field(description="Uses in all.")
    per_user_limit: int
    times_used: int
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> Coupon:
        kind = DiscountType(item.get("discount_type", coupons.PERCENT))
        value = int(item.get("discount_value", 0))
        until = datetime.fromtimestamp(int(item.get("expires_at", 0)), UTC)
        return cls(
            code=item["code"],
            description=item.get("description"),
            discount_type=kind,
            discount_value=Decimal(value)
            if kind is DiscountType.PERCENT
            else Money.from_cents(value).amount,
            min_order=Money.from_cents(int(item.get("min_order_cents", 0))),
            valid_from=item.get("starts_at"),
            valid_until=DateTime(until.strftime("%Y-%m-%dT%H:%M:%S.000Z")),
            usage_limit=int(item.get("max_uses", 0)),
            per_user_limit=int(item.get("per_user_limit", 1)),
            times_used=int(item.get("used_count", 0)),
            item=item,
        )

    @strawberry.field(
        description="Active, started, not expired, uses left; for a signed-in caller, uses "
        "left for them too (perUserLimit)."
    )
    async def valid(self, info: Info) -> bool:
        claimed = claimed_viewer(info)
        return await coupons.uses_left_for(
            info.context.loaders, self.item, claimed.user_id if claimed else None
        )

    @strawberry.field(description="Administrators only (null for others): by user, then order.")
    async def usages(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CouponUsage] | None:
        viewer = await current_viewer(info)
        if viewer is None or not viewer.is_admin:
            return None
        page = window(
            info.context.settings.cursor_secret, f"coupon.usages:{self.code}", first, after
        )
        rows = await coupons.usages(info.context.loaders, self.code, page.fetch, page.after)
        return connection(page, rows, CouponUsage.from_item, coupons.usage_position)


@strawberry.input
class CouponInput:
    code: str = strawberry.field(
        description="3 to 40 letters, digits, '_' or '-'; kept upper-case."
    )
    description: str | None = None
    discount_type: DiscountType
    discount_value: Decimal = strawberry.field(
        description="A whole percentage (1 to 100) for PERCENT, an amount for FIXED."
    )
    min_order: Decimal | None = strawberry.field(
        default=None, description="The subtotal the order must reach (none: 0)."
    )
    valid_from: DateTime | None = strawberry.field(default=None, description="None: now.")
    valid_until: DateTime
    usage_limit: int
    per_user_limit: int | None = 1

    def new_coupon(self) -> coupons.NewCoupon:
        return coupons.NewCoupon(
            code=self.code,
            discount_type=self.discount_type.value,
            discount_value=_discount_value(self.discount_type, self.discount_value),
            min_order_cents=cents_from_amount(self.min_order or Decimal(0), "minOrder"),
            valid_until=_moment(self.valid_until),
            usage_limit=self.usage_limit,
            per_user_limit=1 if self.per_user_limit is None else self.per_user_limit,
            valid_from=_moment(self.valid_from) if self.valid_from else None,
            description=self.description,
        )


def _discount_value(kind: DiscountType, value: Decimal) -> int:
    if kind is DiscountType.FIXED:
        return cents_from_amount(value, "discountValue")
    try:
        if value != value.to_integral_value():
            raise InvalidOperation
    except InvalidOperation:
        raise BadUserInput(
            f"discountValue of a PERCENT coupon is a whole number, got {value}"
        ) from None
    return int(value)


def _moment(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@strawberry.type
class CreateCouponPayload:
    coupon: Coupon | None
    errors: list[UserError]


@strawberry.type
class CouponMutation:
    @strawberry.mutation(description="Administrators only: a new coupon.")
    async def create_coupon(self, info: Info, input: CouponInput) -> CreateCouponPayload:
        await require_admin(info)
        found, errors = await attempt(
            coupons.create_coupon(info.context.loaders, input.new_coupon()), within=("input",)
        )
        return CreateCouponPayload(coupon=Coupon.from_item(found) if found else None, errors=errors)
