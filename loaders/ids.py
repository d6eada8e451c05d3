"""Ids and timestamps in the formats of the storage contract."""

from __future__ import annotations

import random
import secrets
from datetime import UTC, datetime

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


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
