"""Opaque, tamper-evident cursors bound to the query that produced them.

A cursor is `base64url(JSON position) . base64url(HMAC-SHA256)`; the MAC covers the
position and a binding (the field, its parent and its filter arguments), so an edited
cursor, or one taken from another query, is refused with BAD_USER_INPUT before any
DynamoDB call.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from gateway.errors import BadUserInput

MAX_CURSOR_LENGTH = 1024
_MAC_BYTES = 16
INVALID_CURSOR = "Invalid cursor: use a cursor returned by the same query, unchanged."


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, binding: str, payload: str) -> bytes:
    message = binding.encode() + b"\x00" + payload.encode()
    return hmac.new(secret, message, hashlib.sha256).digest()[:_MAC_BYTES]


def encode_cursor(secret: bytes, binding: str, position: Any) -> str:
    payload = _b64(json.dumps(position, separators=(",", ":")).encode())
    return f"{payload}.{_b64(_mac(secret, binding, payload))}"


def decode_cursor(secret: bytes, binding: str, cursor: str) -> Any:
    """The position inside a cursor; BadUserInput if it is not one we issued for `binding`."""
    if len(cursor) > MAX_CURSOR_LENGTH or cursor.count(".") != 1:
        raise BadUserInput(INVALID_CURSOR)
    payload, mac = cursor.split(".")
    try:
        valid = hmac.compare_digest(_unb64(mac), _mac(secret, binding, payload))
        position = json.loads(_unb64(payload)) if valid else None
    except (binascii.Error, ValueError):
        raise BadUserInput(INVALID_CURSOR) from None
    if not valid:
        raise BadUserInput(INVALID_CURSOR)
    return position
