"""A product's details (its Spec and Filter items) replaced as a whole, and the whole item
collection read as of now, which the details and images writes decide on."""

from __future__ import annotations

from collections.abc import Sequence

from loaders.catalog_writes import VERSION, unchanged_product, version_of
from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.facet_counts import facet_count_writes
from loaders.keys import FacetKey, ProductKey, SpecKey
from loaders.model import PRODUCTS
from loaders.products import ProductCollection
from loaders.writes import Delete, Put, Update, Write

MAX_ACTIONS = 100
"""TransactWriteItems' limit."""


async def collection_now(dynamo: Dynamo, product_id: str) -> ProductCollection:
    """A product's whole item collection, strongly consistent: one Query."""
    items = await dynamo.query_all(PRODUCTS, "pk = :pk", {":pk": product_id}, consistent=True)
    return ProductCollection.from_items(items)


def _replace(
    key_of: type[SpecKey] | type[FacetKey],
    product_id: str,
    before: Sequence[Item],
    after: Sequence[Item],
) -> list[Write]:
    """Puts of the items new or changed, Deletes of those no longer there."""
    kept = {str(item["name"]): item for item in before}
    wanted = {str(item["name"]): item for item in after}
    writes: list[Write] = []
    for name, item in wanted.items():
        old = kept.get(name)
        if old is None or {k: v for k, v in old.items() if k not in ("pk", "sk")} != item:
            writes.append(Put(key_of(product_id, name), item))
    writes += [Delete(key_of(product_id, name)) for name in kept if name not in wanted]
    return writes


def details_writes(
    collection: ProductCollection, specifications: Sequence[Item], facets: Sequence[Item]
) -> list[Write]:
    """What replaces the product's specifications and facets, with the facet counters
    that moves (`loaders/facet_counts.py`); empty when nothing changes."""
    product = collection.product
    assert product is not None
    product_id = str(product["product_id"])
    return [
        *_replace(SpecKey, product_id, collection.specifications, specifications),
        *_replace(FacetKey, product_id, collection.facets, facets),
        *facet_count_writes(product, collection.facets, product, facets),
    ]


async def replace_details(dynamo: Dynamo, product: Item, writes: Sequence[Write], at: str) -> Item:
    """The details' writes with the product's `updated_at` and version, conditioned on the
    version read, in one transaction; past TransactWriteItems' `MAX_ACTIONS` (every name
    replaced, and the facet counters), in two: the specifications, then the facets with
    their counters, each moving the version from the one the other left. Returns the
    product as written; raises `TransactionCancelled` (the second transaction cannot
    fail but for a write between the two: then the facets stay as they were, with their
    counters, and the caller decides again)."""
    parts = [list(writes)]
    if len(writes) + 1 > MAX_ACTIONS:
        specs = [w for w in writes if isinstance(w.key, SpecKey)]
        parts = [specs, [w for w in writes if not isinstance(w.key, SpecKey)]]
    for part in parts:
        moved = {"updated_at": at, VERSION: version_of(product) + 1}
        condition, values = unchanged_product(product)
        bump = Update(ProductKey(str(product["product_id"])), moved, condition, values)
        await dynamo.transact_write([bump, *part])
        product = product | moved
    return product
