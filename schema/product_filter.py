"""`ProductFilter`: what a shopper narrows a product list by (search results)."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from loaders.categories import PriceRange
from resolvers.product_filter import MAX_BRANDS, MAX_FACETS, ProductFilter
from schema.money import cents_from_amount


@strawberry.input(description="One value of a facet (a Filter item of the product).")
class FacetFilter:
    name: str
    value: str


@strawberry.input(
    name="ProductFilter",
    description="Every condition given must hold. minPrice and maxPrice are inclusive "
    "bounds on the product's lowest price; inStock: an active listing with stock (the "
    f"seller's, with sellerId); brands (at most {MAX_BRANDS}): any of them, case ignored; "
    f"facets (at most {MAX_FACETS}): for each facet name, any of the values given.",
)
class ProductFilterInput:
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool | None = None
    brands: list[str] | None = None
    seller_id: strawberry.ID | None = None
    facets: list[FacetFilter] | None = None

    def to_filter(self) -> ProductFilter:
        prices = PriceRange(
            cents_from_amount(self.min_price, "filter.minPrice")
            if self.min_price is not None
            else None,
            cents_from_amount(self.max_price, "filter.maxPrice")
            if self.max_price is not None
            else None,
        )
        return ProductFilter.of(
            prices,
            in_stock=bool(self.in_stock),
            brands=self.brands or [],
            seller_id=str(self.seller_id) if self.seller_id is not None else None,
            facets=[(f.name, f.value) for f in self.facets or []],
        )


def product_filter(given: ProductFilterInput | None) -> ProductFilter:
    return given.to_filter() if given is not None else ProductFilter()
