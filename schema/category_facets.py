"""A category's facets: the names and values its subtree's active products have, counted."""

from __future__ import annotations

import strawberry

from loaders.facet_counts import FacetCounts


@strawberry.type(description="One value of a facet, with how many active products have it.")
class FacetValueCount:
    value: str
    count: int


@strawberry.type(description="A facet name and its values, most products first.")
class CategoryFacet:
    name: str
    values: list[FacetValueCount]

    @classmethod
    def of(cls, found: FacetCounts) -> CategoryFacet:
        values = [FacetValueCount(value=v.value, count=v.count) for v in found.values]
        return cls(name=found.name, values=values)
