"""A user's own account, as they (or an administrator) see it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated

import strawberry

from gateway.auth import require_account_access
from gateway.context import Context
from gateway.errors import BadUserInput
from loaders.codec import Item
from loaders.order_history import OrderFilter
from resolvers import (
    addresses,
    cart,
    checkout_preview,
    fulfilment,
    order_stats,
    orders,
    rewards,
    wishlists,
)
from resolvers.prefetch import Prefetch, prefetch
from schema.campaign import Campaign, prefetch_campaigns, seller_campaigns
from schema.cart import Cart, preview_request
from schema.fulfilment import SoldItem
from schema.order import Order
from schema.order_stats import OrderStats
from schema.orders import OrderStatus
from schema.pagination import Connection, Window, connection, optional_int, window
from schema.product import Product
from schema.reward import Reward
from schema.scalars import DateTime
from schema.selection import child_arguments, children, names_under, selected
from schema.seller_dashboard import SellerDashboard, dashboard, prefetch_dashboard
from schema.seller_views import prefetch_seller_views, seller_products, stock_log
from schema.stock import StockTransaction
from schema.wishlist import Wishlist

Info = strawberry.Info[Context, None]


@strawberry.type
class Address:
    id: strawberry.ID
    label: str | None
    recipient: str
    line1: str
    line2: str | None
    city: str
    region: str | None
    postal_code: str
    country: str = strawberry.field(description="ISO 3166 alpha-2.")
    phone: str | None
    is_default: bool
    created_at: DateTime | None
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> Address:
        return cls(
            id=strawberry.ID(item["address_id"]),
            label=item.get("label"),
            recipient=item["recipient"],
            line1=item["line1"],
            line2=item.get("line2"),
            city=item["city"],
            region=item.get("region"),
            postal_code=item["postal_code"],
            country=item["country"],
            phone=item.get("phone"),
            is_default=bool(item.get("is_default", False)),
            created_at=item.get("created_at"),
            item=item,
        )


@strawberry.type(description="A user's account. Only that user and administrators see one.")
class User:
    id: strawberry.ID
    username: str
    email: str
    first_name: str
    last_name: str
    phone: str | None
    roles: list[str] = strawberry.field(description="Among customer, seller and admin.")
    is_seller: bool
    store_name: str | None
    store_description: str | None
    reward_points: int = strawberry.field(description="The balance of the reward history.")
    created_at: DateTime
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> User:
        return cls(
            id=strawberry.ID(item["user_id"]),
            username=item["username"],
            email=item["email"],
            first_name=item.get("first_name", ""),
            last_name=item.get("last_name", ""),
            phone=item.get("phone"),
            roles=list(item.get("roles") or []),
            is_seller=bool(item.get("is_seller", False)),
            store_name=item.get("store_name"),
            store_description=item.get("store_description"),
            reward_points=int(item.get("reward_points", 0)),
            created_at=item["created_at"],
            item=item,
        )

    @strawberry.field(description="The default address first, then in the order they were added.")
    async def addresses(self, info: Info) -> list[Address]:
        await require_account_access(info, str(self.id))
        found = await addresses.addresses(info.context.loaders, str(self.id))
        return [Address.from_item(item) for item in found]

    @strawberry.field(description="The user's cart: lines, units and subtotal.")
    async def cart(self, info: Info) -> Cart:
        await require_account_access(info, str(self.id))
        loaders, user_id = info.context.loaders, str(self.id)
        # What `preview` reads goes out with the cart's listings, in one BatchGetItem.
        for asked in child_arguments(info, "preview"):
            request = preview_request(
                asked.get("couponCode"), asked.get("shippingAddressId"), asked.get("redeemPoints")
            )
            checkout_preview.prefetch_preview(loaders, user_id, request)
        return Cart.from_cart(await cart.user_cart(loaders, user_id), user_id)

    @strawberry.field(description="In the order they were made.")
    async def wishlists(self, info: Info) -> list[Wishlist]:
        await require_account_access(info, str(self.id))
        found = await wishlists.user_wishlists(info.context.loaders, str(self.id))
        return [Wishlist.from_found(wishlist) for wishlist in found]

    @strawberry.field(description="Points earned, redeemed and adjusted, newest first.")
    async def rewards(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Reward]:
        await require_account_access(info, str(self.id))
        page = _rewards_window(info, str(self.id), first, after)
        rows = await rewards.history(info.context.loaders, str(self.id), page.fetch, page.after)
        return connection(page, rows, Reward.from_item, rewards.reward_position)

    @strawberry.field(
        description="Newest first; with a status, only the orders in it; `from` and `to` are "
        "inclusive dates; `search` keeps the orders whose products' names hold every word."
    )
    async def orders(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        status: OrderStatus | None = None,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
        search: str | None = None,
    ) -> Connection[Order]:
        await require_account_access(info, str(self.id))
        wanted = orders.order_filter(
            status.value if status is not None else None, from_, to, search
        )
        page = _orders_window(info, str(self.id), first, after, wanted)
        loaders, user_id = info.context.loaders, str(self.id)
        # The count (only if selected) is started now, in the same round as the page.
        counting = (
            asyncio.ensure_future(orders.count(loaders, user_id, wanted, page.fetch, page.after))
            if "totalCount" in selected(info)
            else None
        )
        rows = await orders.history(loaders, user_id, wanted, page.fetch, page.after)
        return connection(page, rows, Order.from_item, orders.order_position, _awaiting(counting))

    @strawberry.field(description="Your orders in figures, exact after cancellations and returns.")
    async def order_stats(self, info: Info) -> OrderStats:
        await require_account_access(info, str(self.id))
        return OrderStats.from_stats(
            await order_stats.order_stats(info.context.loaders, str(self.id))
        )

    @strawberry.field(description="The items you sold, newest first: sellers only.")
    async def seller_order_items(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[SoldItem]:
        viewer = await require_account_access(info, str(self.id))
        fulfilment.require_seller(viewer)
        page = _sold_window(info, str(self.id), first, after)
        rows = await fulfilment.sold_items(
            info.context.loaders, str(self.id), page.fetch, page.after
        )
        return connection(page, rows, SoldItem.from_item, fulfilment.item_position)

    @strawberry.field(
        description="Every stock change of every listing of this seller's, newest first: "
        "sellers (their own) and administrators."
    )
    async def stock_transactions(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[StockTransaction]:
        return await stock_log(info, str(self.id), first, after)

    @strawberry.field(
        description="The products this seller created or lists, newest first; inactive ones "
        "(deactivated, or an offer withdrawn) only with includeInactive."
    )
    async def seller_products(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        include_inactive: bool = False,
    ) -> Connection[Product]:
        return await seller_products(info, str(self.id), first, after, include_inactive)

    @strawberry.field(description="A seller's business at a glance: sellers and administrators.")
    async def seller_dashboard(self, info: Info) -> SellerDashboard:
        return await dashboard(info, str(self.id), self.item)

    @strawberry.field(description="A seller's marketing campaigns, newest first.")
    async def campaigns(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Campaign]:
        return await seller_campaigns(info, str(self.id), first, after)


def _orders_window(
    info: Info, user_id: str, first: int | None, after: str | None, wanted: OrderFilter
) -> Window:
    binding = f"user.orders:{user_id}:{wanted.status or ''}"
    if wanted != OrderFilter(wanted.status):  # the cursors of the plain filters stay as they were
        binding += f":{wanted.first_day or ''}:{wanted.last_day or ''}:{' '.join(wanted.words)}"
    return window(info.context.settings.cursor_secret, binding, first, after)


def _rewards_window(info: Info, user_id: str, first: int | None, after: str | None) -> Window:
    return window(info.context.settings.cursor_secret, f"user.rewards:{user_id}", first, after)


def prefetch_account(info: Info, user_id: str) -> list[Prefetch]:
    """Start what the fields below will read of the user's own data, in this round.

    The caller is not authorized yet: what is read stays in the request's loaders until
    a field that checks the caller asks for it.
    """
    loaders, wanted = info.context.loaders.accounts, selected(info)
    started = [
        prefetch(loader.load(user_id))
        for name, loader in (
            ("addresses", loaders.addresses),
            ("cart", loaders.cart_lines),
            ("wishlists", loaders.wishlists),
        )
        if name in wanted
    ]
    for arguments in child_arguments(info, "rewards"):
        try:
            page = _rewards_window(
                info, user_id, optional_int(arguments.get("first")), arguments.get("after")
            )
        except (BadUserInput, ValueError):
            continue  # the field itself reports it
        started.append(
            prefetch(rewards.history(info.context.loaders, user_id, page.fetch, page.after))
        )
    for arguments in child_arguments(info, "sellerOrderItems"):
        try:
            page = _sold_window(
                info, user_id, optional_int(arguments.get("first")), arguments.get("after")
            )
        except (BadUserInput, ValueError):
            continue  # the field itself reports it
        started.append(
            fulfilment.prefetch_sold_items(info.context.loaders, user_id, page.fetch, page.after)
        )
    if "orderStats" in wanted:
        started += order_stats.prefetch_stats(info.context.loaders, user_id)
    started += prefetch_seller_views(info, user_id) + prefetch_dashboard(info, user_id)
    return started + _prefetch_orders(info, user_id) + prefetch_campaigns(info, user_id)


def _sold_window(info: Info, user_id: str, first: int | None, after: str | None) -> Window:
    return window(
        info.context.settings.cursor_secret, f"user.sellerOrderItems:{user_id}", first, after
    )


def _prefetch_orders(info: Info, user_id: str) -> list[Prefetch]:
    """Start the pages (and counts) that `orders` below will read."""
    started: list[Prefetch] = []
    for field in children(info, "orders"):
        arguments = field.arguments
        status = arguments.get("status")
        try:
            wanted = orders.order_filter(
                None if status is None else str(getattr(status, "value", status)),
                _as_date(arguments.get("from")),
                _as_date(arguments.get("to")),
                arguments.get("search"),
            )
            page = _orders_window(
                info, user_id, optional_int(arguments.get("first")), arguments.get("after"), wanted
            )
        except (BadUserInput, ValueError):
            continue  # the field itself reports it
        started += orders.prefetch_history(
            info.context.loaders,
            user_id,
            wanted,
            page.fetch,
            page.after,
            counted="totalCount" in names_under(field),
        )
    return started


def _as_date(value: object) -> date | None:
    """A `Date` argument as lookahead sees it: parsed, or the variable's text."""
    if isinstance(value, str):
        return date.fromisoformat(value)
    return value if isinstance(value, date) else None


def _awaiting(task: asyncio.Future[int] | None) -> Callable[[], Awaitable[int]] | None:
    """A counter that waits for a count already under way."""
    if task is None:
        return None
    started = task

    async def count() -> int:
        return await started

    return count
