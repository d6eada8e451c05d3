"""Products, their offers (listings), images, specifications and facets."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from gateway.context import Context
from loaders.codec import Item
from resolvers import catalog
from schema.money import Money
from schema.pagination import Connection
from schema.scalars import DateTime

if TYPE_CHECKING:
    from schema.category import Category
    from schema.review import Review
    from schema.seller import Seller

Info = strawberry.Info[Context, None]

# The id of a primary image stored without `image_id`: ids have no `/`, so none collides.
PRIMARY_IMAGE_SUFFIX = "/primary"


@strawberry.enum
class Condition(Enum):
    NEW = "NEW"
    USED = "USED"
    REFURBISHED = "REFURBISHED"


@strawberry.type
class Rating:
    count: int
    average: float | None = strawberry.field(
        description="Mean rating, 1 to 5; null without ratings."
    )

    @classmethod
    def from_sums(cls, total: Any, count: Any) -> Rating:
        count = int(count or 0)
        return cls(count=count, average=round(int(total or 0) / count, 2) if count else None)


@strawberry.type
class Image:
    id: strawberry.ID = strawberry.field(
        description="The stored image id, the same on every request (a client cache keeps one"
        " Image per id). A primary image stored without its id (tables written before"
        " the gateway kept it) is `<productId>/primary`."
    )
    url: str
    alt: str | None = None
    position: int | None = None
    width: int | None = None
    height: int | None = None

    @classmethod
    def from_item(cls, item: Item, product_id: str) -> Image:
        """An Image item, or a product's `primary_image` map (`product_id` names its owner)."""
        image_id = item.get("image_id") or f"{product_id}{PRIMARY_IMAGE_SUFFIX}"
        return cls(
            id=strawberry.ID(image_id),
            url=item["url"],
            alt=item.get("alt"),
            position=item.get("position"),
            width=item.get("width"),
            height=item.get("height"),
        )


@strawberry.type
class Specification:
    name: str
    value: str
    unit: str | None = None
    group: str | None = None


@strawberry.type
class Facet:
    name: str
    value: str


@strawberry.type(description="A seller's offer of a product.")
class Listing:
    price: Money
    stock: int
    in_stock: bool
    condition: Condition
    is_active: bool = strawberry.field(
        description="False once the seller withdrew the offer (withdrawListing); "
        "upsertListing offers it again."
    )
    product: Product
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item, product: Product) -> Listing:
        stock = int(item.get("stock", 0))
        return cls(
            price=Money.from_cents(int(item["price_cents"]), item.get("currency", "USD")),
            stock=stock,
            in_stock=stock > 0,
            condition=Condition(item.get("condition", "NEW")),
            is_active=bool(item.get("is_active", True)),
            product=product,
            item=item,
        )

    @strawberry.field
    def seller(self) -> Annotated[Seller, strawberry.lazy("schema.seller")]:
        from schema.seller import Seller

        return Seller.from_listing(self.item)


@strawberry.type
class Product:
    id: strawberry.ID
    name: str
    description: str | None
    brand: str | None
    tags: list[str]
    is_active: bool
    created_at: DateTime
    updated_at: DateTime | None
    min_price: Money | None
    primary_image: Image | None
    rating: Rating
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> Product:
        primary = item.get("primary_image")
        return cls(
            id=strawberry.ID(item["product_id"]),
            name=item["name"],
            description=item.get("description"),
            brand=item.get("brand"),
            tags=list(item.get("tags") or []),
            is_active=bool(item.get("is_active", True)),
            created_at=item["created_at"],
            updated_at=item.get("updated_at"),
            min_price=Money.from_item(item, "min_price_cents"),
            primary_image=Image.from_item(primary, item["product_id"]) if primary else None,
            rating=Rating.from_sums(item.get("rating_sum"), item.get("rating_count")),
            item=item,
        )

    @strawberry.field
    async def category(
        self, info: Info
    ) -> Annotated[Category, strawberry.lazy("schema.category")] | None:
        from schema.category import Category

        tree = await info.context.loaders.category_tree()
        found = tree.categories.get(self.item.get("category_id", ""))
        return Category.from_item(found, tree) if found else None

    @strawberry.field(description="In position order.")
    async def images(self, info: Info) -> list[Image]:
        page = await info.context.loaders.product_collections.load(str(self.id))
        return [Image.from_item(item, str(self.id)) for item in page.images]

    @strawberry.field
    async def specifications(self, info: Info) -> list[Specification]:
        page = await info.context.loaders.product_collections.load(str(self.id))
        return [
            Specification(
                name=s["name"], value=str(s["value"]), unit=s.get("unit"), group=s.get("group")
            )
            for s in page.specifications
        ]

    @strawberry.field
    async def facets(self, info: Info) -> list[Facet]:
        page = await info.context.loaders.product_collections.load(str(self.id))
        return [Facet(name=f["name"], value=str(f["value"])) for f in page.facets]

    @strawberry.field(description="The active offers, cheapest first.")
    async def sellers(self, info: Info) -> list[Listing]:
        listings = await catalog.active_listings(info.context.loaders, str(self.id))
        return [Listing.from_item(item, self) for item in listings]

    @strawberry.field(description="Newest first.")
    async def reviews(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[Review, strawberry.lazy("schema.review")]]:
        from schema.review import Review, review_connection

        return await review_connection(
            info,
            owner_id=str(self.id),
            by_seller=False,
            first=first,
            after=after,
            total=int(self.item.get("rating_count") or 0),
            node=Review.from_item,
        )
