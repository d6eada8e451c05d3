"""A product's specifications and facets, replaced as a whole by its owners (its creator,
the sellers who list it, administrators; NOT_FOUND to anyone else).

One transaction: the Spec and Filter items new or changed are put, those no longer given
deleted, and the Product item's version moved (conditioned on the version read, so two
replacements at once cannot interleave). At most `MAX_SPECIFICATIONS` specifications and
`MAX_FACETS` facets, so that even a replacement of every name by another (a Put and a
Delete each) fits TransactWriteItems' 100 actions with the Product item's update.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from gateway.auth import Viewer
from gateway.errors import Problem, Rejected, ServiceUnavailable, UserErrorCode
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY
from loaders.errors import TransactionCancelled
from loaders.ids import timestamp
from loaders.keys import FacetKey, ProductKey, SpecKey
from loaders.product_details import collection_now, details_writes, replace_details
from loaders.products import ProductCollection
from loaders.request import RequestLoaders
from resolvers import validation
from resolvers.seller_catalog import is_owner

MAX_SPECIFICATIONS = 30
MAX_FACETS = 15
NAME_LENGTH = 50
VALUE_LENGTH = 200
UNIT_LENGTH = 20
GROUP_LENGTH = 50
assert 2 * (MAX_SPECIFICATIONS + MAX_FACETS) + 1 <= 100

NO_PRODUCT = Problem(UserErrorCode.NOT_FOUND, "You have no product with this id.", ("product_id",))


@dataclass(frozen=True)
class Specification:
    name: str
    value: str
    unit: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Facet:
    name: str
    value: str


def _list_problems(
    entries: Sequence[Specification | Facet], field: str, most: int
) -> list[Problem | None]:
    if len(entries) > most:
        return [validation.invalid(field, f"At most {most} are allowed.")]
    found: list[Problem | None] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries):
        at = f"{field}.{n}"
        found.append(validation.text(entry.name, f"{at}.name", "A name", longest=NAME_LENGTH))
        found.append(validation.text(entry.value, f"{at}.value", "A value", longest=VALUE_LENGTH))
        if isinstance(entry, Specification):
            found.append(
                validation.text(
                    entry.unit, f"{at}.unit", "A unit", required=False, longest=UNIT_LENGTH
                )
            )
            found.append(
                validation.text(
                    entry.group, f"{at}.group", "A group", required=False, longest=GROUP_LENGTH
                )
            )
        folded = entry.name.strip().casefold()
        if folded in seen:
            found.append(validation.invalid(f"{at}.name", "Each name is given once."))
        seen.add(folded)
    return found


def _specification_item(product_id: str, entry: Specification) -> Item:
    item: Item = {
        "entity": "Spec",
        "product_id": product_id,
        "name": entry.name.strip(),
        "value": entry.value.strip(),
        "unit": validation.clean(entry.unit),
        "group": validation.clean(entry.group),
    }
    return {k: v for k, v in item.items() if v is not None}


def _facet_item(product_id: str, entry: Facet) -> Item:
    return {
        "entity": "Filter",
        "product_id": product_id,
        "name": entry.name.strip(),
        "value": entry.value.strip(),
    }


async def set_product_details(
    loaders: RequestLoaders,
    viewer: Viewer,
    product_id: str,
    specifications: list[Specification],
    facets: list[Facet],
) -> Item:
    """The product, its specifications and facets now exactly those given."""
    validation.reject_invalid(
        *_list_problems(specifications, "specifications", MAX_SPECIFICATIONS),
        *_list_problems(facets, "facets", MAX_FACETS),
    )
    specs = [_specification_item(product_id, s) for s in specifications]
    filters = [_facet_item(product_id, f) for f in facets]
    dynamo = loaders.dynamo
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        collection = await collection_now(dynamo, product_id)
        product = collection.product
        mine = next((i for i in collection.listings if i["seller_id"] == viewer.user_id), None)
        if product is None or not is_owner(viewer, product, mine):
            raise Rejected(NO_PRODUCT)
        writes = details_writes(collection, specs, filters)
        if writes:
            try:
                product = await replace_details(dynamo, product, writes, timestamp())
            except TransactionCancelled:
                await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
                continue
        keyed = [s | SpecKey(product_id, s["name"]).encode() for s in specs]
        keyed += [f | FacetKey(product_id, f["name"]).encode() for f in filters]
        keyed.sort(key=lambda item: str(item["sk"]))  # as a Query reads them back
        after = ProductCollection.from_items(
            [product, *collection.listings, *collection.images, *keyed]
        )
        loaders.product_collections.clear(product_id).prime(product_id, after)
        loaders.items.clear(ProductKey(product_id)).prime(ProductKey(product_id), product)
        return product
    raise ServiceUnavailable("This product kept changing while its details were set; try again.")
