"""Reward points: what a user earned, redeemed, or was given."""

from __future__ import annotations

from enum import Enum

import strawberry

from loaders.codec import Item
from schema.order import Order
from schema.scalars import DateTime


@strawberry.enum
class RewardType(Enum):
    EARN = "EARN"
    REDEEM = "REDEEM"
    ADJUST = "ADJUST"


@strawberry.type
class Reward:
    id: strawberry.ID
    type: RewardType
    points: int = strawberry.field(description="Signed: a redemption is negative.")
    description: str
    created_at: DateTime
    order: Order | None
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> Reward:
        order_id = item.get("order_id")
        return cls(
            id=strawberry.ID(item["reward_id"]),
            type=RewardType(item["type"]),
            points=int(item["points"]),
            description=item.get("description", ""),
            created_at=item["created_at"],
            order=Order(id=strawberry.ID(order_id)) if order_id else None,
            item=item,
        )
