"""Passwords: changing one, and resetting a forgotten one with a code sent by e-mail."""

from __future__ import annotations

import strawberry

from gateway.auth import require_user
from gateway.context import Context
from resolvers import passwords
from schema.account import expiry
from schema.directives import ONCE_PER_REQUEST
from schema.scalars import DateTime
from schema.user import User
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.type
class PasswordPayload:
    ok: bool
    errors: list[UserError]


@strawberry.type
class ResetPasswordPayload:
    token: str | None = strawberry.field(description="Send as `Authorization: Bearer <token>`.")
    expires_at: DateTime | None
    user: User | None
    errors: list[UserError]


@strawberry.type
class PasswordMutation:
    @strawberry.mutation(
        description="A new password; every other session of the user ends, this one stays.",
        directives=[ONCE_PER_REQUEST],
    )
    async def change_password(
        self, info: Info, current_password: str, new_password: str
    ) -> PasswordPayload:
        viewer = await require_user(info)
        _, errors = await attempt(
            passwords.change_password(info.context, viewer, current_password, new_password)
        )
        return PasswordPayload(ok=not errors, errors=errors)

    @strawberry.mutation(
        description="E-mails a 6-digit code, valid 5 minutes and once, if the address has an "
        "account; the answer is the same either way.",
        directives=[ONCE_PER_REQUEST],
    )
    async def request_password_reset(self, info: Info, email: str) -> PasswordPayload:
        context = info.context
        await passwords.request_reset(context.loaders, context.settings, context.mailer, email)
        return PasswordPayload(ok=True, errors=[])

    @strawberry.mutation(
        description="A new password with the e-mailed code: every session ends, and the "
        "caller is signed in.",
        directives=[ONCE_PER_REQUEST],
    )
    async def reset_password(
        self, info: Info, email: str, code: str, new_password: str
    ) -> ResetPasswordPayload:
        context = info.context
        signed_in, errors = await attempt(
            passwords.reset_password(context, email, code, new_password)
        )
        if signed_in is None:
            return ResetPasswordPayload(token=None, expires_at=None, user=None, errors=errors)
        return ResetPasswordPayload(
            token=signed_in.token.token,
            expires_at=expiry(signed_in),
            user=User.from_item(signed_in.user),
            errors=[],
        )
