"""Product search: an inverted index kept in the Products table, and its writes.

Each term of a product (the words of its name, brand, tags and description, normalized)
is an item under `TERM#<term>` whose sort key is the product id. The same item is in the
prefix index (`CategoryPriceIndex`, overloaded: `gsi1pk` = `TERMS#<first 2 characters>`,
`gsi1sk` = `<term>#<product_id>`), where the terms that start with a prefix are one key
condition. The writes that keep the index in step come from `search_term_writes`, which
the product writes put in their own transaction. The reads are in `loaders/search_reads.py`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import (
    INFO,
    SearchTermKey,
    term_bucket,
    term_bucket_partition,
    term_bucket_sort_key,
)
from loaders.model import PRODUCTS
from loaders.writes import Delete, Put, Write

SEARCH_TERM_ENTITY = "SearchTerm"
PRODUCT_ENTITY = "Product"

NAME_WEIGHT = 6
BRAND_WEIGHT = 4
TAG_WEIGHT = 2
DESCRIPTION_WEIGHT = 1
"""A word of the description weighs less than one of the name, the brand or a tag."""

MIN_TERM_LENGTH = 2
MAX_TERM_LENGTH = 64
"""Longer words are cut to this many characters, on both the write and the read side."""

MAX_TERMS_PER_PRODUCT = 32
"""A product keeps its heaviest terms, up to this many (among equal weights, the first
met: name, brand, tags, then the description in its order): a rename then writes at most
64 term actions, which leaves room in a 100-action TransactWriteItems for the product's
own."""

STOP_WORDS = frozenset(
    {"a", "an", "and", "at", "by", "for", "from", "in", "is", "of", "on", "or", "the", "to", "with"}
)

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-case words with accents folded (NFKD), split on anything not alphanumeric."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return [word[:MAX_TERM_LENGTH] for word in _WORD.findall(folded)]


def normalized(text: str) -> str:
    """The text as the exact-match rank compares it: its words, single-spaced."""
    return " ".join(words(text))


def terms(text: str) -> list[str]:
    """The search terms of a text, in order, without repeats: its words of at least
    `MIN_TERM_LENGTH` characters that are not stop words."""
    found = (w for w in words(text) if len(w) >= MIN_TERM_LENGTH and w not in STOP_WORDS)
    return list(dict.fromkeys(found))


def product_terms(product: Mapping[str, object]) -> dict[str, int]:
    """A product's terms and their weights: a term in several fields sums their weights
    (once per field). At most `MAX_TERMS_PER_PRODUCT`, the heaviest, the first met among
    equals."""
    weights: dict[str, int] = {}
    tags = product.get("tags") or []
    fields: list[tuple[object, int]] = [
        (product.get("name"), NAME_WEIGHT),
        (product.get("brand"), BRAND_WEIGHT),
        *((tag, TAG_WEIGHT) for tag in (tags if isinstance(tags, list) else [])),
        (product.get("description"), DESCRIPTION_WEIGHT),
    ]
    for value, weight in fields:
        if not isinstance(value, str):
            continue
        for term in terms(value):
            weights[term] = weights.get(term, 0) + weight
    kept = sorted(weights.items(), key=lambda pair: -pair[1])[:MAX_TERMS_PER_PRODUCT]
    return dict(kept)


def _indexed(product: Item | None) -> Item | None:
    if product is None or not product.get("is_active", False):
        return None
    return product


def term_items(product: Item) -> list[Item]:
    """The term items of an active product (none for an inactive one), keys included."""
    active = _indexed(product)
    if active is None:
        return []
    return [put.item for put in _term_puts(active, product_terms(active))]


def _term_puts(product: Item, weights: Mapping[str, int]) -> Iterator[Put]:
    product_id = str(product["product_id"])
    name = normalized(str(product.get("name", "")))
    for term, weight in weights.items():
        yield Put(
            SearchTermKey(term, product_id),
            {
                "entity": SEARCH_TERM_ENTITY,
                "term": term,
                "product_id": product_id,
                "weight": weight,
                "name": name,
                "prefix": term_bucket(term),
                "gsi1pk": term_bucket_partition(term_bucket(term)),
                "gsi1sk": term_bucket_sort_key(term, product_id),
            },
        )


def search_term_writes(before: Item | None, after: Item | None) -> list[Write]:
    """The index writes for a product going from `before` to `after` (Product items; None,
    or `is_active` false, for a product that is absent or inactive): a Put for each term
    that is new or whose item changes (its weight, or the product's name), a Delete for
    each term that is gone. At most twice `MAX_TERMS_PER_PRODUCT` actions."""
    old_product, new_product = _indexed(before), _indexed(after)
    old = product_terms(old_product) if old_product is not None else {}
    new = product_terms(new_product) if new_product is not None else {}
    writes: list[Write] = []
    if new_product is not None:
        renamed = old_product is None or normalized(str(old_product.get("name", ""))) != (
            normalized(str(new_product.get("name", "")))
        )
        changed = {t: w for t, w in new.items() if renamed or old.get(t) != w}
        writes.extend(_term_puts(new_product, changed))
    if old_product is not None:
        product_id = str(old_product["product_id"])
        writes.extend(Delete(SearchTermKey(t, product_id)) for t in old if t not in new)
    return writes


# Maintenance ------------------------------------------------------------------------------
async def reindex(dynamo: Dynamo, report: Callable[[str], None]) -> tuple[int, int]:
    """Write the term items of every active product, for tables written before search
    existed: one Scan of the Products table, page by page (never the whole table in memory),
    each page's terms in BatchWriteItem calls. Returns (products seen, terms written)."""
    products = written = 0
    async for page in dynamo.scan_pages(
        PRODUCTS, "sk = :info AND entity = :entity", {":info": INFO, ":entity": PRODUCT_ENTITY}
    ):
        items = [term for product in page for term in term_items(product)]
        await dynamo.batch_write(PRODUCTS, items)
        products, written = products + len(page), written + len(items)
        report(f"  {products} products read, {written} terms written")
    return products, written
