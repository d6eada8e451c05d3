"""A user's orders as they look back on them: pages filtered by status, dates and the
words of the products bought, their count, and the reads behind the order statistics.

Every read stays in the user's own partition of the Orders table: the table's sort key
(`ORDER#<created_at>#<order_id>`) or `StatusIndex` (`STATUS#<status>#<created_at>`) with
the dates as a key condition, the words as a filter on the order's `product_words`
(written by checkout), and `AmountIndex` for the largest order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import AMOUNT_PREFIX, ORDER_PREFIX, order_status_prefix, order_status_sort_key
from loaders.model import ORDERS
from loaders.search import terms

STATUS_INDEX = ORDERS.index("StatusIndex")
AMOUNT_INDEX = ORDERS.index("AmountIndex")
CANCELLED_PREFIX = order_status_prefix("CANCELLED")
RETURNED_PREFIX = order_status_prefix("RETURNED")
# Sorts after every character of a date or a timestamp: `<day>~` closes a day's range.
AFTER_ALL = "~"
# The largest order reads a few from the top, so that a cancelled one there costs no call.
LARGEST_READ = 5


@dataclass(frozen=True)
class OrderFilter:
    """Orders in `status` (any if None), placed from `first_day` to `last_day` (both
    `YYYY-MM-DD`, inclusive; open if None), whose products' names hold every word of
    `words` (normalized as `loaders/search.py: terms` does)."""

    status: str | None = None
    first_day: str | None = None
    last_day: str | None = None
    words: tuple[str, ...] = ()


def order_words(product_names: Iterable[str]) -> list[str] | None:
    """An order's `product_words`: the search terms of its products' names, sorted (None,
    so not written, when there are none)."""
    found = sorted({term for name in product_names for term in terms(name)})
    return found or None


def _query(user_id: str, wanted: OrderFilter) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """The key condition, its values, and the Query's other options."""
    attribute, prefix = "sk", ORDER_PREFIX
    options: dict[str, Any] = {}
    if wanted.status is not None:
        attribute, prefix = STATUS_INDEX.sort_key, order_status_prefix(wanted.status)
        options["index"] = STATUS_INDEX.name
    values: dict[str, Any] = {":user": user_id}
    if wanted.first_day is None and wanted.last_day is None:
        condition = f"pk = :user AND begins_with({attribute}, :prefix)"
        values[":prefix"] = prefix
    else:
        condition = f"pk = :user AND {attribute} BETWEEN :low AND :high"
        values[":low"] = prefix + (wanted.first_day or "")
        values[":high"] = prefix + (wanted.last_day or "") + AFTER_ALL
    if wanted.words:
        options["filter_expression"] = " AND ".join(
            f"contains(product_words, :w{n})" for n in range(len(wanted.words))
        )
        values.update({f":w{n}": word for n, word in enumerate(wanted.words)})
    return condition, values, options


async def user_orders(
    dynamo: Dynamo, user_id: str, wanted: OrderFilter, limit: int, after: str | None
) -> list[Item]:
    """Up to `limit` of a user's orders that pass `wanted`, newest first, after the one
    whose `sk` is `after`. With words, DynamoDB reads the range and returns the matches:
    pages are followed until `limit` match or the range ends."""
    condition, values, options = _query(user_id, wanted)
    start_key: dict[str, str] | None = None
    if after is not None:
        start_key = {"pk": user_id, "sk": after}
        if wanted.status is not None:  # the index's sort key, rebuilt from the order's
            start_key["lsi1sk"] = order_status_sort_key(wanted.status, after_created_at(after))
    return await dynamo.query_page(
        ORDERS, condition, values, limit, forward=False, start_key=start_key, **options
    )


def after_created_at(order_sk: str) -> str:
    """The `created_at` inside an order's sort key (`ORDER#<created_at>#<order_id>`)."""
    return order_sk.removeprefix(ORDER_PREFIX).rsplit("#", 1)[0]


async def count_user_orders(dynamo: Dynamo, user_id: str, wanted: OrderFilter) -> int:
    condition, values, options = _query(user_id, wanted)
    return await dynamo.count(ORDERS, condition, values, **options)


async def every_order(dynamo: Dynamo, user_id: str) -> list[Item]:
    """All of a user's orders (the statistics sum them): one Query, following 1 MB pages."""
    condition, values, options = _query(user_id, OrderFilter())
    return await dynamo.query_all(ORDERS, condition, values, **options)


async def largest_order(dynamo: Dynamo, user_id: str) -> Item | None:
    """The user's order of the highest net amount that is neither cancelled nor wholly
    returned: `AmountIndex` backwards, the first that passes."""
    found = await dynamo.query_page(
        ORDERS,
        "pk = :user AND begins_with(lsi2sk, :prefix)",
        {":user": user_id, ":prefix": AMOUNT_PREFIX, ":cancelled": CANCELLED_PREFIX}
        | {":returned": RETURNED_PREFIX},
        LARGEST_READ,
        index=AMOUNT_INDEX.name,
        forward=False,
        filter_expression="NOT begins_with(lsi1sk, :cancelled)"
        " AND NOT begins_with(lsi1sk, :returned)",
    )
    return found[0] if found else None
