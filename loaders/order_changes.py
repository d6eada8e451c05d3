"""Changes to a placed order (cancelling it, shipping an item): one transaction each,
every write conditioned on what was read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import (
    CouponKey,
    CouponUsageKey,
    CouponUserKey,
    ListingKey,
    OrderItemKey,
    RewardKey,
    StockTransactionKey,
    StoredOrderKey,
    UserKey,
    order_status_sort_key,
)
from loaders.writes import MUST_BE_NEW, Check, Delete, Put, Update, Write


def order_status_changes(order: Item, status: str, at: str) -> dict[str, str]:
    """An order's new status, with the index keys that follow it."""
    return {
        "status": status,
        "updated_at": at,
        "gsi2pk": status,
        "lsi1sk": order_status_sort_key(status, order["created_at"]),
    }


@dataclass
class OrderChange:
    """The writes of one change to an order (cancelling, shipping an item), each
    conditioned on the item being as read.

    `status` is a DynamoDB reserved word, which conditions here do not name: an order's
    status is conditioned through `lsi1sk` (its status and date), an order item's through
    `updated_at` (set by every change of the item)."""

    writes: list[Write] = field(default_factory=list)

    def status(self, order: Item, status: str, at: str) -> None:
        self.writes.append(
            Update(
                StoredOrderKey(order["user_id"], order["sk"]),
                order_status_changes(order, status, at),
                "lsi1sk = :seen",
                {":seen": order_status_sort_key(order["status"], order["created_at"])},
            )
        )

    def order(self, order: Item, changes: Item) -> None:
        """Any change to an order (a refund, say), conditioned on its `updated_at` as read:
        every change of an order sets it."""
        self.writes.append(
            Update(
                StoredOrderKey(order["user_id"], order["sk"]),
                changes,
                "updated_at = :seen",
                {":seen": order["updated_at"]},
            )
        )

    def unchanged(self, order_item: Item) -> None:
        """The item's status is still the one read."""
        self.writes.append(
            Check(_item_key(order_item), "updated_at = :seen", {":seen": order_item["updated_at"]})
        )

    def item(self, order_item: Item, changes: Item) -> None:
        self.writes.append(
            Update(
                _item_key(order_item),
                changes,
                "updated_at = :seen",
                {":seen": order_item["updated_at"]},
            )
        )

    def restock(
        self,
        listing: Item,
        quantity: int,
        stock_transaction: Item,
        sales: Mapping[str, int] | None = None,
    ) -> None:
        """Stock back on the listing, exactly from what was read, and its audit record;
        `sales` taken off its counters (`loaders/seller_stats.py`) when an item is
        cancelled or returned."""
        stock = int(listing["stock"])
        self.writes.append(
            Update(
                ListingKey(listing["product_id"], listing["seller_id"]),
                {"stock": stock + quantity, "updated_at": stock_transaction["timestamp"]},
                "stock = :seen",
                {":seen": stock},
                adds=sales or {},
            )
        )
        self.writes.append(
            Put(
                StockTransactionKey(
                    stock_transaction["transaction_id"], stock_transaction["timestamp"]
                ),
                stock_transaction,
                MUST_BE_NEW,
            )
        )

    def release_coupon(
        self, code: str, user_id: str, order_id: str, used_count: int, user_used: int | None
    ) -> None:
        """Give a coupon use back: its `used_count`, the user's `used`, the usage record."""
        self.writes.append(
            Update(
                CouponKey(code),
                {"used_count": max(used_count - 1, 0)},
                "used_count = :seen",
                {":seen": used_count},
            )
        )
        if user_used is not None:
            self.writes.append(
                Update(
                    CouponUserKey(code, user_id),
                    {"used": max(user_used - 1, 0)},
                    "used = :seen",
                    {":seen": user_used},
                )
            )
        self.writes.append(Delete(CouponUsageKey(code, user_id, order_id)))

    def rewards(self, rewards: list[Item], points_seen: int) -> None:
        """The reward items, and the user's balance moved by their points from what was
        read, in one update (a transaction touches an item once)."""
        if not rewards:
            return
        user_id = rewards[0]["user_id"]
        for reward in rewards:
            self.writes.append(
                Put(
                    RewardKey(user_id, reward["created_at"], reward["type"], reward["reward_id"]),
                    {key: value for key, value in reward.items() if key != "user_id"},
                    MUST_BE_NEW,
                )
            )
        self.writes.append(
            Update(
                UserKey(user_id),
                {"reward_points": points_seen + sum(int(r["points"]) for r in rewards)},
                "reward_points = :seen",
                {":seen": points_seen},
            )
        )

    async def commit(self, dynamo: Dynamo) -> None:
        """Raises `TransactionCancelled` when something changed since it was read."""
        await dynamo.transact_write(self.writes)


def _item_key(order_item: Item) -> OrderItemKey:
    return OrderItemKey(order_item["order_id"], order_item["product_id"], order_item["seller_id"])
