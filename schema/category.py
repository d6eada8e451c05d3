"""The category tree: every field answered from the tree the request read once."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

import strawberry

from gateway.context import Context
from loaders.categories import CategoryTree, PriceRange, ProductOrder
from loaders.codec import Item
from resolvers import catalog
from resolvers.category_pages import MAX_CHECKED, MAX_EXAMINED, filtered_category_products
from schema.category_facets import CategoryFacet
from schema.money import cents_from_amount
from schema.pagination import (
    Connection,
    connection,
    known_count,
    resumable_connection,
    window,
)
from schema.product import Product
from schema.product_filter import ProductFilterInput, product_filter
from schema.selection import selected

Info = strawberry.Info[Context, None]


@strawberry.enum(description="The order of a category's products; ties by product id.")
class ProductSort(Enum):
    PRICE_ASC = "PRICE_ASC"
    PRICE_DESC = "PRICE_DESC"
    NEWEST = strawberry.enum_value("NEWEST", description="Newest created first.")
    RATING = strawberry.enum_value(
        "RATING", description="Best average rating first, then the most ratings; unrated last."
    )


@strawberry.type
class Category:
    id: strawberry.ID
    name: str
    slug: str
    description: str | None
    image_url: str | None
    depth: int
    position: int
    item: strawberry.Private[Item]
    tree: strawberry.Private[CategoryTree]

    @classmethod
    def from_item(cls, item: Item, tree: CategoryTree) -> Category:
        return cls(
            id=strawberry.ID(item["category_id"]),
            name=item["name"],
            slug=item["slug"],
            description=item.get("description"),
            image_url=item.get("image_url"),
            depth=int(item.get("depth", 0)),
            position=int(item.get("position", 0)),
            item=item,
            tree=tree,
        )

    @strawberry.field
    def parent(self) -> Category | None:
        parent = self.tree.categories.get(self.item.get("parent_id", ""))
        return Category.from_item(parent, self.tree) if parent else None

    @strawberry.field(description="In position order.")
    def children(self) -> list[Category]:
        return [Category.from_item(c, self.tree) for c in self.tree.children_of(str(self.id))]

    @strawberry.field(description="From the root down to this category, both included.")
    def breadcrumbs(self) -> list[Category]:
        return [Category.from_item(c, self.tree) for c in self.tree.path(str(self.id))]

    @strawberry.field(
        description="The facet names (by name) and values of the active products of this "
        "category and all its descendants, each value with how many have it: pre-computed "
        "counters, one Query per category of the subtree."
    )
    async def facets(self, info: Info) -> list[CategoryFacet]:
        found = await catalog.category_facets(info.context.loaders, self.tree, str(self.id))
        return [CategoryFacet.of(f) for f in found]

    @strawberry.field(
        description="Active products of this category and all its descendants in `sort` "
        "order (PRICE_ASC by default; ties by id), narrowed by `filter`; minPrice and "
        "maxPrice (inclusive) narrow as filter.minPrice and filter.maxPrice do, both "
        "applying when both are given. A filtered page examines at most "
        f"{MAX_EXAMINED} products and reads at most {MAX_CHECKED} products' offers and "
        "facets (stock, seller, facet filters): one that reaches a bound first comes back "
        "short, with hasNextPage true and endCursor where the next page goes on. totalCount "
        "is null when stock, seller or facet filters would need more than "
        f"{MAX_CHECKED} products' offers and facets read to count."
    )
    async def products(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        min_price: Decimal | None = None,
        max_price: Decimal | None = None,
        filter: ProductFilterInput | None = None,
        sort: ProductSort | None = None,
    ) -> Connection[Product]:
        prices = PriceRange(
            cents_from_amount(min_price, "minPrice") if min_price is not None else None,
            cents_from_amount(max_price, "maxPrice") if max_price is not None else None,
        )
        narrowed = product_filter(filter).within(prices)
        order = ProductOrder[(sort or ProductSort.PRICE_ASC).name]
        counted = "totalCount" in selected(info)
        if order is ProductOrder.PRICE_ASC and narrowed.only_prices:
            return await self._price_page(info, narrowed.prices, first, after, counted)
        binding = f"category.products:{self.id}:{order.name}:{narrowed.binding}"
        page = window(info.context.settings.cursor_secret, binding, first, after)
        found = await filtered_category_products(
            info.context.loaders,
            self.tree,
            str(self.id),
            order,
            narrowed,
            page.fetch,
            page.after,
            counted=counted,
        )
        return resumable_connection(
            page, found.items, Product.from_item, order.position, found.resume_after, found.total
        )

    async def _price_page(
        self, info: Info, prices: PriceRange, first: int | None, after: str | None, counted: bool
    ) -> Connection[Product]:
        """Cheapest first, narrowed by price alone: the price index's key condition."""
        binding = f"category.products:{self.id}:{prices.min_cents}:{prices.max_cents}"
        page = window(info.context.settings.cursor_secret, binding, first, after)
        found = await catalog.category_products(
            info.context.loaders,
            self.tree,
            str(self.id),
            prices,
            page.fetch,
            page.after,
            counted=counted,
        )
        return connection(
            page,
            found.items,
            Product.from_item,
            lambda row: row["gsi1sk"],
            known_count(found.total),
        )
