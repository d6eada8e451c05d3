"""SigV4 signing with the day's signing key derived once, not four HMACs per request.

A SigV4 signing key depends only on the secret key, the day, the region and the service
(AWS's "Deriving a signing key"); botocore derives it again for every request. The
signer here is botocore's own (`SigV4Auth`) with that one step memoized, and the headers
to sign gathered into a plain mapping (botocore fills an `email.message.Message`, which
checks every header as it is set, and does so twice a request), so its signatures are
botocore's (`tests/loaders/test_signing.py` compares them). It is
chosen the way botocore chooses a signer: a name in `botocore.auth.AUTH_TYPE_MAPS`,
returned by a `choose-signer` handler where botocore would choose plain SigV4.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from typing import Any

import botocore.auth
from botocore.auth import SIGNED_HEADERS_BLACKLIST, SigV4Auth, _host_from_url

SIGNATURE_VERSION = "v4-day-key"


@functools.lru_cache(maxsize=4)  # a day's key per credential; rotated credentials age out
def signing_key(secret_key: str, day: str, region: str, service: str) -> bytes:
    key = f"AWS4{secret_key}".encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


host_of = functools.lru_cache(maxsize=16)(_host_from_url)  # a client's endpoint: one URL


class HeadersToSign(dict[str, list[str]]):
    """Lower-case name → its values, in the order sent: what botocore's signer reads."""

    def get_all(self, name: str) -> list[str]:
        return self[name]


class DayKeySigV4Auth(SigV4Auth):  # type: ignore[misc]  # botocore is untyped
    def headers_to_sign(self, request: Any) -> HeadersToSign:
        """botocore's choice of headers (all but a few, and the host)."""
        headers = HeadersToSign()
        for name, value in request.headers.items():
            lower = name.lower()
            if lower not in SIGNED_HEADERS_BLACKLIST:
                headers.setdefault(lower, []).append(value)
        if "host" not in headers:
            headers["host"] = [host_of(request.url)]
        return headers

    def signature(self, string_to_sign: str, request: Any) -> str:
        day = request.context["timestamp"][0:8]
        key = signing_key(self.credentials.secret_key, day, self._region_name, self._service_name)
        return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def choose_day_key_signer(signature_version: str, context: dict[str, Any], **_: Any) -> str | None:
    """Plain SigV4 becomes the memoizing signer; any other choice is left to botocore."""
    plain = signature_version == "v4" and context.get("auth_type") in (None, "v4")
    return SIGNATURE_VERSION if plain and not context.get("unsigned_payload") else None


def install(events: Any) -> None:
    """Sign a DynamoDB client's requests (`client.meta.events`) with the day's key."""
    botocore.auth.AUTH_TYPE_MAPS[SIGNATURE_VERSION] = DayKeySigV4Auth
    events.register("choose-signer.dynamodb", choose_day_key_signer)
