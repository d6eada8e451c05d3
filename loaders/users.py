"""The Users table: profiles, the Unique items that make usernames and emails unique,
sessions and addresses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.errors import ConditionFailed, StorageError, TransactionCancelled
from loaders.ids import later_than
from loaders.keys import (
    ADDRESS_PREFIX,
    AddressKey,
    SessionKey,
    UniqueEmailKey,
    UniqueUsernameKey,
    UserKey,
    email_index_partition,
)
from loaders.model import USERS
from loaders.writes import MUST_BE_NEW, MUST_EXIST, Delete, Put, Update, Write

EMAIL_INDEX = USERS.index("EmailIndex")
CONDITION_FAILED = "ConditionalCheckFailed"


class AlreadyTaken(StorageError):
    """A registration lost on uniqueness; `taken` names what: "username", "email" or both."""

    def __init__(self, taken: set[str]) -> None:
        super().__init__("already taken: " + ", ".join(sorted(taken)))
        self.taken = taken


@dataclass(frozen=True)
class Session:
    user_id: str
    session_id: str
    created_at: str
    expires_at: int

    def put(self) -> Put:
        return Put(
            SessionKey(self.user_id, self.session_id),
            {
                "entity": "Session",
                "session_id": self.session_id,
                "created_at": self.created_at,
                "expires_at": self.expires_at,
            },
        )


async def create_user(dynamo: Dynamo, profile: Item, session: Session) -> None:
    """The profile, both Unique items and the first session, in one transaction.

    Raises `AlreadyTaken` when another user holds the username or the email (each Unique
    item is written only if it does not exist yet).
    """
    user_id: str = profile["user_id"]
    claims = (
        ("username", UniqueUsernameKey(profile["username"]), "UniqueUsername"),
        ("email", UniqueEmailKey(profile["email"]), "UniqueEmail"),
    )
    writes: list[Write] = [
        Put(
            UserKey(user_id),
            {
                "entity": "User",
                **profile,
                "gsi1pk": email_index_partition(profile["email"]),
                "gsi1sk": user_id,
            },
            MUST_BE_NEW,
        ),
        *(
            Put(key, {"entity": entity, "user_id": user_id}, MUST_BE_NEW)
            for _, key, entity in claims
        ),
        session.put(),
    ]
    try:
        await dynamo.transact_write(writes)
    except TransactionCancelled as cancelled:
        reasons = dict(zip(("profile", "username", "email"), cancelled.reasons, strict=False))
        taken = {name for name, _, _ in claims if reasons.get(name) == CONDITION_FAILED}
        if not taken:
            raise
        raise AlreadyTaken(taken) from cancelled


async def user_by_email(dynamo: Dynamo, email: str) -> Item | None:
    """The profile with this email (any case), through `EmailIndex`."""
    page = await dynamo.query(
        USERS,
        "gsi1pk = :email",
        {":email": email_index_partition(email)},
        index=EMAIL_INDEX.name,
        limit=1,
    )
    return page.items[0] if page.items else None


class PasswordChanged(StorageError):
    """The password hash a sign-in checked is not the account's any more."""


SESSIONS_BEGUN = "sessions_begun"
"""The profile's count of sessions begun. A sign-in adds one in its session's transaction;
a password change's transaction holds it as read (`loaders/credentials.py: set_password`),
so that a sign-in with the old password cannot land its session between the change's read
of the sessions it ends and its commit."""


def session_begins(session: Session, checked: str, new_hash: str | None = None) -> list[Write]:
    """The Session item and one more session begun on the profile, if the password hash is
    still `checked`, the one the password was checked against (a sign-in reads it
    eventually consistently, maybe from before a change); `new_hash` replaces it (the same
    password, hashed with other parameters)."""
    changes = {} if new_hash is None else {"password_hash": new_hash}
    begun = Update(
        UserKey(session.user_id),
        changes,
        "password_hash = :checked",
        {":checked": checked},
        adds={SESSIONS_BEGUN: 1},
    )
    return [session.put(), begun]


async def start_session(
    dynamo: Dynamo,
    session: Session,
    checked: str,
    *,
    new_hash: str | None = None,
    also: Sequence[Write] = (),
) -> None:
    """`session_begins`, with `also` (the sign-in's other writes), in one transaction.

    Raises `PasswordChanged` when the hash is not `checked` any more (the transaction's
    only condition)."""
    try:
        await dynamo.transact_write([*session_begins(session, checked, new_hash), *also])
    except TransactionCancelled as cancelled:
        if CONDITION_FAILED in cancelled.reasons:
            raise PasswordChanged("the password changed during the sign-in") from cancelled
        raise


async def end_session(dynamo: Dynamo, user_id: str, session_id: str) -> None:
    await dynamo.delete(Delete(SessionKey(user_id, session_id)))


async def update_profile(dynamo: Dynamo, user_id: str, changes: Mapping[str, Any]) -> Item | None:
    """The profile after the change; None when there is no profile."""
    return await _update_profile(dynamo, user_id, changes, MUST_EXIST, {})


async def profile_now(dynamo: Dynamo, user_id: str) -> Item | None:
    """The profile as of now, to decide a versioned change on (see `update_if_unchanged`)."""
    return await dynamo.get_consistent(UserKey(user_id))


def _unchanged(seen: str | None) -> tuple[str, dict[str, Any]]:
    """The condition that the account is as it was read: its `updated_at` serves as its version."""
    if seen is None:
        return "attribute_not_exists(updated_at)", {}
    return "updated_at = :seen", {":seen": seen}


async def update_if_unchanged(
    dynamo: Dynamo, user_id: str, changes: Mapping[str, Any], seen: str | None
) -> Item | None:
    """The profile after the change, made only if its `updated_at` is still `seen` (the
    change must set a new one); None when another change came first: read again."""
    condition, values = _unchanged(seen)
    return await _update_profile(dynamo, user_id, changes, f"{MUST_EXIST} AND {condition}", values)


async def _update_profile(
    dynamo: Dynamo,
    user_id: str,
    changes: Mapping[str, Any],
    condition: str,
    values: Mapping[str, Any],
) -> Item | None:
    try:
        return await dynamo.update(Update(UserKey(user_id), changes, condition, values))
    except ConditionFailed:
        return None


async def addresses(dynamo: Dynamo, user_id: str, *, consistent: bool = False) -> list[Item]:
    """A user's addresses, in the order they were added (address ids are ULIDs)."""
    condition, values = (
        "pk = :user AND begins_with(sk, :prefix)",
        {":user": user_id, ":prefix": ADDRESS_PREFIX},
    )
    if consistent:
        return await dynamo.query_all(USERS, condition, values, consistent=True)
    return await dynamo.query_all(USERS, condition, values)


async def put_address(
    dynamo: Dynamo,
    user_id: str,
    address: Item,
    *,
    new: bool,
    seen: str | None,
    updated_at: str,
    previous_default: str | None,
) -> bool:
    """Write an address (`new`: one that must not exist yet; else one that must), and
    unset `previous_default` in the same transaction.

    Versioned like `update_if_unchanged`: the profile's `updated_at` must still be
    `seen`, and becomes `updated_at`. False when another change came first (or the
    address to replace is gone).
    """
    writes: list[Write] = [
        Put(
            AddressKey(user_id, address["address_id"]),
            {"entity": "Address", **address},
            MUST_BE_NEW if new else MUST_EXIST,
        ),
    ]
    if previous_default is not None:
        writes.append(default_address(user_id, previous_default, is_default=False))
    return await versioned_write(dynamo, user_id, writes, seen=seen, updated_at=updated_at)


async def delete_address(
    dynamo: Dynamo,
    user_id: str,
    address_id: str,
    *,
    seen: str | None,
    updated_at: str,
    next_default: str | None,
) -> bool:
    """Delete an address and make `next_default` the default in the same transaction,
    versioned like `put_address`; False when another change came first."""
    writes: list[Write] = [Delete(AddressKey(user_id, address_id), MUST_EXIST)]
    if next_default is not None:
        writes.append(default_address(user_id, next_default, is_default=True))
    return await versioned_write(dynamo, user_id, writes, seen=seen, updated_at=updated_at)


def default_address(user_id: str, address_id: str, *, is_default: bool) -> Update:
    """An address made (or no longer) the default: it must exist and be the other way."""
    return Update(
        AddressKey(user_id, address_id),
        {"is_default": is_default},
        f"{MUST_EXIST} AND is_default = :was",
        {":was": not is_default},
    )


async def versioned_write(
    dynamo: Dynamo, user_id: str, writes: list[Write], *, seen: str | None, updated_at: str
) -> bool:
    """`writes` to a user's partition in one transaction with the profile's version: its
    `updated_at` must still be `seen`, and becomes `updated_at` (strictly later than
    `seen`, so two changes in one millisecond still differ). False when another change
    came first (or a write's own condition failed: the caller reads again)."""
    condition, values = _unchanged(seen)
    version = Update(
        UserKey(user_id),
        {"updated_at": later_than(seen, updated_at)},
        f"{MUST_EXIST} AND {condition}",
        values,
    )
    try:
        await dynamo.transact_write([version, *writes])
    except TransactionCancelled as cancelled:
        if CONDITION_FAILED not in cancelled.reasons:
            raise
        return False
    return True
