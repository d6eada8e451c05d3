"""Subscriptions: an order, the caller's orders, their cart, a product's offers and a
seller's sales, each sent again whenever DynamoDB commits a change to it.

Each subscription listens before it checks who may see what, so no change is missed in
between; each event is read afresh (new loaders, no catalog cache) and authorized as the
query would be.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager

import strawberry

from gateway.auth import Viewer, current_viewer, require_user
from gateway.context import Context
from gateway.errors import NotFound, ServiceUnavailable
from gateway.live import topics
from gateway.live.connection import SLOW_CLIENT, TRY_AGAIN_LATER, close_soon
from gateway.live.hub import LiveUpdatesUnavailable, SlowSubscriber
from loaders.request import RequestLoaders
from loaders.streams import Change
from resolvers import cart, catalog, fulfilment
from schema.cart import Cart
from schema.fulfilment import SoldItem
from schema.order import Order
from schema.product import Product

Info = strawberry.Info[Context, None]

NO_ORDER = "There is no order with this id that you may follow."


@asynccontextmanager
async def _listening(info: Info, *names: str) -> AsyncIterator[AsyncIterator[Change]]:
    live = info.context.live
    if live is None:
        raise ServiceUnavailable("Live updates are not running in this process: try again later.")
    subscriber = await live.subscribe(list(names))
    try:
        yield subscriber.changes()
    except (SlowSubscriber, LiveUpdatesUnavailable) as ended:
        # The error goes to the subscription first; then the connection closes, so the
        # client connects again (graphql-ws retries these codes) and starts afresh.
        code = SLOW_CLIENT if isinstance(ended, SlowSubscriber) else TRY_AGAIN_LATER
        close_soon(info.context, code, str(ended))
        raise
    finally:
        live.hub.unsubscribe(subscriber)


def _fresh(info: Info) -> RequestLoaders:
    """New loaders for one event, which the fields below it read through too."""
    context = info.context
    assert context.new_loaders is not None, "a WebSocket connection's context"
    context.loaders = context.new_loaders()
    return context.loaders


async def _order_view(loaders: RequestLoaders, viewer: Viewer | None, order_id: str) -> Order:
    """The order as `viewer` may follow it: theirs or any (an admin) whole; a seller's with
    their items only; NOT_FOUND otherwise."""
    found = await loaders.orders.by_id.load(order_id) if viewer else None
    if found is None or viewer is None:
        raise NotFound(NO_ORDER)
    if viewer.user_id == found["user_id"] or viewer.is_admin:
        return Order.from_item(found)
    items = await loaders.orders.items.load(order_id)
    if any(item["seller_id"] == viewer.user_id for item in items):
        return Order.from_item(found, seller_id=viewer.user_id)
    raise NotFound(NO_ORDER)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="The order each time it or one of its items changes: its customer, its"
        " sellers (their items only) and administrators; NOT_FOUND for anyone else."
    )
    async def order_updated(self, info: Info, id: strawberry.ID) -> AsyncGenerator[Order, None]:
        order_id = str(id)
        async with _listening(info, topics.order_topic(order_id)) as changes:
            viewer = await current_viewer(info)
            await _order_view(_fresh(info), viewer, order_id)
            async for _ in changes:
                yield await _order_view(_fresh(info), viewer, order_id)

    @strawberry.subscription(
        description="Each of the caller's orders as it is placed or changes (its items too)."
    )
    async def my_orders(self, info: Info) -> AsyncGenerator[Order, None]:
        viewer = await require_user(info)
        async with _listening(info, topics.orders_of_topic(viewer.user_id)) as changes:
            async for change in changes:
                found = await _fresh(info).orders.by_id.load(change.current["order_id"])
                if found is not None:
                    yield Order.from_item(found)

    @strawberry.subscription(description="The caller's cart each time a line of it changes.")
    async def cart_changed(self, info: Info) -> AsyncGenerator[Cart, None]:
        viewer = await require_user(info)
        async with _listening(info, topics.cart_topic(viewer.user_id)) as changes:
            async for _ in changes:
                found = await cart.user_cart(_fresh(info), viewer.user_id, consistent=True)
                yield Cart.from_cart(found, viewer.user_id)

    @strawberry.subscription(
        description="A product's price and offers each time one changes: anyone may follow."
    )
    async def product_availability(
        self, info: Info, product_id: strawberry.ID
    ) -> AsyncGenerator[Product, None]:
        async with _listening(info, topics.product_topic(str(product_id))) as changes:
            async for _ in changes:
                (found,) = await catalog.products(
                    _fresh(info), [str(product_id)], whole=False, listings=True
                )
                if found is not None:
                    yield Product.from_item(found)

    @strawberry.subscription(
        description="Each new order item of the calling seller's, and each change to one."
    )
    async def seller_order_items(self, info: Info) -> AsyncGenerator[SoldItem, None]:
        viewer = await require_user(info)
        fulfilment.require_seller(viewer)
        async with _listening(info, topics.sales_of_topic(viewer.user_id)) as changes:
            async for change in changes:
                _fresh(info)
                yield SoldItem.from_item(change.current)
