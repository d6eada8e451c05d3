"""A customer's order statistics."""

from __future__ import annotations

import strawberry

from resolvers.order_stats import OrderStats as Stats
from schema.money import Money
from schema.order import Order
from schema.scalars import DateTime


@strawberry.type(
    description="Orders neither cancelled nor wholly returned; amounts net of refunds."
)
class OrderStats:
    order_count: int
    total_spent: Money
    average_order_value: Money
    largest_order: Order | None = strawberry.field(description="By amount net of refunds.")
    first_order_at: DateTime | None
    last_order_at: DateTime | None

    @classmethod
    def from_stats(cls, stats: Stats) -> OrderStats:
        return cls(
            order_count=stats.order_count,
            total_spent=Money.from_cents(stats.spent_cents, stats.currency),
            average_order_value=Money.from_cents(stats.average_cents, stats.currency),
            largest_order=Order.from_item(stats.largest) if stats.largest else None,
            first_order_at=DateTime(stats.first_at) if stats.first_at else None,
            last_order_at=DateTime(stats.last_at) if stats.last_at else None,
        )
