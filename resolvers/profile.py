"""The signed-in user's own account: profile, becoming a seller (addresses:
`resolvers/addresses.py`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypedDict, TypeVar

from gateway.auth import SELLER
from gateway.errors import Problem, Rejected, UserErrorCode
from loaders import users
from loaders.codec import Item
from loaders.ids import timestamp
from loaders.keys import UserKey
from loaders.request import RequestLoaders
from resolvers import validation
from resolvers.validation import clean, text

T = TypeVar("T")

# A versioned change is read and tried again this many times when others keep coming first.
ATTEMPTS = 3
NO_PROFILE = Problem(UserErrorCode.NOT_FOUND, "This account has no profile; register first.")
CHANGED_MEANWHILE = Problem(
    UserErrorCode.INVALID_STATE, "The account kept changing while this was saved; try again."
)
ALREADY_SELLER = Problem(UserErrorCode.INVALID_STATE, "This account is a seller already.")
STORE_DESCRIPTION_LENGTH = 2000


class ProfileChanges(TypedDict, total=False):
    """What to change: what is left out stays as it is; a phone of None is removed (a
    name of None is refused)."""

    first_name: str | None
    last_name: str | None
    phone: str | None


def account(loaders: RequestLoaders, user_id: str) -> Awaitable[Item | None]:
    """A user's profile. The read is issued at once, to go out with this tick's others."""
    return loaders.items.load(UserKey(user_id))


async def update_profile(loaders: RequestLoaders, user_id: str, changes: ProfileChanges) -> Item:
    validation.reject_invalid(
        text(changes["first_name"], "first_name", "The first name")
        if "first_name" in changes
        else None,
        text(changes["last_name"], "last_name", "The last name")
        if "last_name" in changes
        else None,
        validation.phone(clean(changes.get("phone"))),
    )
    update: dict[str, str | None] = {"updated_at": timestamp()}
    if "first_name" in changes:
        update["first_name"] = clean(changes["first_name"])
    if "last_name" in changes:
        update["last_name"] = clean(changes["last_name"])
    if "phone" in changes:
        update["phone"] = clean(changes["phone"])
    found = await users.update_profile(loaders.dynamo, user_id, update)
    if found is None:
        raise Rejected(NO_PROFILE)
    return found


async def become_seller(
    loaders: RequestLoaders, user_id: str, store_name: str, store_description: str | None
) -> Item:
    """Open a store: the account gets the `seller` role and the store's name."""
    validation.reject_invalid(
        text(store_name, "store_name", "The store name"),
        text(
            store_description,
            "store_description",
            "The store description",
            required=False,
            longest=STORE_DESCRIPTION_LENGTH,
        ),
    )

    async def attempt() -> Item | None:
        profile = await users.profile_now(loaders.dynamo, user_id)
        if profile is None:
            raise Rejected(NO_PROFILE)
        if profile.get("is_seller"):
            raise Rejected(ALREADY_SELLER)
        roles = list(profile.get("roles") or [])
        changes = {
            "is_seller": True,
            "roles": [*roles, SELLER] if SELLER not in roles else roles,
            "store_name": store_name.strip(),
            "store_description": clean(store_description),
            "seller_rating_sum": profile.get("seller_rating_sum", 0),
            "seller_rating_count": profile.get("seller_rating_count", 0),
            "updated_at": timestamp(),
        }
        return await users.update_if_unchanged(
            loaders.dynamo, user_id, changes, profile.get("updated_at")
        )

    return await until_unchanged(loaders, attempt)


async def until_unchanged(loaders: RequestLoaders, attempt: Callable[[], Awaitable[T | None]]) -> T:
    """Run a versioned change (None: another change came first) until it holds, with
    backoff between attempts."""
    for n in range(ATTEMPTS):
        if n:
            await asyncio.sleep(loaders.dynamo.retry.delay(n))
        result = await attempt()
        if result is not None:
            return result
    raise Rejected(CHANGED_MEANWHILE)
