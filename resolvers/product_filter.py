"""What a shopper narrows a product list by: price, stock, brands, a seller, facet values.

Price and brand are answered by the Product item; stock, seller and facets by the
product's item collection (its listings and Filter items).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from gateway.errors import BadUserInput
from loaders.categories import PriceRange
from loaders.codec import Item
from loaders.products import ProductCollection

MAX_BRANDS = 20
MAX_FACETS = 20


def _folded(text: str) -> str:
    return text.strip().casefold()


@dataclass(frozen=True)
class ProductFilter:
    """Every condition must hold; within `brands`, any one; within the values given for one
    facet name, any one. `in_stock`: an active listing with stock (the seller's, with
    `seller_id`). Brands and facets are compared case-insensitively."""

    prices: PriceRange = field(default_factory=PriceRange)
    in_stock: bool = False
    brands: frozenset[str] = frozenset()
    seller_id: str | None = None
    facets: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(
        cls,
        prices: PriceRange,
        *,
        in_stock: bool,
        brands: Sequence[str],
        seller_id: str | None,
        facets: Sequence[tuple[str, str]],
    ) -> ProductFilter:
        if len(brands) > MAX_BRANDS:
            raise BadUserInput(
                f"filter.brands takes at most {MAX_BRANDS} brands, got {len(brands)}"
            )
        if len(facets) > MAX_FACETS:
            raise BadUserInput(
                f"filter.facets takes at most {MAX_FACETS} values, got {len(facets)}"
            )
        return cls(
            prices,
            in_stock,
            frozenset(_folded(b) for b in brands),
            seller_id,
            frozenset((_folded(n), _folded(v)) for n, v in facets),
        )

    @property
    def empty(self) -> bool:
        return self == ProductFilter()

    @property
    def only_prices(self) -> bool:
        """Whether the filter narrows by price alone (or not at all)."""
        return self == ProductFilter(self.prices)

    def within(self, prices: PriceRange) -> ProductFilter:
        """The filter with its price range narrowed by `prices` too."""
        low = [c for c in (self.prices.min_cents, prices.min_cents) if c is not None]
        high = [c for c in (self.prices.max_cents, prices.max_cents) if c is not None]
        both = PriceRange(max(low) if low else None, min(high) if high else None)
        return replace(self, prices=both)

    @property
    def needs_collection(self) -> bool:
        """Whether the product's listings or facets must be read to decide."""
        return self.in_stock or self.seller_id is not None or bool(self.facets)

    @property
    def binding(self) -> str:
        """The filter as a cursor is bound to it."""
        return repr(
            (
                self.prices.min_cents,
                self.prices.max_cents,
                self.in_stock,
                sorted(self.brands),
                self.seller_id,
                sorted(self.facets),
            )
        )

    def keeps_product(self, product: Item) -> bool:
        """The conditions the Product item answers: price range and brand."""
        if self.brands and _folded(str(product.get("brand") or "")) not in self.brands:
            return False
        low, high = self.prices.min_cents, self.prices.max_cents
        if low is None and high is None:
            return True
        price = product.get("min_price_cents")
        if price is None:  # no active listing: no price to be in the range
            return False
        return (low is None or int(price) >= low) and (high is None or int(price) <= high)

    def keeps_collection(self, collection: ProductCollection) -> bool:
        """The conditions the item collection answers: stock, seller, facets."""
        offers = [
            listing
            for listing in collection.listings
            if listing.get("is_active", True)
            and (self.seller_id is None or listing.get("seller_id") == self.seller_id)
        ]
        if (self.in_stock or self.seller_id is not None) and not any(
            not self.in_stock or int(listing.get("stock", 0)) > 0 for listing in offers
        ):
            return False
        held = {
            (_folded(str(f.get("name"))), _folded(str(f.get("value")))) for f in collection.facets
        }
        wanted: dict[str, set[tuple[str, str]]] = {}
        for name, value in self.facets:
            wanted.setdefault(name, set()).add((name, value))
        return all(not held.isdisjoint(values) for values in wanted.values())
