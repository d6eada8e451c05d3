"""A seller's own tools: their store, withdrawing an offer, a product's details."""

from __future__ import annotations

import strawberry

from gateway.auth import require_user
from gateway.context import Context
from resolvers import product_details, seller_tools
from resolvers.profile import STORE_DESCRIPTION_LENGTH
from schema.product import Listing, Product
from schema.seller import Seller
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.input
class UpdateStoreInput:
    store_name: str = strawberry.field(
        description=f"At most {seller_tools.STORE_NAME_LENGTH} characters."
    )
    store_description: str | None = strawberry.field(
        default=None,
        description=f"At most {STORE_DESCRIPTION_LENGTH} characters; null or blank removes it.",
    )


@strawberry.type
class UpdateStorePayload:
    seller: Seller | None
    errors: list[UserError]


@strawberry.type
class WithdrawListingPayload:
    listing: Listing | None
    errors: list[UserError]


@strawberry.type
class SellerToolsMutation:
    @strawberry.mutation(
        description="Rename your store (sellers): the new name shows on every listing of yours."
    )
    async def update_store(self, info: Info, input: UpdateStoreInput) -> UpdateStorePayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            seller_tools.update_store(
                info.context.loaders, viewer, input.store_name, input.store_description
            ),
            ("input",),
        )
        return UpdateStorePayload(seller=Seller.from_user(found) if found else None, errors=errors)

    @strawberry.mutation(
        description="Stop selling your offer of a product; upsertListing offers it again."
    )
    async def withdraw_listing(
        self, info: Info, product_id: strawberry.ID
    ) -> WithdrawListingPayload:
        viewer = await require_user(info)
        done, errors = await attempt(
            seller_tools.withdraw_listing(info.context.loaders, viewer, str(product_id))
        )
        listing = Listing.from_item(done.listing, Product.from_item(done.product)) if done else None
        return WithdrawListingPayload(listing=listing, errors=errors)


@strawberry.input
class SpecificationInput:
    name: str = strawberry.field(description=f"At most {product_details.NAME_LENGTH} characters.")
    value: str = strawberry.field(description=f"At most {product_details.VALUE_LENGTH} characters.")
    unit: str | None = None
    group: str | None = None


@strawberry.input
class FacetInput:
    name: str = strawberry.field(description=f"At most {product_details.NAME_LENGTH} characters.")
    value: str = strawberry.field(description=f"At most {product_details.VALUE_LENGTH} characters.")


@strawberry.type
class SetProductDetailsPayload:
    product: Product | None
    errors: list[UserError]


@strawberry.type
class ProductDetailsMutation:
    @strawberry.mutation(
        description="Replace a product's specifications and facets as a whole (its owners): "
        f"at most {product_details.MAX_SPECIFICATIONS} specifications and "
        f"{product_details.MAX_FACETS} facets, each name once."
    )
    async def set_product_details(
        self,
        info: Info,
        product_id: strawberry.ID,
        specifications: list[SpecificationInput],
        facets: list[FacetInput],
    ) -> SetProductDetailsPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            product_details.set_product_details(
                info.context.loaders,
                viewer,
                str(product_id),
                [
                    product_details.Specification(s.name, s.value, s.unit, s.group)
                    for s in specifications
                ],
                [product_details.Facet(f.name, f.value) for f in facets],
            )
        )
        return SetProductDetailsPayload(
            product=Product.from_item(found) if found else None, errors=errors
        )
