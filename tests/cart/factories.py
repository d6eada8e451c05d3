"""Listings, shoppers, carts and coupons written straight through boto3, with the storage
contract's key formats spelled out (so the tests pin the layout, not our key code)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from boto3.dynamodb.conditions import Key

from gateway.settings import Settings
from tests import operations
from tests.accounts.factories import bearer, item, mint, table, unique
from tests.factories import T0, product

SELLER, STORE = "s-cart", "Cart Test Store"
CATEGORY = "cart-tests"  # in no category tree: the catalog tests never see these products


def operation(name: str) -> str:
    return operations.operation("cart_checkout.graphql", name)


@dataclass(frozen=True)
class Stocked:
    product_id: str
    seller_id: str
    name: str
    price_cents: int


def listing(settings: Settings, stock: int, price_cents: int = 1000, name: str = "") -> Stocked:
    """A product of its own (unique id) with one active listing."""
    pid = unique("p-cart-")
    name = name or f"Gadget {pid[-6:]}"
    with table(settings, "Products").batch_writer() as batch:
        for row in product(pid, name, CATEGORY, [(SELLER, STORE, price_cents, stock)]):
            batch.put_item(Item=row)
    return Stocked(pid, SELLER, name, price_cents)


@dataclass(frozen=True)
class Shopper:
    user_id: str
    address_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)


def shopper(settings: Settings) -> Shopper:
    """A customer with a profile and an address, signed in by a token without a session."""
    (found,) = shoppers(settings, 1)
    return found


def shoppers(settings: Settings, count: int) -> list[Shopper]:
    """`count` customers, written in batches."""
    with table(settings, "Users").batch_writer() as batch:
        return [_shopper(batch) for _ in range(count)]


def _shopper(batch: Any) -> Shopper:
    uid = unique("u-cart-")
    batch.put_item(Item={
        "pk": uid, "sk": "PROFILE", "entity": "User", "user_id": uid, "username": uid,
        "email": f"{uid}@example.com", "password_hash": "x", "first_name": "Cy",
        "last_name": "Shopper", "roles": ["customer"], "is_seller": False, "reward_points": 0,
        "seller_rating_sum": 0, "seller_rating_count": 0, "created_at": T0, "updated_at": T0,
        "gsi1pk": f"{uid}@example.com", "gsi1sk": uid,
    })  # fmt: skip
    address_id = unique("a")
    batch.put_item(Item={
        "pk": uid, "sk": f"ADDRESS#{address_id}", "entity": "Address", "address_id": address_id,
        "recipient": "Cy Shopper", "line1": "1 Main St", "city": "Springfield",
        "postal_code": "12345", "country": "US", "is_default": True, "created_at": T0,
    })  # fmt: skip
    return Shopper(uid, address_id, mint({"sub": uid, "roles": ["customer"]}))


def put_cart_line(settings: Settings, user_id: str, stocked: Stocked, quantity: int) -> None:
    table(settings, "Cart").put_item(Item={
        "pk": user_id, "sk": f"ITEM#{stocked.product_id}#{stocked.seller_id}",
        "entity": "CartItem", "user_id": user_id, "product_id": stocked.product_id,
        "seller_id": stocked.seller_id, "quantity": quantity,
        "unit_price_cents": stocked.price_cents, "currency": "USD", "added_at": T0,
        "updated_at": T0,
    })  # fmt: skip


def coupon(
    settings: Settings, *, kind: str = "PERCENT", value: int = 10, max_uses: int = 100,
    used_count: int = 0, min_order_cents: int = 0, per_user_limit: int = 1,
) -> str:  # fmt: skip
    code = unique("C").upper()
    table(settings, "Coupons").put_item(Item={
        "pk": code, "sk": "INFO", "entity": "Coupon", "code": code,
        "description": f"{value} off", "discount_type": kind, "discount_value": value,
        "min_order_cents": min_order_cents, "max_uses": max_uses, "used_count": used_count,
        "per_user_limit": per_user_limit, "starts_at": T0,
        "expires_at": int(time.time()) + 86_400, "is_active": True,
    })  # fmt: skip
    return code


def stock_of(settings: Settings, stocked: Stocked) -> int:
    found = item(settings, "Products", stocked.product_id, f"SELLER#{stocked.seller_id}")
    assert found is not None
    return int(found["stock"])


def stock_transactions(settings: Settings, stocked: Stocked) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table(settings, "StockTransactions").query(
        IndexName="ProductTransactionIndex",
        KeyConditionExpression=Key("gsi1pk").eq(stocked.product_id),
    )["Items"]
    return rows


def partition(settings: Settings, name: str, pk: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table(settings, name).query(
        KeyConditionExpression=Key("pk").eq(pk), ConsistentRead=True
    )["Items"]
    return rows


def orders_of(settings: Settings, user_id: str) -> list[dict[str, Any]]:
    return [r for r in partition(settings, "Orders", user_id) if r["sk"].startswith("ORDER#")]


def cart_of(settings: Settings, user_id: str) -> list[dict[str, Any]]:
    return partition(settings, "Cart", user_id)


def checkout_input(buyer: Shopper, **overrides: Any) -> dict[str, Any]:
    return {
        "input": {
            "shippingAddressId": buyer.address_id,
            "paymentMethod": "CARD",
            "idempotencyKey": str(uuid.uuid4()),
        }
        | overrides
    }


def as_number(value: Any) -> Decimal:
    return Decimal(str(value))


def give_points(settings: Settings, user_id: str, points: int) -> None:
    table(settings, "Users").update_item(
        Key={"pk": user_id, "sk": "PROFILE"},
        UpdateExpression="SET reward_points = :points",
        ExpressionAttributeValues={":points": points},
    )


def points_of(settings: Settings, user_id: str) -> int:
    found = item(settings, "Users", user_id, "PROFILE")
    assert found is not None
    return int(found["reward_points"])


def rewards_of(settings: Settings, user_id: str) -> list[tuple[str, int]]:
    """The user's rewards as (type, points), oldest first."""
    rows = partition(settings, "Rewards", user_id)
    return [(r["type"], int(r["points"])) for r in rows]


def withdraw(settings: Settings, stocked: Stocked) -> None:
    """The seller withdraws the listing (it stays, inactive)."""
    table(settings, "Products").update_item(
        Key={"pk": stocked.product_id, "sk": f"SELLER#{stocked.seller_id}"},
        UpdateExpression="SET is_active = :no",
        ExpressionAttributeValues={":no": False},
    )
