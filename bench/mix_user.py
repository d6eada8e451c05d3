"""What one virtual user of the seed mix sends: each pattern's contract operation, after
what it needs first (Checkout on an empty cart adds a line), every request counted.

Each virtual user has an account of its own (its cart, its orders, its sessions) and
reads the demo customers' orders with their tokens.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

from bench.driver import BENCH_PASSWORD, Driver, PoolUser, checkout_input
from bench.measure import Request
from bench.targets import AsgiTarget
from gateway.demo import DEMO_PASSWORD
from loaders.codec import Item
from loaders.model import CATEGORIES, ORDERS, PRODUCTS, Table


@dataclass
class Catalog:
    """What virtual users pick from."""

    product_ids: list[str]
    category_ids: list[str]
    slugs: list[str]
    listings: list[tuple[str, str]]
    readers: list[tuple[str, str]]  # (token, one of that customer's order ids)


@dataclass
class VirtualUser:
    driver: Driver
    account: PoolUser
    username: str
    rng: random.Random
    lines: list[tuple[str, str]] = field(default_factory=list)
    orders: list[str] = field(default_factory=list)
    spare: str | None = None  # a session of its own to log out of


def build_catalog(
    data: dict[Table, list[Item]], readers: list[tuple[str, str]], listings: list[tuple[str, str]]
) -> Catalog:
    products = [i for i in data[PRODUCTS] if i.get("entity") == "Product" and i["is_active"]]
    categories = [i for i in data[CATEGORIES] if i.get("entity") == "Category"]
    return Catalog(
        product_ids=[p["product_id"] for p in products],
        category_ids=[c["category_id"] for c in categories],
        slugs=[c["slug"] for c in categories],
        listings=listings,
        readers=readers,
    )


async def sign_in_readers(
    driver: Driver, data: dict[Table, list[Item]], count: int = 10
) -> list[tuple[str, str]]:
    orders = [o for o in data[ORDERS] if o.get("entity") == "Order"]
    users = {
        u["user_id"]: u["username"]
        for u in data[next(t for t in data if t.name == "Users")]
        if u.get("entity") == "User"
    }
    first_order: dict[str, str] = {}
    for order in sorted(orders, key=lambda o: o["order_id"]):
        first_order.setdefault(order["user_id"], order["order_id"])
    readers = []
    for user_id in sorted(first_order)[:count]:
        token = await driver.login(users[user_id], DEMO_PASSWORD)
        readers.append((token, first_order[user_id]))
    return readers


async def send_one(
    gateway: AsgiTarget,
    documents: dict[str, str],
    user: VirtualUser,
    catalog: Catalog,
    operation: str,
) -> list[tuple[str, float, bool]]:
    """Send the operation (after what it needs first); each request's name, ms, success."""
    rng = user.rng
    sent: list[tuple[str, float, bool]] = []

    async def send(name: str, variables: dict[str, Any], token: str | None) -> Any:
        started = time.perf_counter()
        body = await gateway.post(documents[name], Request(variables, token), trace=False)
        ms = (time.perf_counter() - started) * 1000
        sent.append((name, ms, not body.get("errors")))
        data = body.get("data") or {}
        return next(iter(data.values()), None)

    token = user.account.token
    reader_token, reader_order = rng.choice(catalog.readers)
    if operation == "Register":
        name = f"mix{user.driver.tag}{rng.getrandbits(40):x}"
        await send(
            "Register",
            {
                "input": {
                    "username": name,
                    "email": f"{name}@bench.example.com",
                    "password": BENCH_PASSWORD,
                    "firstName": "Mix",
                    "lastName": "User",
                }
            },
            None,
        )
    elif operation == "Login":
        answer = await send("Login", {"username": user.username, "password": BENCH_PASSWORD}, None)
        if answer and answer.get("token"):
            user.spare = answer["token"]
    elif operation == "Logout":
        if user.spare is None:
            return await send_one(gateway, documents, user, catalog, "Login")
        await send("Logout", {}, user.spare)
        user.spare = None
    elif operation == "Me":
        await send("Me", {}, reader_token)
    elif operation.startswith("CategoryPage"):
        variables: dict[str, Any] = {"id": rng.choice(catalog.category_ids), "first": 20}
        if operation.endswith(":price"):
            low = rng.choice((0, 10, 25, 50))
            variables |= {"minPrice": str(low), "maxPrice": str(low * 4 + 100)}
        await send("CategoryPage", variables, None)
    elif operation == "SearchProducts":
        await send(
            "SearchProducts",
            {"text": rng.choice(("wireless", "pro", "mini", "set")), "first": 10},
            None,
        )
    elif operation == "ProductPage":
        await send("ProductPage", {"id": rng.choice(catalog.product_ids)}, None)
    elif operation == "CategoryBySlug":
        await send("CategoryBySlug", {"slug": rng.choice(catalog.slugs)}, None)
    elif operation == "CategoryTree":
        await send("CategoryTree", {}, None)
    elif operation == "MyOrders":
        await send("MyOrders", {"first": 10}, reader_token)
    elif operation == "OrderDetail":
        await send("OrderDetail", {"id": reader_order}, reader_token)
    elif operation == "MyCart":
        await send("MyCart", {}, token)
    elif operation == "AddToCart" or (
        operation in ("UpdateCartItem", "RemoveFromCart", "Checkout") and not user.lines
    ):
        line = rng.choice(catalog.listings)
        await send("AddToCart", {"productId": line[0], "sellerId": line[1], "quantity": 1}, token)
        if line not in user.lines:
            user.lines.append(line)
        if operation != "AddToCart":
            sent += await send_one(gateway, documents, user, catalog, operation)
    elif operation == "UpdateCartItem":
        line = rng.choice(user.lines)
        await send(
            "UpdateCartItem",
            {"productId": line[0], "sellerId": line[1], "quantity": rng.randint(1, 3)},
            token,
        )
    elif operation == "RemoveFromCart":
        line = user.lines.pop(rng.randrange(len(user.lines)))
        await send("RemoveFromCart", {"productId": line[0], "sellerId": line[1]}, token)
    elif operation == "ClearCart":
        await send("ClearCart", {}, token)
        user.lines.clear()
    elif operation == "Checkout":
        answer = await send("Checkout", {"input": checkout_input(user.account)}, token)
        user.lines.clear()
        if answer and answer.get("order"):
            user.orders.append(answer["order"]["id"])
    elif operation == "CancelOrder":
        if not user.orders:
            return await send_one(gateway, documents, user, catalog, "MyOrders")
        await send("CancelOrder", {"id": user.orders.pop()}, token)
    return sent
