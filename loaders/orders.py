"""The Orders and OrderItems tables, and the one transaction that places an order."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from loaders import seller_stats
from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import (
    CouponKey,
    CouponUsageKey,
    CouponUserKey,
    IdempotencyKey,
    ListingKey,
    OrderItemKey,
    OrderKey,
    RewardKey,
    StockTransactionKey,
    StoredOrderKey,
    UserKey,
    order_sort_key,
)
from loaders.model import ORDER_ITEMS, ORDERS
from loaders.writes import MUST_BE_NEW, Put, Update, Write


async def idempotent_order(dynamo: Dynamo, user_id: str, key: str) -> Item | None:
    """The order an earlier checkout with this idempotency key placed, if one did."""
    found = await dynamo.get_consistent(IdempotencyKey(user_id, key))
    if found is None:
        return None
    return await dynamo.get_consistent(StoredOrderKey(user_id, found["order_sk"]))


async def order_by_id(dynamo: Dynamo, order_id: str) -> Item | None:
    """An order by id, whoever owns it: one Query of `OrderIdIndex`."""
    found = await dynamo.query(ORDERS, "gsi1pk = :id", {":id": order_id}, index="OrderIdIndex")
    return found.items[0] if found.items else None


async def order_items(dynamo: Dynamo, order_id: str) -> list[Item]:
    """An order's items, by product then seller: one Query."""
    return await dynamo.query_all(ORDER_ITEMS, "pk = :order", {":order": order_id})


class Part(Enum):
    """What an action of the checkout transaction is about: how its failure reads."""

    IDEMPOTENCY = "idempotency"
    LISTING = "listing"
    COUPON = "coupon"
    COUPON_USER = "coupon_user"
    USER = "user"
    OTHER = "other"


@dataclass
class CheckoutTransaction:
    """The writes of one checkout in request order, with what each is about (and for a
    listing, the index of its cart line), to read `CancellationReasons` by."""

    writes: list[Write] = field(default_factory=list)
    parts: list[tuple[Part, int]] = field(default_factory=list)
    order_items: list[Item] = field(default_factory=list)  # as a Query of them would read

    def add(self, write: Write, part: Part = Part.OTHER, line: int = -1) -> None:
        self.writes.append(write)
        self.parts.append((part, line))

    def failed(self, reasons: Sequence[str]) -> list[tuple[Part, int]]:
        return [self.parts[n] for n, reason in enumerate(reasons) if reason not in ("None", "")]

    def order(self, order: Item, idempotency_key: str, expires_at: int) -> None:
        user_id, order_id, created_at = order["user_id"], order["order_id"], order["created_at"]
        self.add(
            Put(
                IdempotencyKey(user_id, idempotency_key),
                {
                    "entity": "Idempotency",
                    "order_id": order_id,
                    "order_sk": order_sort_key(created_at, order_id),
                    "created_at": created_at,
                    "expires_at": expires_at,
                },
                MUST_BE_NEW,
            ),
            Part.IDEMPOTENCY,
        )
        self.add(Put(OrderKey(user_id, created_at, order_id), order, MUST_BE_NEW))

    def line(self, n: int, order_item: Item, stock_seen: int, stock_transaction: Item) -> None:
        """The order item, the listing's exact stock decrement and its audit record."""
        product_id, seller_id = order_item["product_id"], order_item["seller_id"]
        quantity = int(order_item["quantity"])
        key = OrderItemKey(order_item["order_id"], product_id, seller_id)
        self.add(Put(key, order_item, MUST_BE_NEW))
        written = order_item | key.encode()
        self.order_items.append({name: v for name, v in written.items() if v is not None})
        self.add(
            Update(
                ListingKey(product_id, seller_id),
                {"stock": stock_seen - quantity, "updated_at": order_item["created_at"]},
                # A listing withdrawn since it was read is not sold (resolvers/seller_tools.py).
                "stock = :seen AND stock >= :quantity"
                " AND (attribute_not_exists(is_active) OR is_active = :active)",
                {":seen": stock_seen, ":quantity": quantity, ":active": True},
                adds=seller_stats.sales(order_item),
            ),
            Part.LISTING,
            n,
        )
        self.add(
            Put(
                StockTransactionKey(
                    stock_transaction["transaction_id"], stock_transaction["timestamp"]
                ),
                stock_transaction,
                MUST_BE_NEW,
            )
        )

    def coupon(
        self, code: str, user_id: str, seen: Item, user_used: int | None, usage: Item, now: int
    ) -> None:
        """Redeem a coupon: its `used_count` and the user's `used`, both exactly as read and
        under their limits, and the usage record."""
        self.add(
            Update(
                CouponKey(code),
                {"used_count": int(seen.get("used_count", 0)) + 1},
                "used_count = :seen AND used_count < max_uses AND is_active = :yes"
                " AND expires_at > :now",
                {":seen": int(seen.get("used_count", 0)), ":yes": True, ":now": now},
            ),
            Part.COUPON,
        )
        key = CouponUserKey(code, user_id)
        if user_used is None:
            self.add(Put(key, {"entity": "CouponUser", "used": 1}, MUST_BE_NEW), Part.COUPON_USER)
        else:
            self.add(
                Update(
                    key,
                    {"used": user_used + 1},
                    "used = :seen AND used < :limit",
                    {":seen": user_used, ":limit": int(seen.get("per_user_limit", 1))},
                ),
                Part.COUPON_USER,
            )
        self.add(Put(CouponUsageKey(code, user_id, usage["order_id"]), usage, MUST_BE_NEW))

    def rewards(self, rewards: list[Item], points_seen: int | None) -> None:
        """The reward items, and the user's balance moved by their points from what was
        read (one update: a transaction touches an item once). A balance that would go
        below zero is refused by the condition as much as a changed one."""
        if not rewards:
            return
        user_id = rewards[0]["user_id"]
        for reward in rewards:
            self.add(
                Put(
                    RewardKey(user_id, reward["created_at"], reward["type"], reward["reward_id"]),
                    {key: value for key, value in reward.items() if key != "user_id"},
                    MUST_BE_NEW,
                )
            )
        if points_seen is None:
            condition, values = "attribute_exists(pk) AND attribute_not_exists(reward_points)", {}
        else:
            condition, values = "reward_points = :seen", {":seen": points_seen}
        self.add(
            Update(
                UserKey(user_id),
                {"reward_points": (points_seen or 0) + sum(int(r["points"]) for r in rewards)},
                condition,
                values,
            ),
            Part.USER,
        )

    async def commit(self, dynamo: Dynamo) -> None:
        """Raises `TransactionCancelled`; read its reasons with `failed`."""
        await dynamo.transact_write(self.writes)


# Order history, cancelling, fulfilment -------------------------------------------------


async def seller_items(
    dynamo: Dynamo, seller_id: str, limit: int, after: tuple[str, str, str] | None
) -> list[Item]:
    """Up to `limit` order items a seller sold, newest first (`SellerItemsIndex`), after
    the one whose (gsi1sk, pk, sk) is `after`."""
    start_key = None
    if after is not None:
        start_key = {"gsi1pk": seller_id, "gsi1sk": after[0], "pk": after[1], "sk": after[2]}
    return await dynamo.query_page(
        ORDER_ITEMS,
        "gsi1pk = :seller",
        {":seller": seller_id},
        limit,
        index="SellerItemsIndex",
        forward=False,
        start_key=start_key,
    )


async def current_order(dynamo: Dynamo, order_id: str) -> tuple[Item | None, list[Item]]:
    """An order and its items as of now (the index finds it, the table reads are consistent)."""
    found = await order_by_id(dynamo, order_id)
    if found is None:
        return None, []
    order, items = await asyncio.gather(
        dynamo.get_consistent(StoredOrderKey(found["user_id"], found["sk"])),
        dynamo.query_all(ORDER_ITEMS, "pk = :order", {":order": order_id}, consistent=True),
    )
    return order, items
