"""After shipping: an item delivered, an item returned and refunded."""

from __future__ import annotations

import strawberry

from gateway.auth import require_user
from gateway.context import Context
from resolvers import delivery, returns
from schema.fulfilment import SoldItem
from schema.order import Order
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.type
class MarkOrderItemDeliveredPayload:
    item: SoldItem | None
    errors: list[UserError]


@strawberry.type
class ReturnOrderItemPayload:
    order: Order | None
    errors: list[UserError]


@strawberry.type
class ReturnsMutation:
    @strawberry.mutation(
        description="The item's seller or an administrator: a shipped item has been delivered."
    )
    async def mark_order_item_delivered(
        self, info: Info, order_id: strawberry.ID, product_id: strawberry.ID
    ) -> MarkOrderItemDeliveredPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            delivery.mark_delivered(info.context.loaders, viewer, str(order_id), str(product_id))
        )
        return MarkOrderItemDeliveredPayload(
            item=SoldItem.from_item(found) if found else None, errors=errors
        )

    @strawberry.mutation(
        description="The customer, within 30 days of delivery: the item goes back, its price "
        "is refunded, its units return to stock and its points are taken back."
    )
    async def return_order_item(
        self, info: Info, order_id: strawberry.ID, product_id: strawberry.ID, reason: str
    ) -> ReturnOrderItemPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            returns.return_item(
                info.context.loaders, viewer, str(order_id), str(product_id), reason
            )
        )
        return ReturnOrderItemPayload(
            order=Order.from_item(found.order) if found else None, errors=errors
        )
