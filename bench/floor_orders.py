"""The floors of the reads of a signed-in user's orders and a seller's sold items (the
catalog's are in bench/floor.py, with the helpers both use)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from bench.floor_reads import batch_get, caller, index_page, items_of_response, scan_categories
from bench.measure import Request
from bench.recording import Recorder
from loaders.codec import Item
from loaders.keys import ORDER_PREFIX, OrderKey, ProductKey, SessionKey, UserKey
from loaders.model import ORDER_ITEMS, ORDERS, PRODUCTS, USERS


async def my_orders(rec: Recorder, request: Request, secret: bytes) -> None:
    """Session and page at once; the count only when the page does not hold every order;
    the items of each order; then every product and seller in one BatchGetItem."""
    user_id, session_id = caller(request, secret)
    first = int(request.variables.get("first") or 20)
    order_condition = {
        "TableName": ORDERS.name,
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {":pk": {"S": user_id}, ":prefix": {"S": ORDER_PREFIX}},
    }
    _, page = await asyncio.gather(
        batch_get(rec, [(USERS.name, SessionKey(user_id, session_id).encode())]),
        rec("Query", **order_condition, ScanIndexForward=False, Limit=first + 1),
    )
    orders = items_of_response(page)[:first]

    async def items_of(order: Item) -> list[Item]:
        response = await rec(
            "Query",
            TableName=ORDER_ITEMS.name,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": order["order_id"]}},
        )
        return items_of_response(response)

    reads: list[Awaitable[Any]] = [items_of(o) for o in orders]
    if "LastEvaluatedKey" in page:
        reads.append(rec("Query", **order_condition, Select="COUNT"))
    found = await asyncio.gather(*reads)
    lines = [line for lines in found[: len(orders)] for line in lines]
    keys = [(PRODUCTS.name, ProductKey(i["product_id"]).encode()) for i in lines]
    keys += [(USERS.name, UserKey(i["seller_id"]).encode()) for i in lines]
    if keys:
        await batch_get(rec, keys)


async def order_detail(rec: Recorder, request: Request, secret: bytes) -> None:
    """The order (by index), its items (pk is the order id), the tree, and the session
    with the caller's profile (the customer, unless an admin asks): one round; then the
    products and sellers."""
    user_id, session_id = caller(request, secret)
    order_id = request.variables["id"]
    _, order, lines, _ = await asyncio.gather(
        batch_get(
            rec,
            [
                (USERS.name, SessionKey(user_id, session_id).encode()),
                (USERS.name, UserKey(user_id).encode()),
            ],
        ),
        rec(
            "Query",
            TableName=ORDERS.name,
            IndexName="OrderIdIndex",
            KeyConditionExpression="gsi1pk = :pk",
            ExpressionAttributeValues={":pk": {"S": order_id}},
        ),
        rec(
            "Query",
            TableName=ORDER_ITEMS.name,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": order_id}},
        ),
        scan_categories(rec),
    )
    items_of_response(order)
    items = items_of_response(lines)
    keys = [(PRODUCTS.name, ProductKey(i["product_id"]).encode()) for i in items]
    keys += [(USERS.name, UserKey(i["seller_id"]).encode()) for i in items]
    if keys:
        await batch_get(rec, keys)


async def seller_order_items(rec: Recorder, request: Request, secret: bytes) -> None:
    """The session and the seller's page of items (by index) at once; then their orders,
    by the keys the items give."""
    user_id, session_id = caller(request, secret)
    first = int(request.variables.get("first") or 20)
    _, page = await asyncio.gather(
        batch_get(rec, [(USERS.name, SessionKey(user_id, session_id).encode())]),
        index_page(rec, ORDER_ITEMS.name, "SellerItemsIndex", ("gsi1pk", user_id), first + 1),
    )
    items = items_of_response(page)[:first]
    keys = [(ORDERS.name, OrderKey(i["user_id"], i["created_at"], i["order_id"]).encode())
            for i in items]  # fmt: skip
    if keys:
        await batch_get(rec, keys)
