"""Product search: an inverted index kept in the Products table.

Each term of a product (its name words, brand words and tags, normalized) is an item
under `TERM#<term>` whose sort key is the product id. The writes that keep the index in
step come from `search_term_writes`, which the product writes put in their own
transaction; a search Queries one partition per term of the query.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import INFO, SearchTermKey, term_partition
from loaders.model import PRODUCTS
from loaders.writes import Delete, Put, Write

SEARCH_TERM_ENTITY = "SearchTerm"
PRODUCT_ENTITY = "Product"

NAME_WEIGHT = 3
BRAND_WEIGHT = 2
TAG_WEIGHT = 1

MIN_TERM_LENGTH = 2
MAX_TERM_LENGTH = 64
"""Longer words are cut to this many characters, on both the write and the read side."""

MAX_TERMS_PER_PRODUCT = 32
"""A product keeps its heaviest terms, up to this many: a rename then writes at most 64
term actions, which leaves room in a 100-action TransactWriteItems for the product's own."""

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
    """A product's terms and their weights: a term in several fields sums their weights.
    At most `MAX_TERMS_PER_PRODUCT`, the heaviest (ties by term)."""
    weights: dict[str, int] = {}
    tags = product.get("tags") or []
    fields: list[tuple[object, int]] = [
        (product.get("name"), NAME_WEIGHT),
        (product.get("brand"), BRAND_WEIGHT),
        *((tag, TAG_WEIGHT) for tag in (tags if isinstance(tags, list) else [])),
    ]
    for value, weight in fields:
        if not isinstance(value, str):
            continue
        for term in terms(value):
            weights[term] = weights.get(term, 0) + weight
    kept = sorted(weights.items(), key=lambda pair: (-pair[1], pair[0]))[:MAX_TERMS_PER_PRODUCT]
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


# Reads ------------------------------------------------------------------------------------
MAX_MATCHES_PER_TERM = 500
"""How many products of one term a search reads and ranks: a term's partition is read in
sort-key (product id) order, so past this many its products are not all considered."""


@dataclass(frozen=True)
class Hit:
    """A product a search matched: the sum of its matched terms' weights, and whether its
    normalized name is the normalized query text."""

    product_id: str
    score: int
    exact: bool

    @property
    def rank(self) -> tuple[bool, int, str]:
        """Exact name matches first, then by score, ties by product id."""
        return (not self.exact, -self.score, self.product_id)


async def term_matches(dynamo: Dynamo, term: str) -> list[Item]:
    """The term items of one term, up to `MAX_MATCHES_PER_TERM` (one Query, more only
    past DynamoDB's 1 MB page)."""
    return await dynamo.query_page(
        PRODUCTS, "pk = :pk", {":pk": term_partition(term)}, MAX_MATCHES_PER_TERM
    )


async def search(dynamo: Dynamo, query_terms: Sequence[str], query_name: str) -> list[Hit]:
    """Every product that holds one of `query_terms`, ranked: one Query per term, all
    concurrently (one round)."""
    found = await asyncio.gather(*(term_matches(dynamo, term) for term in query_terms))
    scores: dict[str, int] = {}
    exact: set[str] = set()
    for items in found:
        for item in items:
            product_id = str(item["product_id"])
            scores[product_id] = scores.get(product_id, 0) + int(item["weight"])
            if item.get("name") == query_name:
                exact.add(product_id)
    hits = (Hit(p, score, p in exact) for p, score in scores.items())
    return sorted(hits, key=lambda hit: hit.rank)


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
