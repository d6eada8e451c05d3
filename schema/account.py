"""Accounts: who is signed in, signing up, in and out."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import strawberry

from gateway.auth import claimed_viewer, current_viewer, require_admin, require_user
from gateway.context import Context
from loaders.ids import timestamp
from resolvers import accounts, profile
from resolvers.prefetch import settle
from schema.directives import ONCE_PER_REQUEST
from schema.scalars import DateTime
from schema.user import User, prefetch_account
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.input
class RegisterInput:
    username: str = strawberry.field(description="3 to 30 letters, digits, '_', '.' or '-'.")
    email: str
    password: str = strawberry.field(description="10 to 128 characters.")
    first_name: str
    last_name: str
    phone: str | None = None
    store_name: str | None = strawberry.field(
        default=None, description="Given, the new account is a seller's, with this store."
    )


@strawberry.type
class RegisterPayload:
    user: User | None
    token: str | None = strawberry.field(description="Send as `Authorization: Bearer <token>`.")
    expires_at: DateTime | None
    errors: list[UserError]


@strawberry.type
class LoginPayload:
    token: str | None = strawberry.field(description="Send as `Authorization: Bearer <token>`.")
    expires_at: DateTime | None
    user: User | None
    errors: list[UserError]


@strawberry.type
class LogoutPayload:
    ok: bool
    errors: list[UserError]


def expiry(signed_in: accounts.SignedIn) -> DateTime:
    return DateTime(timestamp(datetime.fromtimestamp(signed_in.token.expires_at, UTC)))


@strawberry.type
class AccountQuery:
    @strawberry.field(description="The signed-in user; null when anonymous.")
    async def viewer(self, info: Info) -> User | None:
        claimed = claimed_viewer(info)
        if claimed is None:
            return None
        # The session and the profile go out as one BatchGetItem, with what the fields below
        # will read of the user's data in the same round (shown only if the session holds).
        pages = prefetch_account(info, claimed.user_id)
        _, item = await asyncio.gather(
            current_viewer(info), profile.account(info.context.loaders, claimed.user_id)
        )
        await settle(pages)
        return User.from_item(item) if item else None

    @strawberry.field(description="Any user's account, by id: administrators only.")
    async def user(self, info: Info, id: strawberry.ID) -> User | None:
        await require_admin(info)
        item = await profile.account(info.context.loaders, str(id))
        return User.from_item(item) if item else None


@strawberry.type
class AccountMutation:
    @strawberry.mutation(
        description="A new customer account, signed in; with a storeName, a seller's too.",
        directives=[ONCE_PER_REQUEST],
    )
    async def register(self, info: Info, input: RegisterInput) -> RegisterPayload:
        registration = accounts.Registration(
            username=input.username,
            email=input.email,
            password=input.password,
            first_name=input.first_name,
            last_name=input.last_name,
            phone=input.phone,
            store_name=input.store_name,
        )
        context = info.context
        signed_in, errors = await attempt(
            accounts.register(context.loaders, context.settings, registration), within=("input",)
        )
        if signed_in is None:
            return RegisterPayload(user=None, token=None, expires_at=None, errors=errors)
        return RegisterPayload(
            user=User.from_item(signed_in.user),
            token=signed_in.token.token,
            expires_at=expiry(signed_in),
            errors=[],
        )

    @strawberry.mutation(
        description="Sign in with the username or the email address.",
        directives=[ONCE_PER_REQUEST],
    )
    async def login(self, info: Info, username: str, password: str) -> LoginPayload:
        context = info.context
        signed_in, errors = await attempt(
            accounts.login(
                context.loaders, context.settings, username, password, context.client_address
            )
        )
        if signed_in is None:
            return LoginPayload(token=None, expires_at=None, user=None, errors=errors)
        return LoginPayload(
            token=signed_in.token.token,
            expires_at=expiry(signed_in),
            user=User.from_item(signed_in.user),
            errors=[],
        )

    @strawberry.mutation(description="End the session of the token this request carries.")
    async def logout(self, info: Info) -> LogoutPayload:
        viewer = await require_user(info)
        await accounts.logout(info.context.loaders, viewer)
        return LogoutPayload(ok=True, errors=[])
