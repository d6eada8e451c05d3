"""Fulfilment: the order items a seller has to ship, and shipping one."""

from __future__ import annotations

import strawberry

from gateway.auth import require_user
from gateway.context import Context
from loaders.codec import Item
from resolvers import fulfilment
from schema.order import Courier
from schema.scalars import DateTime
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.type(description="The order a sold item belongs to, as its seller sees it.")
class SoldOrder:
    id: strawberry.ID
    status: str


@strawberry.type(description="An order item as its seller sees it.")
class SoldItem:
    product_name: str
    quantity: int
    status: str = strawberry.field(
        description="PENDING, SHIPPED, DELIVERED, CANCELLED or RETURNED."
    )
    created_at: DateTime
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> SoldItem:
        return cls(
            product_name=item.get("product_name", ""),
            quantity=int(item["quantity"]),
            status=item.get("status", "PENDING"),
            created_at=item["created_at"],
            item=item,
        )

    @strawberry.field
    def courier(self) -> Courier | None:
        found = self.item.get("courier")
        return Courier.from_map(found) if found else None

    @strawberry.field(description="The orders of a page in one batch.")
    async def order(self, info: Info) -> SoldOrder:
        order_id = self.item["order_id"]
        found = await fulfilment.order_of(info.context.loaders, self.item) or {}
        return SoldOrder(id=strawberry.ID(order_id), status=found.get("status", ""))


@strawberry.type
class ShipOrderItemPayload:
    item: SoldItem | None
    errors: list[UserError]


@strawberry.type
class FulfilmentMutation:
    @strawberry.mutation(description="Ship an item you sold: the order follows its items.")
    async def ship_order_item(
        self,
        info: Info,
        order_id: strawberry.ID,
        product_id: strawberry.ID,
        courier: str,
        tracking_number: str,
    ) -> ShipOrderItemPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            fulfilment.ship(
                info.context.loaders,
                viewer,
                str(order_id),
                str(product_id),
                courier,
                tracking_number,
            )
        )
        return ShipOrderItemPayload(
            item=SoldItem.from_item(found) if found else None, errors=errors
        )
