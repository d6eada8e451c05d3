"""Searchable products written straight to the Products table, with their term items."""

from __future__ import annotations

import uuid
from typing import Any

import boto3

from gateway.settings import Settings
from loaders.search import term_items

Item = dict[str, Any]
T0 = "2026-03-01T10:00:00.000Z"


def word() -> str:
    """A word no other test's product holds."""
    return "w" + uuid.uuid4().hex[:10]


def searchable(
    name: str,
    *,
    brand: str = "Nobrand",
    tags: list[str] | None = None,
    active: bool = True,
    pid: str | None = None,
    description: str | None = None,
    price_cents: int = 1250,
) -> Item:
    """A Product item in a category of its own (so no category page shows it)."""
    pid = pid or "p-" + uuid.uuid4().hex
    return {
        "pk": pid, "sk": "INFO", "entity": "Product", "product_id": pid, "name": name,
        "description": f"The {name}" if description is None else description, "brand": brand,
        "category_id": "c-" + pid, "tags": tags or [], "is_active": active, "rating_sum": 0,
        "rating_count": 0, "min_price_cents": price_cents, "currency": "USD", "created_at": T0,
        "updated_at": T0,
    }  # fmt: skip


def listing(product: Item, seller_id: str, stock: int, *, active: bool = True) -> Item:
    """A seller's offer of the product, at the product's price."""
    pid = product["product_id"]
    return {
        "pk": pid, "sk": f"SELLER#{seller_id}", "entity": "Listing", "product_id": pid,
        "seller_id": seller_id, "seller_name": seller_id, "price_cents": product["min_price_cents"],
        "currency": "USD", "stock": stock, "condition": "NEW", "is_active": active,
        "created_at": T0, "updated_at": T0, "gsi2pk": seller_id, "gsi2sk": f"PRODUCT#{pid}",
    }  # fmt: skip


def facet(product: Item, name: str, value: str) -> Item:
    pid = product["product_id"]
    return {"pk": pid, "sk": f"FILTER#{name}", "entity": "Filter", "product_id": pid,
            "name": name, "value": value}  # fmt: skip


def _products_table(settings: Settings) -> Any:
    resource = boto3.resource(
        "dynamodb", endpoint_url=settings.dynamodb_endpoint, region_name=settings.aws_region
    )
    return resource.Table(settings.table_prefix + "Products")


def write_products(settings: Settings, products: list[Item], *, index: bool = True) -> None:
    """The Product items and, with `index`, their term items."""
    with _products_table(settings).batch_writer() as batch:
        for product in products:
            batch.put_item(Item=product)
            is_product = product["sk"] == "INFO"
            for term in term_items(product) if index and is_product else []:
                batch.put_item(Item=term)


def delete_product(settings: Settings, product: Item) -> None:
    """The Product item only: its term items stay, as stale as an outside writer leaves them."""
    _products_table(settings).delete_item(Key={"pk": product["pk"], "sk": "INFO"})


def term_partition_items(settings: Settings, term: str) -> list[Item]:
    """The items under a term, read straight from the table."""
    response = _products_table(settings).query(
        KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": f"TERM#{term}"}
    )
    return list(response["Items"])
