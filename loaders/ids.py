"""Ids and timestamps in the formats of the storage contract."""

from __future__ import annotations

import random
import secrets
from datetime import UTC, datetime, timedelta

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ULID_LENGTH = 26


def new_id(at: datetime | None = None, rng: random.Random | None = None) -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, 26 URL-safe characters.

    Pass `rng` (and `at`) for deterministic ids, as the demo data does.
    """
    moment = at or datetime.now(UTC)
    millis = int(moment.timestamp() * 1000)
    randomness = rng.getrandbits(80) if rng is not None else secrets.randbits(80)
    value = (millis << 80) | randomness
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def timestamp(at: datetime | None = None) -> str:
    """ISO 8601 UTC with milliseconds and `Z`, so that timestamps sort as strings."""
    moment = (at or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def later_than(seen: str | None, wanted: str) -> str:
    """`wanted`, or one millisecond after `seen` if `wanted` is not later: a version
    stamp must change even when two changes fall in the same millisecond."""
    if seen is None or wanted > seen:
        return wanted
    moment = datetime.strptime(seen, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return timestamp(moment + timedelta(milliseconds=1))


def owned_wishlist_id(user_id: str, ulid: str) -> str:
    """A wishlist id that names its owner's partition (`<user_id>.<ULID>`): a shared
    wishlist is found by its id alone, without a Scan."""
    return f"{user_id}.{ulid}"


def wishlist_owner(wishlist_id: str) -> str | None:
    """The owner an `owned_wishlist_id` names; None for an id of another form."""
    owner, separator, ulid = wishlist_id.rpartition(".")
    return owner if separator and owner and len(ulid) == ULID_LENGTH else None
