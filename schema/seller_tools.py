"""A seller's own tools: their store, withdrawing an offer, a product's details."""

from __future__ import annotations

import strawberry

from gateway.auth import require_user
from gateway.context import Context
from resolvers import seller_tools
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
