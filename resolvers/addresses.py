"""A user's address book: adding, changing and deleting addresses.

A user with addresses has exactly one default: the first address is, a new or changed
address asked to be the default takes over in the same transaction, and deleting the
default passes it on to the oldest address left. Each change is versioned on the profile's
`updated_at` (read again and retried when another change came first). Orders keep their
own copy of the address they ship to: nothing here touches them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from gateway.errors import Problem, Rejected, UserErrorCode
from loaders import users
from loaders.codec import Item
from loaders.ids import new_id, timestamp
from loaders.request import RequestLoaders
from resolvers import validation
from resolvers.profile import NO_PROFILE, until_unchanged
from resolvers.validation import LINE_LENGTH, clean, text

NO_ADDRESS = Problem(UserErrorCode.NOT_FOUND, "You have no address with this id.", ("id",))


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

    def check(self, within: tuple[str, ...] = ()) -> None:
        """Refuse every invalid field at once; `within` is the argument they are inside of
        when the use case names other arguments too."""
        problems = [
            problem
            for problem in (
                text(self.label, "label", "The label", required=False, longest=50),
                text(self.recipient, "recipient", "The recipient", longest=LINE_LENGTH),
                text(self.line1, "line1", "The first address line", longest=LINE_LENGTH),
                text(
                    self.line2,
                    "line2",
                    "The second address line",
                    required=False,
                    longest=LINE_LENGTH,
                ),
                text(self.city, "city", "The city", longest=LINE_LENGTH),
                text(self.region, "region", "The region", required=False, longest=LINE_LENGTH),
                text(self.postal_code, "postal_code", "The postal code", longest=20),
                validation.country(self.country.strip()),
                validation.phone(clean(self.phone)),
            )
            if problem is not None
        ]
        if problems:
            raise Rejected(*(replace(p, field=within + (p.field or ())) for p in problems))

    def fields(self) -> Item:
        """The address's attributes as stored (absent rather than empty)."""
        return {
            "label": clean(self.label),
            "recipient": self.recipient.strip(),
            "line1": self.line1.strip(),
            "line2": clean(self.line2),
            "city": self.city.strip(),
            "region": clean(self.region),
            "postal_code": self.postal_code.strip(),
            "country": self.country.strip().upper(),
            "phone": clean(self.phone),
        }


async def addresses(loaders: RequestLoaders, user_id: str) -> list[Item]:
    """The default address first, then the others in the order they were added."""
    found = await loaders.accounts.addresses.load(user_id)
    return sorted(found, key=lambda address: not address.get("is_default", False))


async def _current(loaders: RequestLoaders, user_id: str) -> tuple[Item, list[Item]]:
    """The profile (whose `updated_at` versions the change), then the addresses, as of
    now. In that order: addresses read after the version cannot be older than it, so a
    change made between the reads fails the version check (read together, an address
    list from before a change could pass with the version from after it)."""
    profile = await users.profile_now(loaders.dynamo, user_id)
    existing = await users.addresses(loaders.dynamo, user_id, consistent=True)
    if profile is None:
        raise Rejected(NO_PROFILE)
    return profile, existing


def _default_of(existing: list[Item]) -> str | None:
    return next((a["address_id"] for a in existing if a.get("is_default")), None)


async def add_address(loaders: RequestLoaders, user_id: str, new: NewAddress) -> Item:
    """A new address; the first one is the default."""
    new.check()

    async def attempt() -> Item | None:
        profile, existing = await _current(loaders, user_id)
        previous = _default_of(existing)
        created_at = timestamp()
        address: Item = {
            "address_id": new_id(),
            **new.fields(),
            "is_default": new.is_default or previous is None,
            "created_at": created_at,
        }
        added = await users.put_address(
            loaders.dynamo,
            user_id,
            address,
            new=True,
            seen=profile.get("updated_at"),
            updated_at=created_at,
            previous_default=previous if address["is_default"] else None,
        )
        return address if added else None

    return await until_unchanged(loaders, attempt)


async def update_address(
    loaders: RequestLoaders, user_id: str, address_id: str, new: NewAddress
) -> Item:
    """The address with every field replaced by `new` (argument `input`). The default
    stays the default (to move it, make another address the default); `is_default` makes
    this one the default."""
    new.check(within=("input",))

    async def attempt() -> Item | None:
        profile, existing = await _current(loaders, user_id)
        current = next((a for a in existing if a["address_id"] == address_id), None)
        if current is None:
            raise Rejected(NO_ADDRESS)
        previous = _default_of(existing)
        address: Item = {
            "address_id": address_id,
            **new.fields(),
            "is_default": new.is_default or previous in (None, address_id),
            "created_at": current.get("created_at") or timestamp(),
        }
        replaced = await users.put_address(
            loaders.dynamo,
            user_id,
            address,
            new=False,
            seen=profile.get("updated_at"),
            updated_at=timestamp(),
            previous_default=previous if address["is_default"] and previous != address_id else None,
        )
        return address if replaced else None

    return await until_unchanged(loaders, attempt)


async def delete_address(loaders: RequestLoaders, user_id: str, address_id: str) -> str:
    """The deleted address's id. Deleting the default makes the oldest address left the
    default (none if it was the last)."""

    async def attempt() -> str | None:
        profile, existing = await _current(loaders, user_id)
        current = next((a for a in existing if a["address_id"] == address_id), None)
        if current is None:
            raise Rejected(NO_ADDRESS)
        others = [a for a in existing if a["address_id"] != address_id]
        next_default = others[0]["address_id"] if current.get("is_default") and others else None
        deleted = await users.delete_address(
            loaders.dynamo,
            user_id,
            address_id,
            seen=profile.get("updated_at"),
            updated_at=timestamp(),
            next_default=next_default,
        )
        return address_id if deleted else None

    return await until_unchanged(loaders, attempt)
