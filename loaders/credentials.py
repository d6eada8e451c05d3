"""Passwords and one-time codes in the Users table: the Otp item of a password reset, a
user's sessions, and the transactions that change a password and end sessions."""

from __future__ import annotations

from collections.abc import Sequence

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.errors import ConditionFailed, TransactionCancelled
from loaders.keys import SESSION_PREFIX, OtpKey, SessionKey, UserKey
from loaders.model import USERS
from loaders.users import SESSIONS_BEGUN, Session, profile_now
from loaders.writes import MUST_EXIST, Delete, Put, Update, Write

TRANSACTION_LIMIT = 100


async def put_code(
    dynamo: Dynamo, user_id: str, purpose: str, code_hash: str, expires_at: int
) -> None:
    """The user's one live code for `purpose`, replacing any earlier one."""
    await dynamo.put(
        Put(
            OtpKey(user_id, purpose),
            {
                "entity": "Otp",
                "user_id": user_id,
                "purpose": purpose,
                "code_hash": code_hash,
                "attempts": 0,
                "expires_at": expires_at,
            },
        )
    )


async def code_now(dynamo: Dynamo, user_id: str, purpose: str) -> Item | None:
    """The live code (None if there is none, or it expired), strongly consistent."""
    return await dynamo.get_consistent(OtpKey(user_id, purpose))


async def count_wrong_code(dynamo: Dynamo, code: Item, burn_at: int) -> None:
    """One more wrong attempt at `code`; at `burn_at` attempts the code is deleted. Lost
    to a concurrent attempt (the count moved), it changes nothing: that one counted."""
    key, seen = OtpKey(code["user_id"], code["purpose"]), int(code.get("attempts", 0))
    try:
        if seen + 1 >= burn_at:
            await dynamo.delete(Delete(key, "attempts = :seen", {":seen": seen}))
        else:
            await dynamo.update(
                Update(key, {"attempts": seen + 1}, "attempts = :seen", {":seen": seen})
            )
    except ConditionFailed:
        return


async def sessions(dynamo: Dynamo, user_id: str) -> list[Item]:
    """Every session of a user (expired ones included: they are deleted too)."""
    return await dynamo.query_all(
        USERS,
        "pk = :user AND begins_with(sk, :prefix)",
        {":user": user_id, ":prefix": SESSION_PREFIX},
        consistent=True,
    )


async def profile_and_sessions(dynamo: Dynamo, user_id: str) -> tuple[Item | None, list[Item]]:
    """The profile as of now, then the user's sessions, in this order: a session begun
    after the profile was read is then among them, or `set_password` finds its count
    changed (read together, a session could begin between the two reads unseen)."""
    profile = await profile_now(dynamo, user_id)
    return profile, await sessions(dynamo, user_id)


def _ending(user_id: str, ended: Sequence[Item]) -> list[Write]:
    return [Delete(SessionKey(user_id, s["session_id"])) for s in ended]


async def set_password(
    dynamo: Dynamo,
    profile: Item,
    password_hash: str,
    updated_at: str,
    *,
    ended: Sequence[Item],
    used_code: Item | None = None,
    new_session: Session | None = None,
) -> bool:
    """A new password in one transaction with the end of the `ended` sessions (a reset
    also deletes its code, as read: one use, and starts a session). False when the profile
    or the code changed since they were read. Past 100 actions, the rest of the sessions
    end in more transactions right after."""
    user_id = profile["user_id"]
    # No sign-in began a session since `ended` was read (it would outlive the change).
    if SESSIONS_BEGUN in profile:
        no_session_begun, begun = f"{SESSIONS_BEGUN} = :begun", {":begun": profile[SESSIONS_BEGUN]}
    else:
        no_session_begun, begun = f"attribute_not_exists({SESSIONS_BEGUN})", {}
    writes: list[Write] = [
        Update(
            UserKey(user_id),
            {"password_hash": password_hash, "updated_at": updated_at},
            f"{MUST_EXIST} AND updated_at = :seen AND {no_session_begun}",
            {":seen": profile["updated_at"], **begun},
        )
    ]
    if used_code is not None:
        writes.append(
            Delete(
                OtpKey(user_id, used_code["purpose"]),
                "code_hash = :hash AND attempts = :attempts",
                {":hash": used_code["code_hash"], ":attempts": int(used_code.get("attempts", 0))},
            )
        )
    if new_session is not None:
        writes.append(new_session.put())
    writes += _ending(user_id, ended)
    try:
        await dynamo.transact_write(writes[:TRANSACTION_LIMIT])
    except TransactionCancelled as cancelled:
        if "ConditionalCheckFailed" not in cancelled.reasons:
            raise
        return False
    rest = writes[TRANSACTION_LIMIT:]
    for start in range(0, len(rest), TRANSACTION_LIMIT):
        await dynamo.transact_write(rest[start : start + TRANSACTION_LIMIT])
    return True
