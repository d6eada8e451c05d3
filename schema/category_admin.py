"""The category tree's administration: administrators only."""

from __future__ import annotations

import strawberry

from gateway.auth import require_admin
from gateway.context import Context
from resolvers import category_admin
from schema.category import Category
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.input
class CreateCategoryInput:
    name: str
    slug: str = strawberry.field(
        description="Unique: lower-case letters and digits in words joined by '-'."
    )
    description: str | None = None
    image_url: str | None = None
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="The parent category; none makes a root."
    )
    position: int | None = strawberry.field(
        default=None, description="Order among its siblings; by default after the last."
    )


@strawberry.input(
    description="Fields left out stay as they are; a null description or imageUrl removes it."
)
class UpdateCategoryInput:
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    image_url: str | None = strawberry.UNSET
    position: int | None = strawberry.UNSET

    def changes(self) -> category_admin.CategoryChanges:
        changes: category_admin.CategoryChanges = {}
        if self.name is not strawberry.UNSET:
            changes["name"] = self.name or ""  # null: refused as an empty name
        if self.slug is not strawberry.UNSET:
            changes["slug"] = self.slug or ""
        if self.description is not strawberry.UNSET:
            changes["description"] = self.description
        if self.image_url is not strawberry.UNSET:
            changes["image_url"] = self.image_url
        if self.position is not strawberry.UNSET and self.position is not None:
            changes["position"] = self.position
        return changes


@strawberry.type
class CreateCategoryPayload:
    category: Category | None
    errors: list[UserError]


@strawberry.type
class UpdateCategoryPayload:
    category: Category | None
    errors: list[UserError]


@strawberry.type
class MoveCategoryPayload:
    category: Category | None
    errors: list[UserError]


@strawberry.type
class DeleteCategoryPayload:
    deleted_id: strawberry.ID | None
    errors: list[UserError]


def _category(placed: category_admin.Placed | None) -> Category | None:
    return Category.from_item(placed.category, placed.tree) if placed else None


@strawberry.type
class CategoryAdminMutation:
    @strawberry.mutation(description="Add a category to the tree (administrators).")
    async def create_category(
        self, info: Info, input: CreateCategoryInput
    ) -> CreateCategoryPayload:
        await require_admin(info)
        request = category_admin.NewCategory(
            name=input.name,
            slug=input.slug,
            description=input.description,
            image_url=input.image_url,
            parent_id=str(input.parent_id) if input.parent_id is not None else None,
            position=input.position,
        )
        placed, errors = await attempt(
            category_admin.create_category(info.context.loaders, request), ("input",)
        )
        return CreateCategoryPayload(category=_category(placed), errors=errors)

    @strawberry.mutation(
        description="Rename a category, change its slug, description, image or position "
        "(administrators)."
    )
    async def update_category(
        self, info: Info, id: strawberry.ID, input: UpdateCategoryInput
    ) -> UpdateCategoryPayload:
        await require_admin(info)
        placed, errors = await attempt(
            category_admin.update_category(info.context.loaders, str(id), input.changes())
        )
        return UpdateCategoryPayload(category=_category(placed), errors=errors)

    @strawberry.mutation(
        description="Move a category, with everything below it, under another parent; a "
        "null newParentId makes it a root (administrators)."
    )
    async def move_category(
        self, info: Info, id: strawberry.ID, new_parent_id: strawberry.ID | None = None
    ) -> MoveCategoryPayload:
        await require_admin(info)
        target = str(new_parent_id) if new_parent_id is not None else None
        placed, errors = await attempt(
            category_admin.move_category(info.context.loaders, str(id), target)
        )
        return MoveCategoryPayload(category=_category(placed), errors=errors)

    @strawberry.mutation(
        description="Delete a category that has no subcategories and no active products "
        "(administrators)."
    )
    async def delete_category(self, info: Info, id: strawberry.ID) -> DeleteCategoryPayload:
        await require_admin(info)
        deleted, errors = await attempt(
            category_admin.delete_category(info.context.loaders, str(id))
        )
        return DeleteCategoryPayload(
            deleted_id=strawberry.ID(deleted) if deleted else None, errors=errors
        )
