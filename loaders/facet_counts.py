"""Facet counts (the Filters table, seed 000's design and an addition here): per category,
how many of its active products have each facet value; a category's facets are the sums
over its subtree.

A product counts, in its own category only, while it is on its category's pages (active,
with a price: what `category.products` shows), once under each of its facets (Filter
items), names and values case-folded as filters compare them. Every write that changes
whether it counts, its category or its facets moves the counters in its own transaction
(ADD of +1 or -1, one Update per counter whose total moves), computed from the Product
item and the Filter items as read at the version that transaction is conditioned on. So
a counter moves exactly when what it counts does: a write decided on a stale read fails
as a whole and is decided again, and no product is ever counted twice or missed.
Counting per own category keeps a category's move (re-parenting) free of counter writes,
and a write's counters to at most two per facet.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import FACET_PREFIX, FacetCountKey
from loaders.model import FILTERS, PRODUCTS
from loaders.writes import Update

Counted = tuple[str, str, str]  # category, folded name, folded value


def folded(text: str) -> str:
    """A facet name or value as filters and counts compare it."""
    return text.strip().casefold()


def on_pages(product: Item | None) -> bool:
    return product is not None and product.get("gsi1pk") is not None


def counted_facets(product: Item | None, facets: Sequence[Item]) -> dict[Counted, Item]:
    """What the product adds to the counters, each with its facet as written."""
    if product is None or not on_pages(product):
        return {}
    category = str(product["category_id"])
    return {
        (category, folded(str(f["name"])), folded(str(f["value"]))): f
        for f in facets
        if str(f.get("value", "")).strip()
    }


def facet_count_writes(
    before: Item | None,
    before_facets: Sequence[Item],
    after: Item | None,
    after_facets: Sequence[Item],
) -> list[Update]:
    """The counter updates that take a product from `before` (with its facets) to `after`."""
    old, new = counted_facets(before, before_facets), counted_facets(after, after_facets)
    writes = []
    for key in sorted(old.keys() ^ new.keys()):
        facet = new.get(key) or old[key]
        delta = 1 if key in new else -1
        writes.append(
            Update(
                FacetCountKey(*key),
                {"category_id": key[0], "name": str(facet["name"]), "value": str(facet["value"])},
                adds={"count": delta},
            )
        )
    return writes


def moves_counts(before: Item, after: Item) -> bool:
    """Whether a change of the Product item alone moves its facets' counters."""
    return on_pages(before) != on_pages(after) or (
        on_pages(after) and before.get("category_id") != after.get("category_id")
    )


def counter_items(counted: Sequence[dict[Counted, Item]]) -> list[Item]:
    """The counters of products counted from scratch (the demo data, a first backfill)."""
    counts: Counter[Counted] = Counter()
    shown: dict[Counted, Item] = {}
    for product in counted:
        for key, facet in product.items():
            counts[key] += 1
            shown.setdefault(key, facet)
    return [
        FacetCountKey(*key).encode()
        | {
            "entity": "FacetCount",
            "category_id": key[0],
            "name": str(shown[key]["name"]),
            "value": str(shown[key]["value"]),
            "count": count,
        }
        for key, count in sorted(counts.items())
    ]


async def facets_now(dynamo: Dynamo, product_id: str) -> list[Item]:
    """A product's Filter items, strongly consistent: one Query."""
    return await dynamo.query_all(
        PRODUCTS,
        "pk = :pk AND begins_with(sk, :prefix)",
        {":pk": product_id, ":prefix": FACET_PREFIX},
        consistent=True,
    )


@dataclass(frozen=True)
class FacetValueCount:
    value: str
    count: int


@dataclass(frozen=True)
class FacetCounts:
    name: str
    values: list[FacetValueCount]  # most products first, then by value


async def category_facets(dynamo: Dynamo, category_ids: Sequence[str]) -> list[FacetCounts]:
    """The facets of the categories' active products, summed, names in order: one Query
    per category, concurrently."""
    pages = await asyncio.gather(
        *(
            dynamo.query_all(FILTERS, "pk = :pk", {":pk": category_id})
            for category_id in category_ids
        )
    )
    counts: Counter[tuple[str, str]] = Counter()
    shown: dict[tuple[str, str], tuple[str, str]] = {}
    for item in (item for page in pages for item in page):
        key = (folded(str(item["name"])), folded(str(item["value"])))
        counts[key] += int(item.get("count", 0))
        shown.setdefault(key, (str(item["name"]), str(item["value"])))
    names: dict[str, list[tuple[str, str]]] = {}
    for key in sorted(k for k, n in counts.items() if n > 0):
        names.setdefault(key[0], []).append(key)
    return [
        FacetCounts(
            shown[keys[0]][0],
            sorted(
                (FacetValueCount(shown[k][1], counts[k]) for k in keys),
                key=lambda v: (-v.count, folded(v.value)),
            ),
        )
        for keys in names.values()
    ]
