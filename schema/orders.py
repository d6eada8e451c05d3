"""Orders as their owner sees them (one order by id, cancelling it), and the
administrators' operations view."""

from __future__ import annotations

from collections.abc import Awaitable
from enum import Enum
from typing import Annotated

import strawberry

from gateway.auth import claimed_viewer, require_admin, require_user
from gateway.context import Context
from loaders.codec import Item
from loaders.keys import UserKey
from resolvers import order_dashboard, orders
from resolvers.prefetch import prefetch, settle
from schema.order import Order
from schema.pagination import Connection, connection, window
from schema.scalars import DateTime
from schema.selection import selects_path
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.enum
class OrderStatus(Enum):
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"
    RETURNED = "RETURNED"


@strawberry.type
class CancelOrderPayload:
    order: Order | None
    errors: list[UserError]


@strawberry.type
class OrderQuery:
    @strawberry.field(
        description="An order by id: null unless it is the caller's (or the caller is an admin)."
    )
    async def order(self, info: Info, id: strawberry.ID) -> Order | None:
        # The order, its items and the category tree of their breadcrumbs are read in the
        # caller's session round; nothing is shown unless the session holds and the order
        # is theirs.
        loaders = info.context.loaders
        reads = orders.prefetch_order(loaders, str(id), with_items=selects_path(info, "items"))
        if selects_path(info, "items", "product", "category"):
            reads.append(prefetch(loaders.category_tree()))
        claimed = claimed_viewer(info)
        if claimed is not None and claimed.session_id and selects_path(info, "customer"):
            # Mostly the caller's own order: their profile goes in the session's batch.
            reads.append(prefetch(loaders.items.load(UserKey(claimed.user_id))))
        viewer = await require_user(info)
        found = await orders.visible_order(loaders, viewer, str(id))
        await settle(reads)
        return Order.from_item(found) if found else None


@strawberry.type
class OrderDashboardQuery:
    @strawberry.field(
        description="Administrators only: the orders in a status, oldest first, placed from "
        "`from` to `to` (inclusive)."
    )
    async def orders_by_status(
        self,
        info: Info,
        status: OrderStatus,
        from_: Annotated[DateTime | None, strawberry.argument(name="from")] = None,
        to: DateTime | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Order]:
        binding = f"ordersByStatus:{status.value}:{from_ or ''}:{to or ''}"
        page = window(info.context.settings.cursor_secret, binding, first, after)

        def read() -> Awaitable[list[Item]]:
            return order_dashboard.orders_in_status(
                info.context.loaders, status.value, from_, to, page.fetch, page.after
            )

        # An administrator's token: the page is read in the round of the session check
        # (shown only if it holds); nobody else's token costs a read.
        claimed = claimed_viewer(info)
        reading = prefetch(read()) if claimed is not None and claimed.is_admin else None
        await require_admin(info)
        rows: list[Item] = await (reading if reading is not None else read())
        return connection(page, rows, Order.from_item, order_dashboard.dashboard_position)


@strawberry.type
class OrderMutation:
    @strawberry.mutation(
        description="Cancel an order nothing of which has shipped: stock, coupon and points go back."
    )
    async def cancel_order(self, info: Info, id: strawberry.ID) -> CancelOrderPayload:
        viewer = await require_user(info)
        found, errors = await attempt(orders.cancel(info.context.loaders, viewer, str(id)))
        return CancelOrderPayload(order=Order.from_item(found) if found else None, errors=errors)
