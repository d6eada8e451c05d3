"""A category page narrowed by a filter: the order's index read ahead in bounded pages,
each product checked against the filter, until the page holds `first` products.

Price (on the price index, as the key condition; elsewhere as a Query filter) and brand
are answered by the index items (whole Product items); stock, seller and facets by each
remaining candidate's item collection (one Query each, concurrently, per read-ahead page).
Bounds per request: `MAX_EXAMINED` products past the cursor and `MAX_CHECKED` item
collections. A page that reaches a bound before it is full comes back short with
`hasNextPage` true and `endCursor` at the last product examined: the next page goes on
from there, so no match is skipped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from loaders.categories import CategoryProductsPage, CategoryTree, ProductOrder
from loaders.codec import Item
from loaders.request import RequestLoaders
from resolvers.product_filter import ProductFilter

FIRST_READ_AHEAD = 20
"""The least a first read-ahead page asks for (twice the page when that is more; the page
itself when only prices narrow, which the reads answer); each next one doubles, up to
`READ_AHEAD`."""
READ_AHEAD = 100
MAX_EXAMINED = 300
MAX_CHECKED = 100

Chunk = Callable[[str | None, int], Awaitable[tuple[list[Item], bool]]]
"""Up to n products after a position, and whether none is left after them."""


@dataclass(frozen=True)
class FilteredPage:
    items: list[Item]  # up to `fetch` matches, in order
    resume_after: str | None  # a bound stopped the page short: where the next one starts
    total: int | None  # how many the arguments page through, when counted and known


async def _kept(loaders: RequestLoaders, narrowed: ProductFilter, items: list[Item]) -> list[bool]:
    """For each product, whether the filter keeps it (its collection read if needed)."""
    verdicts = [narrowed.keeps_product(item) for item in items]
    if not narrowed.needs_collection:
        return verdicts
    candidates = [item for item, kept in zip(items, verdicts, strict=True) if kept]
    collections = await asyncio.gather(
        *(loaders.product_collections.load(str(item["product_id"])) for item in candidates)
    )
    kept_ids = {
        str(item["product_id"])
        for item, collection in zip(candidates, collections, strict=True)
        if narrowed.keeps_collection(collection)
    }
    return [str(item["product_id"]) in kept_ids for item in items]


def _within_checks(narrowed: ProductFilter, chunk: list[Item], room: int) -> list[Item]:
    """The chunk cut before the candidate that would pass the collection bound."""
    if not narrowed.needs_collection:
        return chunk
    for index, item in enumerate(chunk):
        if narrowed.keeps_product(item):
            room -= 1
            if room < 0:
                return chunk[:index]
    return chunk


async def _page(
    loaders: RequestLoaders,
    narrowed: ProductFilter,
    order: ProductOrder,
    fetch: int,
    after: str | None,
    chunk: Chunk,
) -> tuple[list[Item], str | None]:
    found: list[Item] = []
    position, examined, checked = after, 0, 0
    size = fetch if narrowed.only_prices else max(2 * fetch, FIRST_READ_AHEAD)
    while len(found) < fetch:
        wanted = min(size, READ_AHEAD, MAX_EXAMINED - examined)
        if wanted <= 0 or (narrowed.needs_collection and checked >= MAX_CHECKED):
            return found, position  # a bound: the client goes on from `position`
        items, last = await chunk(position, wanted)
        within = _within_checks(narrowed, items, MAX_CHECKED - checked)
        checked += sum(map(narrowed.keeps_product, within)) if narrowed.needs_collection else 0
        for item, kept in zip(within, await _kept(loaders, narrowed, within), strict=True):
            if len(found) == fetch:
                break
            examined, position = examined + 1, order.position(item)
            if kept:
                found.append(item)
        if last and len(within) == len(items):
            return found, None
        size *= 2
    return found, None


async def filtered_category_products(
    loaders: RequestLoaders,
    tree: CategoryTree,
    category_id: str,
    order: ProductOrder,
    narrowed: ProductFilter,
    fetch: int,
    after: str | None,
    *,
    counted: bool,
) -> FilteredPage:
    """`fetch` products of the category's subtree that the filter keeps, in `order`, after
    the position `after`; with `counted`, how many it keeps in all (the whole range read
    once, the page taken from it; None when more than `MAX_CHECKED` collections would
    have to be read to know)."""
    subtree = tuple(tree.subtree(category_id))

    def page_of(position: str | None, limit: int | None, whole: bool) -> CategoryProductsPage:
        return CategoryProductsPage(subtree, limit, narrowed.prices, position, whole, order)

    async def from_index(position: str | None, n: int) -> tuple[list[Item], bool]:
        read = await loaders.category_products.load(page_of(position, n, False))
        return read.items, len(read.items) < n

    if not counted:
        items, resume = await _page(loaders, narrowed, order, fetch, after, from_index)
        return FilteredPage(items, resume, None)
    whole = (await loaders.category_products.load(page_of(None, None, True))).items
    candidates = [item for item in whole if narrowed.keeps_product(item)]
    total: int | None = len(candidates)
    if narrowed.needs_collection:
        total = None
        if len(candidates) <= MAX_CHECKED:
            total = sum(await _kept(loaders, narrowed, candidates))

    async def from_whole(position: str | None, n: int) -> tuple[list[Item], bool]:
        rest = [item for item in whole if order.beyond(item, position)]
        return rest[:n], len(rest) <= n

    items, resume = await _page(loaders, narrowed, order, fetch, after, from_whole)
    return FilteredPage(items, resume, total)
