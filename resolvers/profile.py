"""The signed-in user's own account: profile, addresses, becoming a seller."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypedDict, TypeVar

from gateway.auth import SELLER
from gateway.errors import Problem, Rejected, UserErrorCode
from loaders import users
from loaders.codec import Item
from loaders.ids import new_id, timestamp
from loaders.keys import UserKey
from loaders.request import RequestLoaders
from resolvers import validation
from resolvers.validation import LINE_LENGTH, clean, text

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


@dataclass(frozen=True)
class NewAddress:
    recipient: str
    line1: str
    city: str
    postal_code: str
    country: str
    label: str | None = None
    line2: str | None = None
    region: str | None = None
    phone: str | None = None
    is_default: bool = False


def account(loaders: RequestLoaders, user_id: str) -> Awaitable[Item | None]:
    """A user's profile. The read is issued at once, to go out with this tick's others."""
    return loaders.items.load(UserKey(user_id))


async def addresses(loaders: RequestLoaders, user_id: str) -> list[Item]:
    """The default address first, then the others in the order they were added."""
    found = await loaders.accounts.addresses.load(user_id)
    return sorted(found, key=lambda address: not address.get("is_default", False))


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


async def add_address(loaders: RequestLoaders, user_id: str, new: NewAddress) -> Item:
    """A new address. A user has exactly one default address: the first one is, and a new
    default takes over from the previous one in the same transaction."""
    validation.reject_invalid(
        text(new.label, "label", "The label", required=False, longest=50),
        text(new.recipient, "recipient", "The recipient", longest=LINE_LENGTH),
        text(new.line1, "line1", "The first address line", longest=LINE_LENGTH),
        text(new.line2, "line2", "The second address line", required=False, longest=LINE_LENGTH),
        text(new.city, "city", "The city", longest=LINE_LENGTH),
        text(new.region, "region", "The region", required=False, longest=LINE_LENGTH),
        text(new.postal_code, "postal_code", "The postal code", longest=20),
        validation.country(new.country.strip()),
        validation.phone(clean(new.phone)),
    )

    async def attempt() -> Item | None:
        profile, existing = await asyncio.gather(
            users.profile_now(loaders.dynamo, user_id),
            users.addresses(loaders.dynamo, user_id, consistent=True),
        )
        if profile is None:
            raise Rejected(NO_PROFILE)
        previous = next((a["address_id"] for a in existing if a.get("is_default")), None)
        created_at = timestamp()
        address: Item = {
            "address_id": new_id(),
            "label": clean(new.label),
            "recipient": new.recipient.strip(),
            "line1": new.line1.strip(),
            "line2": clean(new.line2),
            "city": new.city.strip(),
            "region": clean(new.region),
            "postal_code": new.postal_code.strip(),
            "country": new.country.strip().upper(),
            "phone": clean(new.phone),
            "is_default": new.is_default or previous is None,
            "created_at": created_at,
        }
        added = await users.add_address(
            loaders.dynamo,
            user_id,
            address,
            seen=profile.get("updated_at"),
            updated_at=created_at,
            previous_default=previous if address["is_default"] else None,
        )
        return address if added else None

    return await _until_unchanged(loaders, attempt)


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

    return await _until_unchanged(loaders, attempt)


async def _until_unchanged(
    loaders: RequestLoaders, attempt: Callable[[], Awaitable[T | None]]
) -> T:
    """Run a versioned change (None: another change came first) until it holds, with
    backoff between attempts."""
    for n in range(ATTEMPTS):
        if n:
            await asyncio.sleep(loaders.dynamo.retry.delay(n))
        result = await attempt()
        if result is not None:
            return result
    raise Rejected(CHANGED_MEANWHILE)
