"""A seller's catalog: creating and editing products."""

from __future__ import annotations

import strawberry

from gateway.auth import require_user
from gateway.context import Context
from resolvers import seller_catalog
from schema.product import Product
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.input
class CreateProductInput:
    name: str = strawberry.field(description=f"At most {seller_catalog.NAME_LENGTH} characters.")
    description: str = strawberry.field(
        description=f"At most {seller_catalog.DESCRIPTION_LENGTH} characters."
    )
    category_id: strawberry.ID
    brand: str | None = None
    tags: list[str] = strawberry.field(
        default_factory=list,
        description=f"At most {seller_catalog.MAX_TAGS}, each at most "
        f"{seller_catalog.TAG_LENGTH} characters; repeats are dropped.",
    )


@strawberry.input(
    description="Fields left out stay as they are; a null brand removes it. isActive false "
    "takes the product off the category pages and out of search (a soft delete)."
)
class UpdateProductInput:
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    brand: str | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    category_id: strawberry.ID | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET

    def changes(self) -> seller_catalog.ProductChanges:
        changes: seller_catalog.ProductChanges = {}
        if self.name is not strawberry.UNSET:
            changes["name"] = self.name or ""  # null: refused as an empty name
        if self.description is not strawberry.UNSET:
            changes["description"] = self.description or ""
        if self.brand is not strawberry.UNSET:
            changes["brand"] = self.brand
        if self.tags is not strawberry.UNSET:
            changes["tags"] = list(self.tags or [])
        if self.category_id is not strawberry.UNSET:
            changes["category_id"] = str(self.category_id or "")
        if self.is_active is not strawberry.UNSET and self.is_active is not None:
            changes["is_active"] = self.is_active
        return changes


@strawberry.type
class CreateProductPayload:
    product: Product | None
    errors: list[UserError]


@strawberry.type
class UpdateProductPayload:
    product: Product | None
    errors: list[UserError]


@strawberry.type
class SellerCatalogMutation:
    @strawberry.mutation(
        description="Add a product (sellers and administrators); it shows on its category's "
        "pages once it has a listing."
    )
    async def create_product(self, info: Info, input: CreateProductInput) -> CreateProductPayload:
        viewer = await require_user(info)
        request = seller_catalog.NewProduct(
            name=input.name,
            description=input.description,
            category_id=str(input.category_id),
            brand=input.brand,
            tags=tuple(input.tags),
        )
        found, errors = await attempt(
            seller_catalog.create_product(info.context.loaders, viewer, request)
        )
        return CreateProductPayload(
            product=Product.from_item(found) if found else None, errors=errors
        )

    @strawberry.mutation(
        description="Edit a product: its creator, the sellers who list it, administrators."
    )
    async def update_product(
        self, info: Info, id: strawberry.ID, input: UpdateProductInput
    ) -> UpdateProductPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            seller_catalog.update_product(info.context.loaders, viewer, str(id), input.changes())
        )
        return UpdateProductPayload(
            product=Product.from_item(found) if found else None, errors=errors
        )
