"""The category tree, and a category subtree's products in price order.

The whole tree is read with one Scan of the Categories table (paged past 1 MB): it is
small (a category is a few hundred bytes; 40 of them are one call), and every category
question of a request (roots, children, breadcrumbs, a slug, the subtree under a
category) is then answered without another read. Walking the Subcategory links one
level at a time would cost a round per level.
"""

from __future__ import annotations

import asyncio
import heapq
from dataclasses import dataclass, field

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import INFO, PRICE_PREFIX, ROOT_CATEGORY, category_partition, price_bound
from loaders.model import CATEGORIES, PRODUCTS

CATEGORY_PRICE_INDEX = PRODUCTS.index("CategoryPriceIndex")
# Above every `PRICE#<12 digits>#<id>` sort key: '~' sorts after every digit.
_PRICE_CEILING = PRICE_PREFIX + "~"


@dataclass
class CategoryTree:
    """Built from the Category items alone (links and slug guards are skipped): children
    from each one's `parent_id`, and `path`/`depth` derived from the chain of `parent_id`s,
    so that a category's subtree reads right while a move is still rewriting the stored
    paths below it. `stored` keeps the items as read; `stale` says which differ."""

    categories: dict[str, Item] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    by_slug: dict[str, str] = field(default_factory=dict)
    stored: dict[str, Item] = field(default_factory=dict)

    @classmethod
    def from_items(cls, items: list[Item]) -> CategoryTree:
        tree = cls()
        for item in items:
            if item["sk"] == INFO and item.get("entity", "Category") == "Category":
                tree.stored[item["pk"]] = item
                tree.by_slug[item["slug"]] = item["pk"]
        order = sorted(
            tree.stored.values(),
            key=lambda c: (c.get("position", 0), c.get("name", ""), c["pk"]),
        )
        for category in order:
            parent = category.get("parent_id") or ROOT_CATEGORY
            tree.children.setdefault(parent, []).append(category["pk"])
        for category_id, item in tree.stored.items():
            path = tree._lineage(category_id)
            if path is not None and (
                path != item.get("path") or len(path) - 1 != item.get("depth")
            ):
                item = item | {"path": path, "depth": len(path) - 1}
            tree.categories[category_id] = item
        return tree

    def _lineage(self, category_id: str) -> list[str] | None:
        """Ids from the root down to the category by `parent_id`; None if the chain is
        broken (a missing parent, a cycle): then the stored `path` stands."""
        path = [category_id]
        parent = self.stored[category_id].get("parent_id") or ROOT_CATEGORY
        while parent != ROOT_CATEGORY:
            above = self.stored.get(parent)
            if above is None or parent in path:
                return None
            path.append(parent)
            parent = above.get("parent_id") or ROOT_CATEGORY
        return path[::-1]

    def stale(self, category_id: str) -> list[Item]:
        """The stored items of the subtree whose `path` or `depth` is not what their
        parents say (a move under way, or one that stopped half-way)."""
        return [
            self.stored[c]
            for c in self.subtree(category_id)
            if c in self.stored and self.stored[c] is not self.categories[c]
        ]

    def roots(self) -> list[Item]:
        return self.children_of(ROOT_CATEGORY)

    def children_of(self, category_id: str) -> list[Item]:
        return [self.categories[c] for c in self.children.get(category_id, [])]

    def path(self, category_id: str) -> list[Item]:
        """Root first, the category itself last (its `path`, derived as above)."""
        category = self.categories.get(category_id)
        if category is None:
            return []
        ids = category.get("path") or [category_id]
        return [self.categories[i] for i in ids if i in self.categories]

    def subtree(self, category_id: str) -> list[str]:
        """The category and all its descendants."""
        found, stack = [], [category_id]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(reversed(self.children.get(current, [])))
        return found


async def category_tree(dynamo: Dynamo) -> CategoryTree:
    return CategoryTree.from_items(await dynamo.scan_all(CATEGORIES))


@dataclass(frozen=True)
class PriceRange:
    """Inclusive bounds in minor units; None is unbounded."""

    min_cents: int | None = None
    max_cents: int | None = None

    def bounds(self) -> tuple[str, str]:
        low = price_bound(self.min_cents) if self.min_cents is not None else PRICE_PREFIX
        high = price_bound(self.max_cents + 1) if self.max_cents is not None else _PRICE_CEILING
        return low, high


@dataclass(frozen=True)
class CategoryProductsPage:
    category_ids: tuple[str, ...]
    limit: int
    prices: PriceRange = PriceRange()
    after_sort_key: str | None = None
    counted: bool = False  # the caller shows how many products the price range holds


@dataclass(frozen=True)
class CategoryProducts:
    items: list[Item]  # up to `limit`, after the cursor
    total: int | None  # how many the price range holds, when `counted`


async def category_products(dynamo: Dynamo, page: CategoryProductsPage) -> CategoryProducts:
    """Up to `limit` active products of the categories, cheapest first, ties by id.

    One Query per category partition, concurrent, with the price range as the key
    condition; the sorted pages are merged. Uncounted, each Query starts after the cursor
    and stops at `limit` items. Counted, each reads its whole range (past 1 MB pages):
    the page and the count come from the same calls. A COUNT Query beside a page Query
    would read those items all the same (its read capacity is the same) in twice the calls.
    """
    low, high = page.prices.bounds()
    if low > high:
        return CategoryProducts([], 0 if page.counted else None)
    skip = page.after_sort_key
    condition = "gsi1pk = :pk AND gsi1sk BETWEEN :low AND :high"

    def values(category_id: str, start: str) -> dict[str, str]:
        return {":pk": category_partition(category_id), ":low": start, ":high": high}

    if page.counted:
        reads = [
            dynamo.query_all(PRODUCTS, condition, values(c, low), index=CATEGORY_PRICE_INDEX.name)
            for c in page.category_ids
        ]
    else:
        start = low if skip is None else max(low, skip)
        wanted = page.limit + (1 if skip is not None else 0)
        reads = [
            dynamo.query_page(
                PRODUCTS, condition, values(c, start), wanted, index=CATEGORY_PRICE_INDEX.name
            )
            for c in page.category_ids
        ]
    pages = await asyncio.gather(*reads)
    merged = heapq.merge(*pages, key=lambda item: str(item["gsi1sk"]))
    after = (item for item in merged if skip is None or item["gsi1sk"] > skip)
    items = [item for _, item in zip(range(page.limit), after, strict=False)]
    return CategoryProducts(items, sum(map(len, pages)) if page.counted else None)
