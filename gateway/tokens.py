"""Bearer tokens: the ones the gateway issues, and checking the ones it is sent.

The gateway signs HS256 tokens with the configured secret. With `GATEWAY_JWKS_URL` set,
it also accepts RS256 tokens of an outside identity provider, verified with that
provider's published keys. The algorithms accepted come from here, never from the
token's header: a token whose header names another algorithm is refused.

A client sends the same token with every request: its claims, once verified, are kept
until it expires and for at most `VERIFIED_TOKEN_SECONDS` (as long as the provider's key
set is kept, so a key the provider withdraws is refused no later than it was before), for
`VERIFIED_TOKENS_KEPT` tokens at most, the oldest let go first. A signature is then
checked a few times an hour rather than on every request. Whether a session still stands
is read on every request all the same (gateway/auth.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jwt

from gateway.errors import ServiceUnavailable, Unauthenticated
from gateway.settings import Settings

logger = logging.getLogger("gateway.tokens")

ISSUED_ALGORITHM = "HS256"
PROVIDER_ALGORITHM = "RS256"
# Tolerated clock difference between the issuer (a replica, a provider) and us, in seconds.
LEEWAY_SECONDS = 10
JWKS_TIMEOUT_SECONDS = 5
JWKS_KEPT_SECONDS = 300  # PyJWKClient's default lifespan of a fetched key set
VERIFIED_TOKEN_SECONDS = JWKS_KEPT_SECONDS
VERIFIED_TOKENS_KEPT = 10_000

INVALID_TOKEN = "The bearer token is invalid or has expired; sign in again."
JWKS_UNAVAILABLE = "The identity provider's keys cannot be fetched; try again shortly."


@dataclass(frozen=True)
class IssuedToken:
    token: str
    issued_at: int
    expires_at: int


def issue_token(
    settings: Settings,
    *,
    user_id: str,
    roles: Sequence[str],
    session_id: str,
    issued_at: int,
) -> IssuedToken:
    """A signed token for a session; it expires `GATEWAY_JWT_LIFETIME_SECONDS` after `issued_at`."""
    expires_at = issued_at + settings.jwt_lifetime_seconds
    claims = {
        "iss": settings.jwt_issuer,
        "sub": user_id,
        "roles": list(roles),
        "sid": session_id,
        "iat": issued_at,
        "exp": expires_at,
    }
    token = jwt.encode(claims, settings.secret, algorithm=ISSUED_ALGORITHM)
    return IssuedToken(token, issued_at, expires_at)


class TokenVerifier:
    """Checks signatures and standard claims; one per process (it caches the provider's keys)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.jwks = (
            jwt.PyJWKClient(
                settings.jwks_url,
                cache_keys=True,
                lifespan=JWKS_KEPT_SECONDS,
                timeout=JWKS_TIMEOUT_SECONDS,
            )
            if settings.jwks_url
            else None
        )
        # token → (claims, the time until which they stand unchecked), oldest first
        self._verified: dict[str, tuple[dict[str, Any], float]] = {}

    async def claims(self, token: str) -> dict[str, Any]:
        """The token's claims once its signature, expiry and issuer hold.

        Raises `Unauthenticated`, or `ServiceUnavailable` when the provider's keys
        cannot be fetched.
        """
        now = time.time()
        verified, until = self._verified.get(token, ({}, 0.0))
        if now <= until:
            return verified
        self._verified.pop(token, None)
        claims = await self._checked(token)
        if len(self._verified) >= VERIFIED_TOKENS_KEPT:
            del self._verified[next(iter(self._verified))]
        until = min(claims["exp"] + LEEWAY_SECONDS, now + VERIFIED_TOKEN_SECONDS)
        self._verified[token] = (claims, until)
        return claims

    async def _checked(self, token: str) -> dict[str, Any]:
        try:
            return await self._decode(token)
        except jwt.PyJWKClientConnectionError as error:
            logger.warning("cannot fetch the JWKS at %s: %s", self.settings.jwks_url, error)
            raise ServiceUnavailable(JWKS_UNAVAILABLE) from None
        except jwt.PyJWTError:
            raise Unauthenticated(INVALID_TOKEN) from None

    async def _decode(self, token: str) -> dict[str, Any]:
        try:
            return jwt.decode(
                token,
                self.settings.secret,
                algorithms=[ISSUED_ALGORITHM],
                issuer=self.settings.jwt_issuer,
                options={"require": ["exp", "iat", "sub"]},
                leeway=LEEWAY_SECONDS,
            )
        except jwt.InvalidAlgorithmError:
            if self.jwks is None:
                raise
        # The key set is fetched with blocking I/O (then cached): keep it off the event loop.
        try:
            key = await asyncio.to_thread(self.jwks.get_signing_key_from_jwt, token)
        except ValueError as error:  # the provider answered, but not with JSON
            raise jwt.PyJWKClientConnectionError(f"not a JSON key set: {error}") from error
        return jwt.decode(
            token,
            key,
            algorithms=[PROVIDER_ALGORITHM],
            issuer=self.settings.jwks_issuer,
            audience=self.settings.jwks_audience,
            options={"require": ["exp", "sub"]},
            leeway=LEEWAY_SECONDS,
        )
