"""The category tree: every field answered from the tree the request read once."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from gateway.context import Context
from loaders.categories import CategoryTree, PriceRange
from loaders.codec import Item
from resolvers import catalog
from schema.money import cents_from_amount
from schema.pagination import Connection, connection, known_count, window
from schema.product import Product
from schema.selection import selected

Info = strawberry.Info[Context, None]


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
        description="Active products of this category and all its descendants, cheapest "
        "first (ties by id); minPrice and maxPrice are inclusive."
    )
    async def products(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        min_price: Decimal | None = None,
        max_price: Decimal | None = None,
    ) -> Connection[Product]:
        prices = PriceRange(
            cents_from_amount(min_price, "minPrice") if min_price is not None else None,
            cents_from_amount(max_price, "maxPrice") if max_price is not None else None,
        )
        binding = f"category.products:{self.id}:{prices.min_cents}:{prices.max_cents}"
        page = window(info.context.settings.cursor_secret, binding, first, after)
        found = await catalog.category_products(
            info.context.loaders,
            self.tree,
            str(self.id),
            prices,
            page.fetch,
            page.after,
            counted="totalCount" in selected(info),
        )
        return connection(
            page,
            found.items,
            Product.from_item,
            lambda row: row["gsi1sk"],
            known_count(found.total),
        )
