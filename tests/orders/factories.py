"""Orders placed through the real checkout, from listings of a seller of their own."""

from __future__ import annotations

from typing import Any

from gateway.settings import Settings
from tests import operations
from tests.accounts.factories import bearer, mint, table, unique
from tests.cart.factories import (
    CATEGORY,
    Shopper,
    Stocked,
    checkout_input,
    put_cart_line,
)
from tests.cart.factories import operation as cart_operation
from tests.factories import product, seller
from tests.graphql_client import GraphQLClient


def operation(name: str) -> str:
    return operations.operation("orders.graphql", name)


def admin_headers() -> dict[str, str]:
    return bearer(mint({"sub": unique("u-admin-"), "roles": ["customer", "admin"]}))


def store(settings: Settings) -> tuple[str, dict[str, str]]:
    """A seller of their own (its id, and its headers signed in)."""
    sid = unique("s-ord-")
    with table(settings, "Users").batch_writer() as batch:
        for row in seller(sid, f"Store {sid[-6:]}"):
            batch.put_item(Item=row)
    return sid, bearer(mint({"sub": sid, "roles": ["customer", "seller"]}))


def stocked(settings: Settings, seller_id: str, stock: int, price_cents: int = 1000) -> Stocked:
    """A product of its own with one listing of `seller_id`."""
    pid = unique("p-ord-")
    name = f"Widget {pid[-6:]}"
    with table(settings, "Products").batch_writer() as batch:
        for row in product(
            pid, name, CATEGORY, [(seller_id, f"Store {seller_id[-6:]}", price_cents, stock)]
        ):
            batch.put_item(Item=row)
    return Stocked(pid, seller_id, name, price_cents)


async def place(
    graphql: GraphQLClient,
    settings: Settings,
    buyer: Shopper,
    lines: list[tuple[Stocked, int]],
    **overrides: Any,
) -> str:
    """The id of the order a checkout of these lines placed."""
    for line, quantity in lines:
        put_cart_line(settings, buyer.user_id, line, quantity)
    response = await graphql(
        cart_operation("Checkout"), checkout_input(buyer, **overrides), headers=buyer.headers
    )
    result = response.data["checkout"]
    assert result["errors"] == [], result["errors"]
    return str(result["order"]["id"])
