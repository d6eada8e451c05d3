"""Product search: the text's words, the ranked matches, and one page of products.

Two rounds: the index (one Query per word, concurrently), then the page's Product items
(one BatchGetItem through the request's item loader). A filter on stock, seller or facets
adds a third: one Query per candidate that the Product item did not rule out. With the
catalog cache on, the ranked matches and the Product items are often kept: then a search
costs no call.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from gateway.errors import BadUserInput
from loaders.codec import Item
from loaders.keys import ProductKey
from loaders.request import RequestLoaders
from loaders.search import MIN_TERM_LENGTH, normalized, product_terms
from loaders.search_reads import MAX_MATCHES_PER_PREFIX, MAX_MATCHES_PER_TERM, SearchText
from resolvers.product_filter import ProductFilter

__all__ = ["MAX_MATCHES_PER_PREFIX", "MAX_MATCHES_PER_TERM"]  # the schema documents them

MAX_QUERY_TERMS = 8
SPARE_CANDIDATES = 5
"""Products read beyond the page, so that a skipped one (inactive, missing, or matched by a
stale term) seldom leaves the page short. The read stays one BatchGetItem (100 keys)."""
BATCH_GET_LIMIT = 100
MAX_FILTERED_HITS = BATCH_GET_LIMIT
"""A filtered search considers the best-ranked this many matches (one BatchGetItem): a
match ranked below them is not in its pages nor in its totalCount."""
MAX_SUGGESTIONS = 20


@dataclass(frozen=True)
class SearchRow:
    """A product on the page; `next_offset` is where the page after it starts."""

    item: Item
    next_offset: int


@dataclass(frozen=True)
class SearchPage:
    rows: list[SearchRow]
    next_offset: int
    has_next_page: bool
    total: int | None = None  # how many the search pages through, when counted


def search_text(text: str) -> SearchText:
    found = SearchText.of(text)
    if found.size > MAX_QUERY_TERMS:
        raise BadUserInput(
            f"Search text has {found.size} terms; use at most {MAX_QUERY_TERMS} words."
        )
    return found


def query_binding(text: str, narrowed: ProductFilter) -> str:
    """What a search cursor is bound to: the text as the search sees it, and the filter."""
    return f"searchProducts:{normalized(text)}:{narrowed.binding}"


def _still_matches(item: Item | None, text: SearchText) -> bool:
    """Whether the product, as stored now, is active and holds one of the words: a stale
    term item (left by a writer that skipped the index) then shows nothing wrong."""
    return item is not None and bool(item.get("is_active")) and text.holds(set(product_terms(item)))


async def search_products(
    loaders: RequestLoaders,
    text: str,
    offset: int,
    size: int,
    narrowed: ProductFilter,
    *,
    counted: bool,
) -> SearchPage:
    """The products matching `text` and the filter, best first, `size` of them from ranked
    position `offset` on. Inactive, missing and no-longer-matching products are skipped."""
    wanted = search_text(text)
    if wanted.size == 0:
        return SearchPage([], offset, has_next_page=False, total=0 if counted else None)
    hits = await loaders.search_hits.load(wanted)
    ids = [hit.product_id for hit in hits]
    if not narrowed.empty:
        return await _filtered(loaders, ids, wanted, offset, size, narrowed)
    spare = min(SPARE_CANDIDATES, BATCH_GET_LIMIT - size) if size else 0
    candidates = ids[offset : offset + size + spare] if size else []
    items = await loaders.items.load_many([ProductKey(i) for i in candidates]) if candidates else []
    rows: list[SearchRow] = []
    consumed = offset
    for position, item in enumerate(items, start=offset):
        if len(rows) == size:
            break
        consumed = position + 1
        if item is not None and _still_matches(item, wanted):
            rows.append(SearchRow(item, consumed))
    total = len(hits) if counted else None
    return SearchPage(rows, consumed, has_next_page=consumed < len(hits), total=total)


async def _filtered(
    loaders: RequestLoaders,
    ids: list[str],
    wanted: SearchText,
    offset: int,
    size: int,
    narrowed: ProductFilter,
) -> SearchPage:
    """The first `MAX_FILTERED_HITS` matches, each checked against the filter: their
    Product items in one batch, then (stock, seller, facets) the item collections of those
    still in, one Query each, concurrently. The count is exact within that bound."""
    considered = ids[:MAX_FILTERED_HITS]
    items = await loaders.items.load_many([ProductKey(i) for i in considered]) if considered else []
    kept = [
        (position, item)
        for position, item in enumerate(items)
        if item is not None and _still_matches(item, wanted) and narrowed.keeps_product(item)
    ]
    if narrowed.needs_collection:
        collections = await asyncio.gather(
            *(loaders.product_collections.load(str(item["product_id"])) for _, item in kept)
        )
        kept = [
            row for row, c in zip(kept, collections, strict=True) if narrowed.keeps_collection(c)
        ]
    after = [(position, item) for position, item in kept if position >= offset]
    rows = [SearchRow(item, position + 1) for position, item in after[:size]]
    consumed = rows[-1].next_offset if rows else offset
    return SearchPage(rows, consumed, has_next_page=len(after) > size, total=len(kept))


@dataclass(frozen=True)
class Suggestion:
    text: str
    product: Item


async def suggestions(loaders: RequestLoaders, prefix: str, first: int) -> list[Suggestion]:
    """At most `first` products that hold every word of `prefix` (the last one as the start
    of a word), most relevant first, each with its name to show. Nothing, and no read,
    before the text has `MIN_TERM_LENGTH` characters."""
    if not 0 <= first <= MAX_SUGGESTIONS:
        raise BadUserInput(f"first must be between 0 and {MAX_SUGGESTIONS}, got {first}")
    wanted = search_text(prefix)
    if len(normalized(prefix)) < MIN_TERM_LENGTH or wanted.size == 0 or first == 0:
        return []
    hits = [hit for hit in await loaders.search_hits.load(wanted) if hit.matched == wanted.size]
    candidates = [ProductKey(hit.product_id) for hit in hits[: first + SPARE_CANDIDATES]]
    items = await loaders.items.load_many(candidates) if candidates else []
    found = [
        Suggestion(str(item["name"]), item)
        for item in items
        if item is not None and item.get("is_active") and wanted.holds_all(set(product_terms(item)))
    ]
    return found[:first]
