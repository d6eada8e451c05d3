"""Orders: a user's history, one order, cancelling.

Cancelling is one TransactWriteItems: the order and its items CANCELLED, each listing's
stock given back exactly (`stock = :seen`, with an `order_cancelled` StockTransaction
recording the true before and after), the coupon use released, the reward points the
order earned taken back and those it redeemed given back (two ADJUST rewards, one balance
update). Every write is conditioned on the value read; when something
changed meanwhile, everything is read again and the transaction rebuilt (at most
`OPTIMISTIC_RETRY.attempts` times).
"""

from __future__ import annotations

import asyncio
from datetime import date

from gateway.auth import Viewer, can_see_account
from gateway.errors import BadUserInput, Problem, Rejected, ServiceUnavailable, UserErrorCode
from loaders import orders, seller_stats
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY, Dynamo
from loaders.errors import TransactionCancelled
from loaders.ids import timestamp
from loaders.keys import CouponKey, CouponUserKey, ListingKey, UserKey
from loaders.order_changes import OrderChange, order_status_changes
from loaders.order_history import OrderFilter
from loaders.order_reads import OrderHistoryPage
from loaders.request import RequestLoaders
from loaders.search import terms
from loaders.seller_stats import NOT_PENDING
from loaders.stock import ORDER_CANCELLED, stock_transaction
from resolvers.prefetch import Prefetch, prefetch
from resolvers.pricing import CENTS_PER_POINT
from resolvers.rewards import order_rewards

CANCELLABLE = ("PENDING", "CONFIRMED")
MAX_SEARCH_WORDS = 8
CANCELLED = "CANCELLED"
SHIPPED = "SHIPPED"
DELIVERED = "DELIVERED"

NOT_FOUND = Problem(UserErrorCode.NOT_FOUND, "You have no order with this id.", ("id",))
NOT_CANCELLABLE = Problem(
    UserErrorCode.INVALID_STATE,
    "Only an order nothing of which has shipped can be cancelled.",
    ("id",),
)


async def history(
    loaders: RequestLoaders, user_id: str, wanted: OrderFilter, fetch: int, after: str | None
) -> list[Item]:
    """Up to `fetch` orders, newest first, after the position `order_position` gave."""
    return await loaders.orders.history.load(OrderHistoryPage(user_id, wanted, fetch, after))


async def count(
    loaders: RequestLoaders, user_id: str, wanted: OrderFilter, fetch: int, after: str | None
) -> int:
    """How many orders the filter holds, with the page `history` reads for these arguments
    (a first page that holds them all is the count)."""
    return await loaders.orders.count(OrderHistoryPage(user_id, wanted, fetch, after))


def order_filter(
    status: str | None, first_day: date | None, last_day: date | None, search: str | None
) -> OrderFilter:
    """What `orders(status, from, to, search)` asks for; BAD_USER_INPUT for a range that
    ends before it starts, or a search of no word (or of more than `MAX_SEARCH_WORDS`)."""
    if first_day is not None and last_day is not None and last_day < first_day:
        raise BadUserInput("`to` is before `from`: give a range that ends on or after its start.")
    words: tuple[str, ...] = ()
    if search is not None and search.strip():
        words = tuple(terms(search))
        if not words:
            raise BadUserInput("Search for a word of two letters or more (not 'the', 'and', …).")
        if len(words) > MAX_SEARCH_WORDS:
            raise BadUserInput(f"Search for at most {MAX_SEARCH_WORDS} words.")
    return OrderFilter(
        status,
        first_day.isoformat() if first_day else None,
        last_day.isoformat() if last_day else None,
        words,
    )


def prefetch_history(
    loaders: RequestLoaders,
    user_id: str,
    wanted: OrderFilter,
    fetch: int,
    after: str | None,
    *,
    counted: bool,
) -> list[Prefetch]:
    """Start reading the page (and the count) `history` will ask for, in this round.

    The caller may not have been authorized yet: what is read stays in the request's
    loaders until a field that checks the caller asks for it.
    """
    started = [prefetch(history(loaders, user_id, wanted, fetch, after))]
    if counted:
        started.append(prefetch(count(loaders, user_id, wanted, fetch, after)))
    return started


def prefetch_order(loaders: RequestLoaders, order_id: str, *, with_items: bool) -> list[Prefetch]:
    """Start reading an order (and its items) before its caller is authorized: nothing
    read leaves the request's loaders until `visible_order` let it."""
    started = [prefetch(loaders.orders.by_id.load(order_id))]
    if with_items:
        started.append(prefetch(loaders.orders.items.load(order_id)))
    return started


def order_position(item: Item) -> str:
    """What a cursor keeps of an order to resume after it: its sort key."""
    return str(item["sk"])


async def visible_order(loaders: RequestLoaders, viewer: Viewer, order_id: str) -> Item | None:
    """The order, if the viewer owns it or is an administrator; else as if absent."""
    found = await loaders.orders.by_id.load(order_id)
    return found if found and can_see_account(viewer, found["user_id"]) else None


async def cancel(loaders: RequestLoaders, viewer: Viewer, order_id: str) -> Item:
    """The cancelled order."""
    dynamo = loaders.dynamo
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        order, items = await orders.current_order(dynamo, order_id)
        if order is None or not can_see_account(viewer, order["user_id"]):
            raise Rejected(NOT_FOUND)
        if order["status"] not in CANCELLABLE or any(
            i["status"] in (SHIPPED, DELIVERED) for i in items
        ):
            raise Rejected(NOT_CANCELLABLE)
        change, at = await _cancellation(dynamo, viewer, order, items)
        try:
            await change.commit(dynamo)
        except TransactionCancelled:
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            continue
        done = [i | {"status": CANCELLED, "updated_at": at} for i in items]
        loaders.orders.items.clear(order_id).prime(order_id, done)
        return order | order_status_changes(order, CANCELLED, at)
    raise ServiceUnavailable("This order kept changing while it was being cancelled; try again.")


async def _nothing() -> None:
    return None


async def _cancellation(
    dynamo: Dynamo, viewer: Viewer, order: Item, items: list[Item]
) -> tuple[OrderChange, str]:
    """The transaction that cancels `order`, from what is stored now, and its time."""
    user_id, order_id = order["user_id"], order["order_id"]
    code = order.get("coupon_code")
    live = [i for i in items if i["status"] != CANCELLED]
    reads = await asyncio.gather(
        *(dynamo.get_consistent(ListingKey(i["product_id"], i["seller_id"])) for i in live),
        dynamo.get_consistent(UserKey(user_id)),
        dynamo.get_consistent(CouponKey(code)) if code else _nothing(),
        dynamo.get_consistent(CouponUserKey(code, user_id)) if code else _nothing(),
    )
    listings, (profile, coupon, coupon_user) = reads[: len(live)], reads[len(live) :]
    at = timestamp()
    change = OrderChange()
    change.status(order, CANCELLED, at)
    for order_item, listing in zip(live, listings, strict=True):
        change.item(order_item, {"status": CANCELLED, "updated_at": at, **NOT_PENDING})
        if listing is not None:
            quantity = int(order_item["quantity"])
            change.restock(
                listing,
                quantity,
                _stock_transaction(listing, order_id, viewer, quantity, at),
                seller_stats.sales(order_item, -1),
            )
    if code and coupon is not None:
        used = int(coupon_user["used"]) if coupon_user else None
        change.release_coupon(code, user_id, order_id, int(coupon.get("used_count", 0)), used)
    if profile is not None and profile.get("reward_points") is not None:
        change.rewards(_points_back(order, at), int(profile["reward_points"]))
    return change, at


def _points_back(order: Item, at: str) -> list[Item]:
    """ADJUST rewards: the points the order earned taken back, those it redeemed given back."""
    order_id = order["order_id"]
    earned = int(order.get("total_cents", 0)) // CENTS_PER_POINT
    redeemed = int(order.get("points_redeemed", 0)) - int(order.get("points_given_back", 0))
    return order_rewards(
        order["user_id"],
        order_id,
        at,
        [
            ("ADJUST", -earned, f"Taken back: order {order_id} was cancelled"),
            ("ADJUST", redeemed, f"Redeemed points given back: order {order_id} was cancelled"),
        ],
    )


def _stock_transaction(
    listing: Item, order_id: str, viewer: Viewer, quantity: int, at: str
) -> Item:
    stock = int(listing["stock"])
    return stock_transaction(
        listing, ORDER_CANCELLED, stock, stock + quantity, viewer.user_id, at, order_id=order_id
    )
