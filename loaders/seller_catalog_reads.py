"""A seller's own catalog through `SellerCatalogIndex` (an addition to the storage
contract): the products they created (the Product item, under `created_by`) and those of
others they list (their Listing item), each (seller, product) once, newest first.

"Inactive" is the entry's own `is_active`: a product created by the seller and
deactivated, or another's product whose listing the seller withdrew.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.model import PRODUCTS

SELLER_CATALOG_INDEX = PRODUCTS.index("SellerCatalogIndex")
_ACTIVE = "is_active = :active"


@dataclass(frozen=True)
class SellerCatalogPage:
    seller_id: str
    limit: int
    include_inactive: bool
    after: tuple[str, str, str] | None = None  # (gsi3sk, pk, sk) of the last entry seen


def _filter(include_inactive: bool) -> tuple[str | None, dict[str, Any]]:
    return (None, {}) if include_inactive else (_ACTIVE, {":active": True})


async def seller_catalog(dynamo: Dynamo, page: SellerCatalogPage) -> list[Item]:
    """Up to `limit` entries (Product or Listing items), newest first."""
    start_key = None
    if page.after is not None:
        index_sk, pk, sk = page.after
        start_key = {"gsi3pk": page.seller_id, "gsi3sk": index_sk, "pk": pk, "sk": sk}
    condition, values = _filter(page.include_inactive)
    return await dynamo.query_page(
        PRODUCTS,
        "gsi3pk = :seller",
        {":seller": page.seller_id, **values},
        page.limit,
        index=SELLER_CATALOG_INDEX.name,
        forward=False,
        start_key=start_key,
        filter_expression=condition,
    )


async def count_seller_catalog(dynamo: Dynamo, seller_id: str, include_inactive: bool) -> int:
    """How many entries the seller's catalog holds (a COUNT Query, no item returned)."""
    condition, values = _filter(include_inactive)
    return await dynamo.count(
        PRODUCTS,
        "gsi3pk = :seller",
        {":seller": seller_id, **values},
        index=SELLER_CATALOG_INDEX.name,
        filter_expression=condition,
    )


def catalog_position(entry: Item) -> tuple[str, str, str]:
    return (str(entry["gsi3sk"]), str(entry["pk"]), str(entry["sk"]))
