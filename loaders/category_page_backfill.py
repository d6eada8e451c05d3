"""What `tables create` adds to data written before category pages had sorts and facets:
the NEWEST and RATING index keys of the products on their category's pages that lack
them, and, when it has just created the Filters table, the facet counters counted from
the products and their Filter items.

The keys are set by an Update conditioned on the version read, as every product write
is: a product changed meanwhile got its keys from that write. The counters are counted
from one Scan: a product write between the Scan and the counters' Puts would be lost
from them, so the first `tables create` of this version belongs before traffic resumes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from loaders.catalog_writes import index_keys, unchanged_product
from loaders.codec import Item, decode_item, encode_item
from loaders.dynamo import DynamoClient
from loaders.facet_counts import counted_facets, counter_items, on_pages
from loaders.keys import ProductKey
from loaders.model import FILTERS, PRODUCTS
from loaders.writes import Update, write_request


async def _scan(client: DynamoClient, name: str) -> list[Item]:
    items: list[Item] = []
    request: dict[str, Any] = {
        "TableName": name,
        "FilterExpression": "entity IN (:product, :filter)",
        "ExpressionAttributeValues": {":product": {"S": "Product"}, ":filter": {"S": "Filter"}},
    }
    while True:
        page = await client.scan(**request)
        items += [decode_item(raw) for raw in page.get("Items", [])]
        if "LastEvaluatedKey" not in page:
            return items
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


async def backfill_category_pages(
    client: DynamoClient, prefix: str, report: Callable[[str], None], *, count_facets: bool
) -> None:
    name = prefix + PRODUCTS.name
    items = await _scan(client, name)
    products = [i for i in items if i["entity"] == "Product"]
    keyed = 0
    for product in products:
        if not on_pages(product) or product.get("gsi4sk") is not None:
            continue
        keys = {k: v for k, v in index_keys(product).items() if v is not None}
        condition, values = unchanged_product(product)
        _, request = write_request(
            Update(ProductKey(str(product["product_id"])), keys, condition, values), name
        )
        try:
            await client.update_item(**request)
        except client.exceptions.ConditionalCheckFailedException:
            continue  # changed meanwhile: that write set its keys
        keyed += 1
    if keyed:
        report(f"table {name}: NEWEST and RATING keys set on {keyed} products")
    if not count_facets:
        return
    facets: dict[str, list[Item]] = {}
    for item in items:
        if item["entity"] == "Filter":
            facets.setdefault(str(item["pk"]), []).append(item)
    counted = [counted_facets(p, facets.get(str(p["pk"]), [])) for p in products]
    counters = counter_items(counted)
    for counter in counters:
        await client.put_item(TableName=prefix + FILTERS.name, Item=encode_item(counter))
    if counters:
        report(f"table {prefix + FILTERS.name}: {len(counters)} facet counters counted")
