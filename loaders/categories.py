"""The category tree, and a category subtree's products in price order.

The whole tree is read with one Scan of the Categories table (paged past 1 MB), filtered
to the Category items (`sk = INFO`: the links and slug guards are read, and left out by
DynamoDB rather than sent, parsed and dropped here): it is small (a category is a few
hundred bytes; 40 of them are one call), and every category question of a request
(roots, children, breadcrumbs, a slug, the subtree under a category) is then answered
without another read. Walking the Subcategory links one level at a time would cost a
round per level.
"""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum
from typing import Any

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
    return CategoryTree.from_items(await dynamo.scan_all(CATEGORIES, INFO))


@dataclass(frozen=True)
class PriceRange:
    """Inclusive bounds in minor units; None is unbounded."""

    min_cents: int | None = None
    max_cents: int | None = None

    def bounds(self) -> tuple[str, str]:
        low = price_bound(self.min_cents) if self.min_cents is not None else PRICE_PREFIX
        high = price_bound(self.max_cents + 1) if self.max_cents is not None else _PRICE_CEILING
        return low, high


class ProductOrder(Enum):
    """A category page's order: the index read, its sort key, and the direction."""

    PRICE_ASC = ("CategoryPriceIndex", "gsi1sk", True)
    PRICE_DESC = ("CategoryPriceIndex", "gsi1sk", False)
    NEWEST = ("CategoryNewestIndex", "gsi4sk", False)
    RATING = ("CategoryRatingIndex", "gsi5sk", False)

    def __init__(self, index: str, sort_key: str, forward: bool) -> None:
        self.index = index
        self.sort_key = sort_key
        self.forward = forward

    @property
    def by_price(self) -> bool:
        return self.sort_key == "gsi1sk"

    def position(self, item: Item) -> str:
        return str(item[self.sort_key])

    def beyond(self, item: Item, after: str | None) -> bool:
        """Whether the item comes after the position `after` in this order."""
        return after is None or (
            self.position(item) > after if self.forward else self.position(item) < after
        )


@dataclass(frozen=True)
class CategoryProductsPage:
    category_ids: tuple[str, ...]
    limit: int | None  # None: every product after the cursor
    prices: PriceRange = PriceRange()
    after_sort_key: str | None = None
    counted: bool = False  # the caller shows how many products the price range holds
    order: ProductOrder = ProductOrder.PRICE_ASC


@dataclass(frozen=True)
class CategoryProducts:
    items: list[Item]  # up to `limit`, after the cursor
    total: int | None  # how many the price range holds, when `counted`


def _key_condition(page: CategoryProductsPage) -> tuple[str, dict[str, str]]:
    """The sort key's range: the price range on the price index, narrowed to the products
    after the cursor unless the whole range is read to count it."""
    order, after = page.order, page.after_sort_key
    low, high = page.prices.bounds() if order.by_price else (None, None)
    if after is not None and not page.counted:
        if order.forward:
            low = after if low is None else max(low, after)
        else:
            high = after if high is None else min(high, after)
    sk = order.sort_key
    clauses = {
        (True, True): f" AND {sk} BETWEEN :low AND :high",
        (True, False): f" AND {sk} >= :low",
        (False, True): f" AND {sk} <= :high",
        (False, False): "",
    }
    values = {name: value for name, value in ((":low", low), (":high", high)) if value is not None}
    return "gsi1pk = :pk" + clauses[(low is not None, high is not None)], values


def _price_filter(page: CategoryProductsPage) -> tuple[str | None, dict[str, int]]:
    """Off the price index, the price range is a filter on `min_price_cents`."""
    low, high = page.prices.min_cents, page.prices.max_cents
    if page.order.by_price or (low is None and high is None):
        return None, {}
    clauses, values = [], {}
    if low is not None:
        clauses.append("min_price_cents >= :min_price")
        values[":min_price"] = low
    if high is not None:
        clauses.append("min_price_cents <= :max_price")
        values[":max_price"] = high
    return " AND ".join(clauses), values


async def category_products(dynamo: Dynamo, page: CategoryProductsPage) -> CategoryProducts:
    """Up to `limit` active products of the categories in the page's order, ties by id.

    One Query per category partition, concurrent, on the order's index (read backwards for
    PRICE_DESC, NEWEST and RATING), the price range as the key condition on the price index
    and as a filter elsewhere; the sorted pages are merged. Uncounted, each Query starts
    after the cursor and stops at `limit` items. Counted, each reads its whole range (past
    1 MB pages, `partition_range`): the page and the count come from the same calls. A
    COUNT Query beside a page Query would read those items all the same (its read capacity
    is the same) in twice the calls.
    """
    if reads_nothing(page):
        return CategoryProducts([], 0 if page.counted else None)
    if page.counted or page.limit is None:
        ranges = [partition_range(dynamo, page, c) for c in page.category_ids]
        return merged_page(page, await asyncio.gather(*ranges))
    condition, values, options = _query(page)
    wanted = page.limit + (1 if page.after_sort_key is not None else 0)
    reads = [
        dynamo.query_page(PRODUCTS, condition, values(c), wanted, **options)
        for c in page.category_ids
    ]
    return merged_page(page, await asyncio.gather(*reads))


async def partition_range(
    dynamo: Dynamo, page: CategoryProductsPage, category_id: str
) -> list[Item]:
    """Every product of one category partition in the page's price range and order, after
    its cursor unless counted: a counted page's reads depend on the category, the prices
    and the order alone."""
    if reads_nothing(page):
        return []
    condition, values, options = _query(page)
    return await dynamo.query_all(PRODUCTS, condition, values(category_id), **options)


def whole_partition(page: CategoryProductsPage) -> CategoryProductsPage:
    """The counted page over each partition's every product, in the page's order: what
    `partition_range` reads for it holds the page's own range (`in_price_range`)."""
    return replace(page, prices=PriceRange(), after_sort_key=None, counted=True)


def in_price_range(page: CategoryProductsPage, item: Item) -> bool:
    """Whether the page's reads would return `item`: its sort key within the page's bounds
    on the price index (the key condition), its `min_price_cents` elsewhere (the filter)."""
    prices = page.prices
    if prices == PriceRange():
        return True
    if page.order.by_price:
        low, high = prices.bounds()
        return low <= str(item["gsi1sk"]) <= high
    price = item.get("min_price_cents")
    if not isinstance(price, int | Decimal) or isinstance(price, bool):
        return False  # DynamoDB's filter compares numbers only
    return (prices.min_cents is None or price >= prices.min_cents) and (
        prices.max_cents is None or price <= prices.max_cents
    )


def merged_page(page: CategoryProductsPage, pages: Sequence[list[Item]]) -> CategoryProducts:
    """The partitions' sorted reads merged into the page: after the cursor, `limit` of
    them; with the count of all read, when counted."""
    if reads_nothing(page):
        return CategoryProducts([], 0 if page.counted else None)
    order, skip = page.order, page.after_sort_key
    merged = heapq.merge(*pages, key=order.position, reverse=not order.forward)
    after = [item for item in merged if order.beyond(item, skip)]
    items = after if page.limit is None else after[: page.limit]
    return CategoryProducts(items, sum(map(len, pages)) if page.counted else None)


def reads_nothing(page: CategoryProductsPage) -> bool:
    """An empty price range, or a page of no products and no count."""
    low, high = page.prices.bounds()
    return low > high or (page.limit == 0 and not page.counted)


def _query(
    page: CategoryProductsPage,
) -> tuple[str, Callable[[str], dict[str, str | int]], dict[str, Any]]:
    """The key condition, each partition's values, and the Query's options."""
    condition, bounds = _key_condition(page)
    price_filter, price_values = _price_filter(page)
    order = page.order
    options = {"index": order.index, "forward": order.forward, "filter_expression": price_filter}

    def values(category_id: str) -> dict[str, str | int]:
        return {":pk": category_partition(category_id), **bounds, **price_values}

    return condition, values, options
