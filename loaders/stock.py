"""The StockTransactions table: the audit log of every change to a listing's stock.

The item format is built here and nowhere else (checkout, cancelling, restocking and a
seller's own adjustments all record through `stock_transaction`). The log is never
updated or deleted: for every listing, the sum of its `quantity_change` is its stock now
minus its stock when first listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.ids import new_id
from loaders.keys import StockTransactionKey
from loaders.model import STOCK_TRANSACTIONS
from loaders.writes import MUST_BE_NEW, Put

PRODUCT_TRANSACTION_INDEX = STOCK_TRANSACTIONS.index("ProductTransactionIndex")
SELLER_TRANSACTION_INDEX = STOCK_TRANSACTIONS.index("SellerTransactionIndex")

RESTOCK = "restock"
ORDER_PLACED = "order_placed"
ORDER_CANCELLED = "order_cancelled"
REFUND = "refund"
MANUAL_ADJUSTMENT = "manual_adjustment"
TRANSACTION_TYPES = (RESTOCK, ORDER_PLACED, ORDER_CANCELLED, REFUND, MANUAL_ADJUSTMENT)


def stock_transaction(
    listing: Item,
    kind: str,
    stock_before: int,
    stock_after: int,
    performed_by: str,
    at: str,
    *,
    order_id: str | None = None,
    notes: str | None = None,
) -> Item:
    """The audit record of `listing`'s stock going from `stock_before` to `stock_after`
    at `at` (a StockTransaction item, its index keys included; None values are left out
    when written)."""
    product_id, seller_id = listing["product_id"], listing["seller_id"]
    return {
        "entity": "StockTransaction",
        "transaction_id": new_id(),
        "timestamp": at,
        "product_id": product_id,
        "seller_id": seller_id,
        "transaction_type": kind,
        "quantity_change": stock_after - stock_before,
        "stock_before": stock_before,
        "stock_after": stock_after,
        "order_id": order_id,
        "performed_by": performed_by,
        "notes": notes,
        "gsi1pk": product_id,
        "gsi1sk": at,
        "gsi2pk": seller_id,
        "gsi2sk": at,
    }


def record(transaction: Item) -> Put:
    """The write of a StockTransaction item: a new item, never an overwrite."""
    key = StockTransactionKey(transaction["transaction_id"], transaction["timestamp"])
    return Put(key, transaction, MUST_BE_NEW)


@dataclass(frozen=True)
class ProductTransactionsPage:
    """A product's stock transactions, newest first; with `seller_id`, that seller's only.
    `after` is the (gsi1sk, pk, sk) of the last transaction already seen."""

    product_id: str
    limit: int
    seller_id: str | None = None
    after: tuple[str, str, str] | None = None


async def product_transactions(dynamo: Dynamo, page: ProductTransactionsPage) -> list[Item]:
    """One page through `ProductTransactionIndex` (more Queries only when the seller filter
    leaves a page short)."""
    start_key: dict[str, Any] | None = None
    if page.after is not None:
        index_sk, pk, sk = page.after
        start_key = {"gsi1pk": page.product_id, "gsi1sk": index_sk, "pk": pk, "sk": sk}
    values: dict[str, Any] = {":product": page.product_id}
    filter_expression = None
    if page.seller_id is not None:
        values[":seller"] = page.seller_id
        filter_expression = "seller_id = :seller"
    return await dynamo.query_page(
        STOCK_TRANSACTIONS,
        "gsi1pk = :product",
        values,
        page.limit,
        index=PRODUCT_TRANSACTION_INDEX.name,
        forward=False,
        start_key=start_key,
        filter_expression=filter_expression,
    )


def transaction_position(item: Item) -> tuple[str, str, str]:
    """What a cursor keeps of a transaction to resume after it."""
    return (str(item["gsi1sk"]), str(item["pk"]), str(item["sk"]))


async def seller_transactions(
    dynamo: Dynamo, seller_id: str, limit: int, after: tuple[str, str, str] | None
) -> list[Item]:
    """Up to `limit` of a seller's stock transactions across their listings, newest first
    (`SellerTransactionIndex`), after the one whose (gsi2sk, pk, sk) is `after`."""
    start_key = None
    if after is not None:
        index_sk, pk, sk = after
        start_key = {"gsi2pk": seller_id, "gsi2sk": index_sk, "pk": pk, "sk": sk}
    return await dynamo.query_page(
        STOCK_TRANSACTIONS,
        "gsi2pk = :seller",
        {":seller": seller_id},
        limit,
        index=SELLER_TRANSACTION_INDEX.name,
        forward=False,
        start_key=start_key,
    )


def seller_transaction_position(item: Item) -> tuple[str, str, str]:
    """What a cursor keeps of a transaction to resume a seller's log after it."""
    return (str(item["gsi2sk"]), str(item["pk"]), str(item["sk"]))
