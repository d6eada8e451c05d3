"""The floor: for each read operation, a hand-written aioboto3 script that fetches the same
data in the fewest DynamoDB calls and sequential rounds the storage contract allows.

Each script starts every read it can as early as the keys are known. It decodes what it
reads and assembles nothing more: what it costs in CPU is the least any server pays.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import jwt

from bench.measure import Execute, Request, Sample
from bench.recording import DynamoClient, Recorder
from loaders.codec import Item, decode_item
from loaders.keys import (
    INFO,
    LISTING_PREFIX,
    ORDER_PREFIX,
    REVIEW_PREFIX,
    ProductKey,
    SessionKey,
    UserKey,
    category_partition,
)
from loaders.model import CATEGORIES, ORDER_ITEMS, ORDERS, PRODUCTS, REVIEWS, USERS

Floor = Callable[[Recorder, Request, bytes], Awaitable[None]]


def _items(response: dict[str, Any]) -> list[Item]:
    return [decode_item(raw) for raw in response.get("Items", [])]


async def _scan_categories(rec: Recorder) -> list[Item]:
    items: list[Item] = []
    request: dict[str, Any] = {"TableName": CATEGORIES.name}
    while True:
        response = await rec("Scan", **request)
        items += _items(response)
        if "LastEvaluatedKey" not in response:
            return items
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]


async def _batch_get(rec: Recorder, keys: list[tuple[str, dict[str, str]]]) -> list[Item]:
    """One BatchGetItem per 100 keys (the parts concurrent), any tables."""
    unique = list({(t, k["pk"], k["sk"]): (t, k) for t, k in keys}.values())
    found: list[Item] = []

    async def chunk(part: list[tuple[str, dict[str, str]]]) -> None:
        request: dict[str, Any] = {}
        for table, key in part:
            request.setdefault(table, {"Keys": []})["Keys"].append(
                {name: {"S": value} for name, value in key.items()}
            )
        response = await rec("BatchGetItem", RequestItems=request)
        found.extend(decode_item(r) for rows in response["Responses"].values() for r in rows)

    await asyncio.gather(*(chunk(unique[i : i + 100]) for i in range(0, len(unique), 100)))
    return found


def _caller(request: Request, secret: bytes) -> tuple[str, str]:
    claims = jwt.decode(
        request.token or "", secret, algorithms=["HS256"], options={"verify_iss": False}
    )
    return str(claims["sub"]), str(claims["sid"])


async def category_tree(rec: Recorder, request: Request, secret: bytes) -> None:
    categories = await _scan_categories(rec)
    children: dict[str, list[Item]] = {}
    for category in categories:
        if category["entity"] == "Category":
            children.setdefault(category["parent_id"], []).append(category)


async def category_page(rec: Recorder, request: Request, secret: bytes) -> None:
    """The tree (1 Scan), then one index Query per category of the subtree, unlimited: the
    page and the total count come from the same call (more read capacity, fewer calls)."""
    category_id = request.variables["id"]
    first = int(request.variables.get("first") or 20)
    categories = await _scan_categories(rec)
    subtree = [c for c in categories if c["entity"] == "Category" and category_id in c["path"]]

    async def partition(category: Item) -> list[Item]:
        response = await rec(
            "Query",
            TableName=PRODUCTS.name,
            IndexName="CategoryPriceIndex",
            KeyConditionExpression="gsi1pk = :pk",
            ExpressionAttributeValues={":pk": {"S": category_partition(category["category_id"])}},
        )
        return _items(response)

    pages = await asyncio.gather(*(partition(c) for c in subtree))
    products = sorted((p for page in pages for p in page), key=lambda p: p["gsi1sk"])
    _ = (len(products), products[:first])


async def product_page(rec: Recorder, request: Request, secret: bytes) -> None:
    product_id = request.variables["id"]
    collection, reviews, _ = await asyncio.gather(
        rec(
            "Query",
            TableName=PRODUCTS.name,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": product_id}},
        ),
        rec(
            "Query",
            TableName=REVIEWS.name,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues={":pk": {"S": product_id}, ":prefix": {"S": REVIEW_PREFIX}},
            ScanIndexForward=False,
            Limit=6,
        ),
        _scan_categories(rec),
    )
    listings = [i for i in _items(collection) if i["sk"].startswith(LISTING_PREFIX)]
    _items(reviews)
    sellers = [(USERS.name, UserKey(i["seller_id"]).encode()) for i in listings]
    if sellers:
        await _batch_get(rec, sellers)


async def product_cards(rec: Recorder, request: Request, secret: bytes) -> None:
    """One Query per product for its Product item and its listings (sort keys INFO to
    SELLER#…): no BatchGetItem besides."""

    async def card(product_id: str) -> list[Item]:
        response = await rec(
            "Query",
            TableName=PRODUCTS.name,
            KeyConditionExpression="pk = :pk AND sk BETWEEN :info AND :listings",
            ExpressionAttributeValues={
                ":pk": {"S": product_id},
                ":info": {"S": INFO},
                ":listings": {"S": LISTING_PREFIX + "\uffff"},
            },
        )
        return _items(response)

    await asyncio.gather(*(card(i) for i in request.variables["ids"]))


async def seller_storefront(rec: Recorder, request: Request, secret: bytes) -> None:
    seller_id = request.variables["id"]
    first = int(request.variables.get("first") or 20)
    _, listings, reviews = await asyncio.gather(
        _batch_get(rec, [(USERS.name, UserKey(seller_id).encode())]),
        rec(
            "Query",
            TableName=PRODUCTS.name,
            IndexName="SellerProductsIndex",
            KeyConditionExpression="gsi2pk = :pk",
            ExpressionAttributeValues={":pk": {"S": seller_id}},
            Limit=first + 1,
        ),
        rec(
            "Query",
            TableName=REVIEWS.name,
            IndexName="SellerReviewsIndex",
            KeyConditionExpression="gsi1pk = :pk",
            ExpressionAttributeValues={":pk": {"S": seller_id}},
            ScanIndexForward=False,
            Limit=3,
        ),
    )
    ids = [i["product_id"] for i in _items(listings)[:first]]
    ids += [i["product_id"] for i in _items(reviews)]
    await _batch_get(rec, [(PRODUCTS.name, ProductKey(i).encode()) for i in ids])


async def my_orders(rec: Recorder, request: Request, secret: bytes) -> None:
    """Session and page at once; the count only when the page does not hold every order;
    the items of each order; then every product and seller in one BatchGetItem."""
    user_id, session_id = _caller(request, secret)
    first = int(request.variables.get("first") or 20)
    order_condition = {
        "TableName": ORDERS.name,
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {":pk": {"S": user_id}, ":prefix": {"S": ORDER_PREFIX}},
    }
    _, page = await asyncio.gather(
        _batch_get(rec, [(USERS.name, SessionKey(user_id, session_id).encode())]),
        rec("Query", **order_condition, ScanIndexForward=False, Limit=first + 1),
    )
    orders = _items(page)[:first]

    async def items_of(order: Item) -> list[Item]:
        response = await rec(
            "Query",
            TableName=ORDER_ITEMS.name,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues={":pk": {"S": order["order_id"]}},
        )
        return _items(response)

    reads: list[Awaitable[Any]] = [items_of(o) for o in orders]
    if "LastEvaluatedKey" in page:
        reads.append(rec("Query", **order_condition, Select="COUNT"))
    found = await asyncio.gather(*reads)
    lines = [line for lines in found[: len(orders)] for line in lines]
    keys = [(PRODUCTS.name, ProductKey(i["product_id"]).encode()) for i in lines]
    keys += [(USERS.name, UserKey(i["seller_id"]).encode()) for i in lines]
    if keys:
        await _batch_get(rec, keys)


async def order_detail(rec: Recorder, request: Request, secret: bytes) -> None:
    """The order (by index), its items (pk is the order id), the tree, and the session
    with the caller's profile (the customer, unless an admin asks): one round; then the
    products and sellers."""
    user_id, session_id = _caller(request, secret)
    order_id = request.variables["id"]
    _, order, lines, _ = await asyncio.gather(
        _batch_get(
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
        _scan_categories(rec),
    )
    _items(order)
    items = _items(lines)
    keys = [(PRODUCTS.name, ProductKey(i["product_id"]).encode()) for i in items]
    keys += [(USERS.name, UserKey(i["seller_id"]).encode()) for i in items]
    if keys:
        await _batch_get(rec, keys)


FLOORS: dict[str, Floor] = {
    "CategoryTree": category_tree,
    "CategoryPage": category_page,
    "ProductPage": product_page,
    "ProductCards": product_cards,
    "SellerStorefront": seller_storefront,
    "MyOrders": my_orders,
    "OrderDetail": order_detail,
}


def floor_executor(client: DynamoClient, floor: Floor, secret: bytes) -> Execute:
    async def execute(request: Request) -> Sample:
        recorder = Recorder(client)
        started = time.perf_counter()
        await floor(recorder, request, secret)
        ms = (time.perf_counter() - started) * 1000
        log = recorder.log
        return Sample(
            ms=ms,
            cpu_ms=0.0,
            calls=len(log.calls),
            rounds=log.rounds(),
            read_capacity=sum(c.read_capacity for c in log.calls),
            write_capacity=sum(c.write_capacity for c in log.calls),
            call_list=tuple(
                {"operation": c.operation, "tables": list(c.tables), "keys": c.keys}
                for c in log.calls
            ),
        )

    return execute
