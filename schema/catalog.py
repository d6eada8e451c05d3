"""The catalog's entry points: what anyone may read without signing in."""

from __future__ import annotations

import strawberry

from gateway.context import Context
from gateway.errors import BadUserInput
from resolvers import catalog
from resolvers.prefetch import settle
from schema.category import Category
from schema.product import Product
from schema.review import prefetch_reviews
from schema.selection import selected
from schema.seller import Seller, prefetch_storefront

Info = strawberry.Info[Context, None]

MAX_IDS = 100
# Fields of Product that only the product's whole item collection answers.
_COLLECTION_FIELDS = {"images", "specifications", "facets"}


async def _products(info: Info, ids: list[str]) -> list[Product | None]:
    fields = selected(info)
    items = await catalog.products(
        info.context.loaders,
        ids,
        whole=bool(fields & _COLLECTION_FIELDS),
        listings="sellers" in fields,
    )
    return [Product.from_item(item) if item else None for item in items]


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="The root categories, in position order.")
    async def categories(self, info: Info) -> list[Category]:
        tree = await info.context.loaders.category_tree()
        return [Category.from_item(c, tree) for c in tree.roots()]

    @strawberry.field
    async def category(self, info: Info, id: strawberry.ID) -> Category | None:
        tree = await info.context.loaders.category_tree()
        found = tree.categories.get(str(id))
        return Category.from_item(found, tree) if found else None

    @strawberry.field
    async def category_by_slug(self, info: Info, slug: str) -> Category | None:
        tree = await info.context.loaders.category_tree()
        found = tree.categories.get(tree.by_slug.get(slug, ""))
        return Category.from_item(found, tree) if found else None

    @strawberry.field
    async def product(self, info: Info, id: strawberry.ID) -> Product | None:
        pages = prefetch_reviews(info, str(id), by_seller=False)
        product = (await _products(info, [str(id)]))[0]
        await settle(pages)
        return product

    @strawberry.field(description="One entry per id, in the order asked, null where there is none.")
    async def products(self, info: Info, ids: list[strawberry.ID]) -> list[Product | None]:
        if len(ids) > MAX_IDS:
            raise BadUserInput(f"products takes at most {MAX_IDS} ids, got {len(ids)}")
        return await _products(info, [str(i) for i in ids])

    @strawberry.field
    async def seller(self, info: Info, id: strawberry.ID) -> Seller | None:
        pages = prefetch_storefront(info, str(id))
        found = await catalog.seller(info.context.loaders, str(id))
        await settle(pages)
        return Seller.from_user(found) if found else None
