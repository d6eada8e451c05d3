"""Orders of given dates, amounts and statuses, written straight to the tables with the
storage contract's layout spelled out (a checkout always places an order now)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gateway.settings import Settings
from tests.accounts.factories import table, unique


@dataclass(frozen=True)
class Stored:
    order_id: str
    created_at: str
    total_cents: int


def write_order(
    settings: Settings,
    user_id: str,
    created_at: str,
    total_cents: int,
    products: list[str],
    *,
    status: str = "DELIVERED",
    refunded_cents: int = 0,
    words: list[str] | None = None,
) -> Stored:
    """An order with one item per product name; `words` its `product_words` (by default
    the lower-cased words of the names; [] writes none, as an older writer would)."""
    order_id = unique("o-hist-")
    found_words = (
        words if words is not None else sorted({w.lower() for p in products for w in p.split()})
    )
    payment: dict[str, Any] = {"method": "CARD", "status": "CAPTURED"}
    if refunded_cents:
        payment["refunded_cents"] = refunded_cents
    net = total_cents - refunded_cents
    order: dict[str, Any] = {
        "pk": user_id, "sk": f"ORDER#{created_at}#{order_id}", "entity": "Order",
        "order_id": order_id, "user_id": user_id, "status": status,
        "subtotal_cents": total_cents, "discount_cents": 0, "shipping_cents": 0,
        "total_cents": total_cents, "currency": "USD", "item_count": len(products),
        "shipping_address": {"recipient": "Cy", "line1": "1 Main St", "city": "Springfield",
                             "postal_code": "12345", "country": "US"},
        "payment": payment, "created_at": created_at, "updated_at": created_at,
        "gsi1pk": order_id, "gsi1sk": user_id, "gsi2pk": status, "gsi2sk": created_at,
        "lsi1sk": f"STATUS#{status}#{created_at}", "lsi2sk": f"AMOUNT#{net:012d}#{order_id}",
    }  # fmt: skip
    if found_words:
        order["product_words"] = found_words
    table(settings, "Orders").put_item(Item=order)
    with table(settings, "OrderItems").batch_writer() as batch:
        for n, name in enumerate(products):
            batch.put_item(Item={
                "pk": order_id, "sk": f"ITEM#p-hist-{n}#s-hist", "entity": "OrderItem",
                "order_id": order_id, "user_id": user_id, "product_id": f"p-hist-{n}",
                "seller_id": "s-hist", "product_name": name, "quantity": 1,
                "unit_price_cents": total_cents, "line_total_cents": total_cents,
                "currency": "USD", "status": status if status != "CONFIRMED" else "PENDING",
                "created_at": created_at, "updated_at": created_at,
                "gsi1pk": "s-hist", "gsi1sk": f"{created_at}#{order_id}",
            })  # fmt: skip
    return Stored(order_id, created_at, total_cents)
