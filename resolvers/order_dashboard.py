"""The operations view of orders: administrators follow every order in a status."""

from __future__ import annotations

from gateway.errors import BadUserInput
from loaders import order_dashboard
from loaders.codec import Item
from loaders.request import RequestLoaders


async def orders_in_status(
    loaders: RequestLoaders,
    status: str,
    since: str | None,
    until: str | None,
    fetch: int,
    after: list[str] | None,
) -> list[Item]:
    """Up to `fetch` orders in `status` placed from `since` to `until` (inclusive), oldest
    first, after the position `dashboard_position` gave."""
    if since is not None and until is not None and until < since:
        raise BadUserInput("`to` is before `from`: give a range that ends on or after its start.")
    position = (after[0], after[1], after[2]) if after else None
    return await order_dashboard.orders_in_status(
        loaders.dynamo, status, since, until, fetch, position
    )


def dashboard_position(order: Item) -> list[str]:
    return list(order_dashboard.dashboard_position(order))
