"""The floor: for each read operation, a hand-written aioboto3 script that fetches the same
data in the fewest DynamoDB calls and sequential rounds the storage contract allows.

Each script starts every read it can as early as the keys are known. It decodes what it
reads and assembles nothing more: what it costs in CPU is the least any server pays.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from bench import floor_orders as orders
from bench.floor_reads import batch_get, index_page, items_of_response, scan_categories
from bench.measure import Execute, Request, Sample
from bench.recording import DynamoClient, Recorder
from loaders.codec import Item
from loaders.keys import (
    INFO,
    LISTING_PREFIX,
    REVIEW_PREFIX,
    ProductKey,
    UserKey,
    category_partition,
    term_bucket,
    term_bucket_partition,
    term_partition,
)
from loaders.model import PRODUCTS, REVIEWS, USERS
from loaders.search_reads import PREFIX_INDEX, SearchText

Floor = Callable[[Recorder, Request, bytes], Awaitable[None]]


async def category_tree(rec: Recorder, request: Request, secret: bytes) -> None:
    categories = await scan_categories(rec)
    children: dict[str, list[Item]] = {}
    for category in categories:
        if category["entity"] == "Category":
            children.setdefault(category["parent_id"], []).append(category)


async def category_page(rec: Recorder, request: Request, secret: bytes) -> None:
    """The tree (1 Scan), then one index Query per category of the subtree, unlimited: the
    page and the total count come from the same call (more read capacity, fewer calls)."""
    category_id = request.variables["id"]
    first = int(request.variables.get("first") or 20)
    categories = await scan_categories(rec)
    subtree = [c for c in categories if c["entity"] == "Category" and category_id in c["path"]]

    async def partition(category: Item) -> list[Item]:
        response = await rec(
            "Query",
            TableName=PRODUCTS.name,
            IndexName="CategoryPriceIndex",
            KeyConditionExpression="gsi1pk = :pk",
            ExpressionAttributeValues={":pk": {"S": category_partition(category["category_id"])}},
        )
        return items_of_response(response)

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
        scan_categories(rec),
    )
    listings = [i for i in items_of_response(collection) if i["sk"].startswith(LISTING_PREFIX)]
    items_of_response(reviews)
    sellers = [(USERS.name, UserKey(i["seller_id"]).encode()) for i in listings]
    if sellers:
        await batch_get(rec, sellers)


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
        return items_of_response(response)

    await asyncio.gather(*(card(i) for i in request.variables["ids"]))


async def seller_storefront(rec: Recorder, request: Request, secret: bytes) -> None:
    seller_id = request.variables["id"]
    first = int(request.variables.get("first") or 20)
    _, listings, reviews = await asyncio.gather(
        batch_get(rec, [(USERS.name, UserKey(seller_id).encode())]),
        rec(
            "Query",
            TableName=PRODUCTS.name,
            IndexName="SellerProductsIndex",
            KeyConditionExpression="gsi2pk = :pk",
            ExpressionAttributeValues={":pk": {"S": seller_id}},
            Limit=first + 1,
        ),
        index_page(rec, REVIEWS.name, "SellerReviewsIndex", ("gsi1pk", seller_id), 3),
    )
    ids = [i["product_id"] for i in items_of_response(listings)[:first]]
    ids += [i["product_id"] for i in items_of_response(reviews)]
    await batch_get(rec, [(PRODUCTS.name, ProductKey(i).encode()) for i in ids])


async def category_by_slug(rec: Recorder, request: Request, secret: bytes) -> None:
    """The storage contract has no index by slug: the small table's one Scan answers it
    and the breadcrumbs."""
    slug = request.variables["slug"]
    categories = await scan_categories(rec)
    _ = [c for c in categories if c.get("slug") == slug]


async def more_reviews(rec: Recorder, request: Request, secret: bytes) -> None:
    """The product (null if there is none) and its page of reviews at once; the reviewer's
    name is on each review."""
    product_id = request.variables["productId"]
    first = int(request.variables.get("first") or 20)
    await asyncio.gather(
        batch_get(rec, [(PRODUCTS.name, ProductKey(product_id).encode())]),
        rec(
            "Query",
            TableName=REVIEWS.name,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues={":pk": {"S": product_id}, ":prefix": {"S": REVIEW_PREFIX}},
            ScanIndexForward=False,
            Limit=first + 1,
        ),
    )


async def seller_reviews(rec: Recorder, request: Request, secret: bytes) -> None:
    """The seller and its page of reviews (by index) at once; then the reviewed products."""
    seller_id = request.variables["sellerId"]
    first = int(request.variables.get("first") or 20)
    _, page = await asyncio.gather(
        batch_get(rec, [(USERS.name, UserKey(seller_id).encode())]),
        index_page(rec, REVIEWS.name, "SellerReviewsIndex", ("gsi1pk", seller_id), first + 1),
    )
    ids = {i["product_id"] for i in items_of_response(page)[:first]}
    if ids:
        await batch_get(rec, [(PRODUCTS.name, ProductKey(i).encode()) for i in ids])


async def search_products(rec: Recorder, request: Request, secret: bytes) -> None:
    """The storage contract has no text index: over the gateway's own (`TERM#<term>`
    items and their prefix index, README: Search), one Query per whole word and one of the
    prefix index for the last word, at once, then the page's products."""
    first = int(request.variables.get("first") or 20)
    text = SearchText.of(request.variables["text"])

    async def matches(key_condition: str, values: dict[str, str], **index: str) -> list[Item]:
        response = await rec(
            "Query",
            TableName=PRODUCTS.name,
            KeyConditionExpression=key_condition,
            ExpressionAttributeValues={k: {"S": v} for k, v in values.items()},
            **index,
        )
        return items_of_response(response)

    reads = [matches("pk = :pk", {":pk": term_partition(term)}) for term in text.whole]
    if text.prefix is not None:
        bucket = term_bucket_partition(term_bucket(text.prefix))
        reads.append(
            matches(
                "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
                {":pk": bucket, ":prefix": text.prefix},
                IndexName=PREFIX_INDEX.name,
            )
        )
    found = await asyncio.gather(*reads)
    scores: dict[str, int] = {}
    for item in (item for items in found for item in items):
        scores[item["product_id"]] = scores.get(item["product_id"], 0) + int(item["weight"])
    ranked = sorted(scores, key=lambda p: -scores[p])[:first]
    if ranked:
        await batch_get(rec, [(PRODUCTS.name, ProductKey(p).encode()) for p in ranked])


FLOORS: dict[str, Floor] = {
    "CategoryTree": category_tree,
    "CategoryPage": category_page,
    "ProductPage": product_page,
    "ProductCards": product_cards,
    "SellerStorefront": seller_storefront,
    "MyOrders": orders.my_orders,
    "OrderDetail": orders.order_detail,
    "CategoryBySlug": category_by_slug,
    "MoreReviews": more_reviews,
    "SellerReviews": seller_reviews,
    "SearchProducts": search_products,
    "SellerOrderItems": orders.seller_order_items,
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
