"""The `errors` of mutation payloads: expected outcomes the caller can act on.

`ErrorCode` is defined once, here, for every area's mutations; an empty `errors` list
means the mutation did what was asked.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import strawberry
from strawberry.utils.str_converters import to_camel_case

from gateway.errors import Problem, Rejected, UserErrorCode

T = TypeVar("T")

strawberry.enum(
    UserErrorCode, name="ErrorCode", description="Why a mutation did not do what was asked."
)


@strawberry.type(description="A reason a mutation did not do what was asked.")
class UserError:
    field: list[str] | None = strawberry.field(
        description='The path of the argument at fault (e.g. ["input", "email"]), if one is.'
    )
    message: str
    code: UserErrorCode
    retry_after: int | None = strawberry.field(
        default=None,
        description="With TOO_MANY_ATTEMPTS: the seconds to wait before trying again.",
    )

    @classmethod
    def from_problem(cls, problem: Problem, within: tuple[str, ...] = ()) -> UserError:
        path = [*within, *map(to_camel_case, problem.field)] if problem.field else None
        return cls(
            field=path, message=problem.message, code=problem.code, retry_after=problem.retry_after
        )


async def attempt(
    action: Awaitable[T], within: tuple[str, ...] = ()
) -> tuple[T | None, list[UserError]]:
    """Run a use case: its result and no errors, or no result and why it was refused.

    `within` is the argument the use case's field names are inside of, e.g. `("input",)`.
    """
    try:
        return await action, []
    except Rejected as rejected:
        return None, [UserError.from_problem(p, within) for p in rejected.problems]
