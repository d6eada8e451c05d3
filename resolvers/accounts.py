"""Signing up, in and out: accounts, passwords and sessions."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime

from gateway.auth import CUSTOMER, SELLER, Viewer
from gateway.errors import Problem, Rejected, UserErrorCode
from gateway.passwords import Passwords
from gateway.settings import Settings
from gateway.tokens import IssuedToken, issue_token
from loaders import users
from loaders.codec import Item
from loaders.ids import new_id, timestamp
from loaders.keys import UniqueUsernameKey, UserKey
from loaders.request import RequestLoaders
from resolvers import validation
from resolvers.throttle import Throttle, rules_of

INVALID_CREDENTIALS = Problem(
    UserErrorCode.INVALID_CREDENTIALS, "Wrong username, email or password; check and try again."
)
TAKEN = {
    "username": Problem(
        UserErrorCode.USERNAME_TAKEN, "This username is taken; choose another.", ("username",)
    ),
    "email": Problem(
        UserErrorCode.EMAIL_TAKEN,
        "An account with this email exists; sign in instead.",
        ("email",),
    ),
}


@dataclass(frozen=True)
class Registration:
    username: str
    email: str
    password: str
    first_name: str
    last_name: str
    phone: str | None = None
    store_name: str | None = None  # given: the account is a seller's from the start


@dataclass(frozen=True)
class SignedIn:
    user: Item
    token: IssuedToken


async def register(loaders: RequestLoaders, settings: Settings, new: Registration) -> SignedIn:
    """A new customer account (a seller's too, with a store name), signed in. The username
    and the email are unique regardless of case; whichever is taken is said (both, if both
    are)."""
    validation.reject_invalid(
        validation.username(new.username),
        validation.email(new.email.strip()),
        validation.password(new.password),
        validation.text(new.first_name, "first_name", "The first name"),
        validation.text(new.last_name, "last_name", "The last name"),
        validation.phone(validation.clean(new.phone)),
        None
        if new.store_name is None
        else validation.text(new.store_name, "store_name", "The store name"),
    )
    password_hash = await asyncio.to_thread(settings.passwords.hash, new.password)
    now = datetime.now(UTC)
    created_at = timestamp(now)
    profile: Item = {
        "user_id": new_id(now),
        "username": new.username,
        "email": new.email.strip(),
        "password_hash": password_hash,
        "first_name": new.first_name.strip(),
        "last_name": new.last_name.strip(),
        "phone": validation.clean(new.phone),
        "roles": [CUSTOMER] if new.store_name is None else [CUSTOMER, SELLER],
        "is_seller": new.store_name is not None,
        "store_name": validation.clean(new.store_name),
        "seller_rating_sum": 0,
        "seller_rating_count": 0,
        "reward_points": 0,
        "created_at": created_at,
        "updated_at": created_at,
    }
    token, session = new_session(settings, profile, now)
    try:
        await users.create_user(loaders.dynamo, profile, session)
    except users.AlreadyTaken as error:
        raise Rejected(*(TAKEN[name] for name in TAKEN if name in error.taken)) from None
    return SignedIn(profile, token)


async def login(
    loaders: RequestLoaders, settings: Settings, identifier: str, password: str, client: str
) -> SignedIn:
    """Sign in with the username or the email address and the password, from the client
    address `client`.

    A wrong password and an unknown account are the same INVALID_CREDENTIALS, and take
    the same time: an unknown account's password is checked against a stand-in hash.
    Failures are counted per name and per client (resolvers/throttle.py): past the limits,
    TOO_MANY_ATTEMPTS, the right password included.

    The session is written only if the hash checked is still the account's (its read may
    be from before a password change), with one more session begun on the profile, which
    a password change holds (`loaders/users.py: session_begins`). The check is the
    sign-in's slowest step, so that transaction is sent while it runs, and the Session item
    deleted if the password does not match. When the sign-in has more to write (the name's
    failures to forget, a hash made with other parameters than the settings' to replace),
    all of it is one transaction after the check.

    A password that does not match is checked once more if the profile, read again
    consistently, holds another hash: the first read may predate a password change.
    """
    name = identifier.strip()
    throttle = Throttle(loaders, rules_of(settings), name, client)
    user = await _account(loaders, name, throttle)
    stored = user.get("password_hash") if user is not None else None
    passwords = settings.passwords
    # Too long is never a valid password: no hash to spend time on.
    checking = (
        _verify(passwords, stored or passwords.stand_in_hash, password)
        if len(password) <= validation.PASSWORD_LENGTHS[1]
        else None
    )
    if user is None or stored is None or checking is None:
        if checking is not None:
            await checking
        await throttle.failed()
        raise Rejected(INVALID_CREDENTIALS)
    token, session = new_session(settings, user, datetime.now(UTC))
    forget = throttle.forget()
    rehash = passwords.needs_rehash(stored)
    early = (
        None
        if forget or rehash
        else asyncio.ensure_future(users.start_session(loaders.dynamo, session, stored))
    )
    if not await checking:
        _, changed = await asyncio.gather(
            _withdraw(loaders, early, session), _changed_since(loaders, user, stored)
        )
        if changed is None or not await _verify(passwords, changed["password_hash"], password):
            await throttle.failed()
            raise Rejected(INVALID_CREDENTIALS)
        user, stored, early = changed, changed["password_hash"], None  # the new password
        token, session = new_session(settings, user, datetime.now(UTC))
        rehash = passwords.needs_rehash(stored)
    try:
        if early is not None:
            await early
        else:
            rehashed = await asyncio.to_thread(passwords.hash, password) if rehash else None
            await users.start_session(
                loaders.dynamo, session, stored, new_hash=rehashed, also=forget
            )
    except users.PasswordChanged:
        raise Rejected(
            INVALID_CREDENTIALS
        ) from None  # the password checked is not the account's now
    return SignedIn(user, token)


def _verify(passwords: Passwords, password_hash: str, password: str) -> Awaitable[bool]:
    """The Argon2 check, on a thread of its own (about 12 ms of CPU)."""
    return asyncio.get_running_loop().run_in_executor(
        None, passwords.verify, password_hash, password
    )


async def _changed_since(loaders: RequestLoaders, user: Item, checked: str) -> Item | None:
    """The profile read consistently, if its password hash is not `checked`: the sign-in's
    own read (eventually consistent, by index or by key) may predate a password change,
    and the new password must not be refused for a second after it. One more read, on a
    failed check only."""
    now = await users.profile_now(loaders.dynamo, user["user_id"])
    if now is None or now.get("password_hash") in (None, checked):
        return None
    return now


async def _withdraw(
    loaders: RequestLoaders, early: asyncio.Future[None] | None, session: users.Session
) -> None:
    """Deletes the Session item written while a password that did not match was checked.

    Such an item grants nothing: a session is honoured only with the signed token that
    names it, and that token was never given out. Should the deletion not happen (the
    request cancelled meanwhile), the item's TTL ends it with the token's lifetime.
    """
    if early is None:
        return
    with contextlib.suppress(Exception):  # written or not, the deletion leaves none
        await early
    await users.end_session(loaders.dynamo, session.user_id, session.session_id)


async def logout(loaders: RequestLoaders, viewer: Viewer) -> None:
    """End the session of the caller's token (a token without one has none to end)."""
    if viewer.session_id is not None:
        await users.end_session(loaders.dynamo, viewer.user_id, viewer.session_id)


async def _account(loaders: RequestLoaders, identifier: str, throttle: Throttle) -> Item | None:
    """The profile an email address (through `EmailIndex`) or a username (through its
    UniqueUsername item) names; the throttle's counts are read in the first round (with
    the username's claim, one BatchGetItem) and checked before the profile is read."""
    if "@" in identifier:
        if validation.email(identifier) is not None:
            await throttle.check()
            return None
        _, user = await asyncio.gather(
            throttle.check(), users.user_by_email(loaders.dynamo, identifier)
        )
        return user
    if validation.username(identifier) is not None:
        await throttle.check()
        return None
    _, claim = await asyncio.gather(
        throttle.check(), loaders.items.load(UniqueUsernameKey(identifier))
    )
    if claim is None:
        return None
    return await loaders.items.load(UserKey(claim["user_id"]))


def new_session(settings: Settings, user: Item, now: datetime) -> tuple[IssuedToken, users.Session]:
    """A token and the Session item that keeps it valid, both ending at the same second."""
    session_id = new_id(now)
    token = issue_token(
        settings,
        user_id=user["user_id"],
        roles=user.get("roles") or [CUSTOMER],
        session_id=session_id,
        issued_at=int(now.timestamp()),
    )
    session = users.Session(user["user_id"], session_id, timestamp(now), token.expires_at)
    return token, session
