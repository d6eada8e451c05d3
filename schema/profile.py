"""The signed-in user's changes to their own account."""

from __future__ import annotations

import strawberry

from gateway.auth import require_user
from gateway.context import Context
from resolvers import addresses, profile
from schema.user import Address, User
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.input(description="Fields left out stay as they are; a null phone removes it.")
class UpdateProfileInput:
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET

    def changes(self) -> profile.ProfileChanges:
        changes: profile.ProfileChanges = {}
        if self.first_name is not strawberry.UNSET:
            changes["first_name"] = self.first_name
        if self.last_name is not strawberry.UNSET:
            changes["last_name"] = self.last_name
        if self.phone is not strawberry.UNSET:
            changes["phone"] = self.phone
        return changes


@strawberry.input
class AddressInput:
    label: str | None = None
    recipient: str
    line1: str
    line2: str | None = None
    city: str
    region: str | None = None
    postal_code: str
    country: str = strawberry.field(description="ISO 3166 alpha-2, such as US.")
    phone: str | None = None
    is_default: bool | None = strawberry.field(
        default=False, description="Make it the default address (the first one always is)."
    )

    def address(self) -> addresses.NewAddress:
        return addresses.NewAddress(
            recipient=self.recipient,
            line1=self.line1,
            city=self.city,
            postal_code=self.postal_code,
            country=self.country,
            label=self.label,
            line2=self.line2,
            region=self.region,
            phone=self.phone,
            is_default=bool(self.is_default),
        )


@strawberry.type
class UpdateProfilePayload:
    user: User | None
    errors: list[UserError]


@strawberry.type
class AddAddressPayload:
    address: Address | None
    errors: list[UserError]


@strawberry.type
class UpdateAddressPayload:
    address: Address | None
    errors: list[UserError]


@strawberry.type
class DeleteAddressPayload:
    deleted_id: strawberry.ID | None
    errors: list[UserError]


@strawberry.type
class BecomeSellerPayload:
    user: User | None
    errors: list[UserError]


@strawberry.type
class ProfileMutation:
    @strawberry.mutation
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> UpdateProfilePayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            profile.update_profile(info.context.loaders, viewer.user_id, input.changes()),
            within=("input",),
        )
        return UpdateProfilePayload(user=User.from_item(found) if found else None, errors=errors)

    @strawberry.mutation
    async def add_address(self, info: Info, input: AddressInput) -> AddAddressPayload:
        viewer = await require_user(info)
        new = input.address()
        found, errors = await attempt(
            addresses.add_address(info.context.loaders, viewer.user_id, new), within=("input",)
        )
        return AddAddressPayload(address=Address.from_item(found) if found else None, errors=errors)

    @strawberry.mutation(description="Change one of your addresses: every field is replaced.")
    async def update_address(
        self, info: Info, id: strawberry.ID, input: AddressInput
    ) -> UpdateAddressPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            addresses.update_address(info.context.loaders, viewer.user_id, str(id), input.address())
        )
        return UpdateAddressPayload(
            address=Address.from_item(found) if found else None, errors=errors
        )

    @strawberry.mutation(
        description="Delete one of your addresses; the default passes to the oldest one left."
    )
    async def delete_address(self, info: Info, id: strawberry.ID) -> DeleteAddressPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            addresses.delete_address(info.context.loaders, viewer.user_id, str(id))
        )
        return DeleteAddressPayload(
            deleted_id=strawberry.ID(found) if found else None, errors=errors
        )

    @strawberry.mutation(description="Open a store: the account becomes a seller's.")
    async def become_seller(
        self, info: Info, store_name: str, store_description: str | None = None
    ) -> BecomeSellerPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            profile.become_seller(
                info.context.loaders, viewer.user_id, store_name, store_description
            )
        )
        return BecomeSellerPayload(user=User.from_item(found) if found else None, errors=errors)
