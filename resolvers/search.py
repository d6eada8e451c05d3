"""Product search: the query's terms, the ranked matches, and one page of products.

Two rounds: the term partitions (one Query each, concurrently), then the page's Product
items (one BatchGetItem through the request's item loader).
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.errors import BadUserInput
from loaders.codec import Item
from loaders.keys import ProductKey
from loaders.request import RequestLoaders
from loaders.search import MAX_MATCHES_PER_TERM, normalized, product_terms, search, terms

__all__ = ["MAX_MATCHES_PER_TERM"]  # the schema documents it

MAX_QUERY_TERMS = 8
SPARE_CANDIDATES = 5
"""Products read beyond the page, so that a skipped one (inactive, missing, or matched by a
stale term) seldom leaves the page short. The read stays one BatchGetItem (100 keys)."""
BATCH_GET_LIMIT = 100


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


def query_terms(text: str) -> list[str]:
    found = terms(text)
    if len(found) > MAX_QUERY_TERMS:
        raise BadUserInput(
            f"Search text has {len(found)} terms; use at most {MAX_QUERY_TERMS} words."
        )
    return found


def query_binding(text: str) -> str:
    """What a search cursor is bound to: the query text as the search sees it."""
    return f"searchProducts:{normalized(text)}"


def _still_matches(item: Item, wanted: set[str]) -> bool:
    """Whether the product, as stored now, is active and holds one of the query's terms:
    a stale term item (left by a writer that skipped the index) then shows nothing wrong."""
    return bool(item.get("is_active")) and not wanted.isdisjoint(product_terms(item))


async def search_products(loaders: RequestLoaders, text: str, offset: int, size: int) -> SearchPage:
    """The products matching `text`, best first, `size` of them from ranked position
    `offset` on. Inactive, missing and no-longer-matching products are skipped."""
    wanted = query_terms(text)
    wanted_set = set(wanted)
    if not wanted:
        return SearchPage([], offset, has_next_page=False)
    hits = await search(loaders.dynamo, wanted, normalized(text))
    spare = min(SPARE_CANDIDATES, BATCH_GET_LIMIT - size) if size else 0
    candidates = hits[offset : offset + size + spare] if size else []
    keys = [ProductKey(hit.product_id) for hit in candidates]
    items = await loaders.items.load_many(keys) if keys else []
    rows: list[SearchRow] = []
    consumed = offset
    for position, item in enumerate(items, start=offset):
        if len(rows) == size:
            break
        consumed = position + 1
        if item is not None and _still_matches(item, wanted_set):
            rows.append(SearchRow(item, consumed))
    return SearchPage(rows, consumed, has_next_page=consumed < len(hits))
