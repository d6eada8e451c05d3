"""Who is calling, and what they may see: authorization is decided here and nowhere else.

The bearer token is checked when the request arrives (`authenticate`): a bad or expired
token refuses the whole request with UNAUTHENTICATED, no token means anonymous. A token
tied to a session (claim `sid`) is honoured only while its Session item lasts; that is
one read, made the first time a field needs the caller and cached for the request. A
token without `sid` (an outside identity provider's) stands on its signature and claims.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gateway.errors import Forbidden, GatewayError, ServiceUnavailable, Unauthenticated
from gateway.tokens import INVALID_TOKEN, TokenVerifier
from loaders.codec import Item
from loaders.keys import SessionKey

if TYPE_CHECKING:
    import strawberry

    from gateway.context import Context

    Info = strawberry.Info[Context, None]

CUSTOMER, SELLER, ADMIN = "customer", "seller", "admin"
ROLES = (CUSTOMER, SELLER, ADMIN)

MALFORMED_HEADER = "The Authorization header must be 'Bearer <token>'."
SESSION_ENDED = "This session has ended (signed out or expired); sign in again."
SIGN_IN_REQUIRED = "Sign in to do this."
NOT_YOURS = "This belongs to another account."
ADMINS_ONLY = "Only administrators may do this."


@dataclass(frozen=True)
class Viewer:
    """The signed-in caller, as their token describes them."""

    user_id: str
    roles: tuple[str, ...]
    session_id: str | None = None

    @property
    def is_admin(self) -> bool:
        return ADMIN in self.roles

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any]) -> Viewer:
        """Claim `sub` is the user id, `roles` a list among the known roles (unknown ones
        are ignored; a token without `roles` is a customer's), `sid` the session."""
        subject, roles, session = (
            claims.get("sub"),
            claims.get("roles", [CUSTOMER]),
            claims.get("sid"),
        )
        if not isinstance(subject, str) or not subject:
            raise Unauthenticated(INVALID_TOKEN)
        if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
            raise Unauthenticated(INVALID_TOKEN)
        if session is not None and (not isinstance(session, str) or not session):
            raise Unauthenticated(INVALID_TOKEN)
        return cls(subject, tuple(role for role in ROLES if role in roles), session)


@dataclass(frozen=True)
class Caller:
    """What the request's token says: who (their session not checked yet), nobody, or why
    the request is refused."""

    claimed: Viewer | None = None
    refusal: GatewayError | None = None
    expires_at: float | None = None  # the token's `exp`, when it has one


ANONYMOUS = Caller()


async def authenticate(verifier: TokenVerifier, authorization: str | None) -> Caller:
    """The caller of a request, from its Authorization header; never raises."""
    if not authorization:
        return ANONYMOUS
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return Caller(refusal=Unauthenticated(MALFORMED_HEADER))
    try:
        claims = await verifier.claims(token.strip())
        expiry = claims.get("exp")
        expires_at = float(expiry) if isinstance(expiry, int | float) else None
        return Caller(claimed=Viewer.from_claims(claims), expires_at=expires_at)
    except (Unauthenticated, ServiceUnavailable) as error:
        return Caller(refusal=error)


def claimed_viewer(info: Info) -> Viewer | None:
    """Who the token says is calling, their session not checked yet: enough to start
    reading their data, which only `current_viewer` (or a `require_…`) lets out."""
    info.context.viewer_asked = True
    return info.context.caller.claimed


def current_viewer(info: Info) -> Awaitable[Viewer | None]:
    """The signed-in caller, or None when anonymous; UNAUTHENTICATED if their session ended.

    The session read is issued at once, not when awaited: a read the caller issues in
    the same tick (their profile, say) goes out in the same BatchGetItem.
    """
    claimed = claimed_viewer(info)
    if claimed is None or claimed.session_id is None:
        return _ready(claimed)
    key = SessionKey(claimed.user_id, claimed.session_id)
    return _unless_ended(claimed, info.context.loaders.items.load(key))


async def _ready(viewer: Viewer | None) -> Viewer | None:
    return viewer


async def _unless_ended(viewer: Viewer, session: Awaitable[Item | None]) -> Viewer:
    if await session is None:
        raise Unauthenticated(SESSION_ENDED)
    return viewer


async def require_user(info: Info) -> Viewer:
    viewer = await current_viewer(info)
    if viewer is None:
        raise Unauthenticated(SIGN_IN_REQUIRED)
    return viewer


async def require_admin(info: Info) -> Viewer:
    viewer = await require_user(info)
    if not viewer.is_admin:
        raise Forbidden(ADMINS_ONLY)
    return viewer


def can_see_account(viewer: Viewer, owner_id: str) -> bool:
    """A user's addresses, wishlists and rewards: that user and administrators."""
    return viewer.user_id == owner_id or viewer.is_admin


async def require_account_access(info: Info, owner_id: str) -> Viewer:
    viewer = await require_user(info)
    if not can_see_account(viewer, owner_id):
        raise Forbidden(NOT_YOURS)
    return viewer
