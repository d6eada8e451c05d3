"""Reading the search index: the products of whole terms, and of the terms a prefix starts.

A search's text is whole terms, matched exactly (one Query of the term's partition each),
and its last word, matched as the start of a term (one Query of the prefix index, which
finds the exact term too). All of them run concurrently: one round.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import (
    TERM_BUCKET_LENGTH,
    term_bucket,
    term_bucket_partition,
    term_partition,
)
from loaders.model import PRODUCTS
from loaders.search import MIN_TERM_LENGTH, normalized, terms, words

PREFIX_INDEX = PRODUCTS.index("CategoryPriceIndex")
"""Overloaded: term items carry `gsi1pk` = `TERMS#<2 characters>`, which no category
partition (`CATEGORY#<id>`) meets."""

MAX_MATCHES_PER_TERM = 500
"""How many products of one term a search reads and ranks: a term's partition is read in
sort-key (product id) order, so past this many its products are not all considered."""
MAX_MATCHES_PER_PREFIX = 500
"""How many term items a prefix reads: they come in term order (then product id), so a
short prefix of a large catalog considers the terms it starts that sort first."""

EXACT = 2
"""A term matched whole counts twice its weight; one matched by its start, once."""


@dataclass(frozen=True)
class SearchText:
    """What a search looks for: `whole` terms, and `prefix` (the last word, when it has at
    least `MIN_TERM_LENGTH` characters), the start of a term."""

    whole: tuple[str, ...]
    prefix: str | None
    name: str  # the text normalized, to rank an exact name first

    @classmethod
    def of(cls, text: str) -> SearchText:
        found = words(text)
        last = found[-1] if found and len(found[-1]) >= MIN_TERM_LENGTH else None
        whole = tuple(t for t in terms(text) if t != last)
        return cls(whole, last, normalized(text))

    @property
    def size(self) -> int:
        """How many words are looked for (each one Query)."""
        return len(self.whole) + (self.prefix is not None)

    def holds(self, product_terms: set[str]) -> bool:
        """Whether a product with these terms matches any word looked for."""
        return not product_terms.isdisjoint(self.whole) or (
            self.prefix is not None and any(t.startswith(self.prefix) for t in product_terms)
        )

    def holds_all(self, product_terms: set[str]) -> bool:
        """Whether a product with these terms matches every word looked for."""
        return set(self.whole) <= product_terms and (
            self.prefix is None or any(t.startswith(self.prefix) for t in product_terms)
        )


@dataclass(frozen=True)
class Hit:
    """A product a search matched: its score (the weights of the words it matched, whole
    terms counting `EXACT` times), how many of the words it matched, and whether its
    normalized name is the normalized text."""

    product_id: str
    score: int
    matched: int
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


async def prefix_matches(dynamo: Dynamo, prefix: str) -> list[Item]:
    """The term items of the terms that start with `prefix` (at least
    `TERM_BUCKET_LENGTH` characters), up to `MAX_MATCHES_PER_PREFIX`: one index Query."""
    assert len(prefix) >= TERM_BUCKET_LENGTH, prefix
    return await dynamo.query_page(
        PRODUCTS,
        "gsi1pk = :pk AND begins_with(gsi1sk, :prefix)",
        {":pk": term_bucket_partition(term_bucket(prefix)), ":prefix": prefix},
        MAX_MATCHES_PER_PREFIX,
        index=PREFIX_INDEX.name,
    )


def _best_per_product(items: list[Item], prefix: str) -> dict[str, int]:
    """A product's score for the prefix: its best matching term (whole beats started)."""
    best: dict[str, int] = {}
    for item in items:
        score = int(item["weight"]) * (EXACT if item["term"] == prefix else 1)
        product_id = str(item["product_id"])
        best[product_id] = max(best.get(product_id, 0), score)
    return best


async def search(dynamo: Dynamo, text: SearchText) -> list[Hit]:
    """Every product that holds one of the words, ranked: one Query per word, all
    concurrently (one round)."""
    reads = [term_matches(dynamo, term) for term in text.whole]
    if text.prefix is not None:
        reads.append(prefix_matches(dynamo, text.prefix))
    found = await asyncio.gather(*reads)
    per_word = [
        {str(i["product_id"]): int(i["weight"]) * EXACT for i in items}
        for items in found[: len(text.whole)]
    ]
    if text.prefix is not None:
        per_word.append(_best_per_product(found[-1], text.prefix))
    scores: dict[str, int] = {}
    matched: dict[str, int] = {}
    for word_scores in per_word:
        for product_id, score in word_scores.items():
            scores[product_id] = scores.get(product_id, 0) + score
            matched[product_id] = matched.get(product_id, 0) + 1
    exact = {
        str(item["product_id"])
        for items in found
        for item in items
        if item.get("name") == text.name
    }
    hits = (Hit(p, score, matched[p], p in exact) for p, score in scores.items())
    return sorted(hits, key=lambda hit: hit.rank)
