"""Signing up, in and out: accounts, passwords and sessions."""

from __future__ import annotations

import asyncio
import functools
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from gateway.auth import CUSTOMER, SELLER, Viewer
from gateway.errors import Problem, Rejected, UserErrorCode
from gateway.passwords import hash_password, verify_password
from gateway.settings import Settings
from gateway.tokens import IssuedToken, issue_token
from loaders import users
from loaders.codec import Item
from loaders.ids import new_id, timestamp
from loaders.keys import UniqueUsernameKey, UserKey
from loaders.request import RequestLoaders
from resolvers import validation

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
    password_hash = await asyncio.to_thread(hash_password, new.password)
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
    loaders: RequestLoaders, settings: Settings, identifier: str, password: str
) -> SignedIn:
    """Sign in with the username or the email address and the password.

    A wrong password and an unknown account are the same INVALID_CREDENTIALS, and take
    the same time: an unknown account's password is checked against a stand-in hash.
    """
    user = await _account(loaders, identifier.strip())
    stored = user.get("password_hash") if user is not None else None
    if len(password) > validation.PASSWORD_LENGTHS[1]:
        raise Rejected(INVALID_CREDENTIALS)  # never a valid password: no hash to spend time on
    matches = await asyncio.to_thread(verify_password, stored or stand_in_hash(), password)
    if user is None or stored is None or not matches:
        raise Rejected(INVALID_CREDENTIALS)
    token, session = new_session(settings, user, datetime.now(UTC))
    await users.start_session(loaders.dynamo, session)
    return SignedIn(user, token)


async def logout(loaders: RequestLoaders, viewer: Viewer) -> None:
    """End the session of the caller's token (a token without one has none to end)."""
    if viewer.session_id is not None:
        await users.end_session(loaders.dynamo, viewer.user_id, viewer.session_id)


async def _account(loaders: RequestLoaders, identifier: str) -> Item | None:
    """The profile an email address (through `EmailIndex`) or a username (through its
    UniqueUsername item) names."""
    if "@" in identifier:
        if validation.email(identifier) is not None:
            return None
        return await users.user_by_email(loaders.dynamo, identifier)
    if validation.username(identifier) is not None:
        return None
    claim = await loaders.items.load(UniqueUsernameKey(identifier))
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


@functools.cache
def stand_in_hash() -> str:
    """A hash of a password nobody knows, made with the same parameters as real ones."""
    return hash_password(secrets.token_urlsafe(32))
