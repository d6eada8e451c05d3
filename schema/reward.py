"""Reward points: what a user earned, redeemed, or was given."""

from __future__ import annotations

from enum import Enum

import strawberry

from gateway.context import Context
from loaders.codec import Item
from schema.order import Order, order_reference
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
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> Reward:
        return cls(
            id=strawberry.ID(item["reward_id"]),
            type=RewardType(item["type"]),
            points=int(item["points"]),
            description=item.get("description", ""),
            created_at=item["created_at"],
            item=item,
        )

    @strawberry.field
    async def order(self, info: strawberry.Info[Context, None]) -> Order | None:
        return await order_reference(info, self.item.get("order_id"))
