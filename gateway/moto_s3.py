"""moto's S3, made to refuse a presigned URL used after it expired, as S3 does.

moto serves presigned SigV4 URLs without looking at `X-Amz-Date` and `X-Amz-Expires`, so
an expired upload URL would still work against the embedded engine and in the tests.
S3 answers 403 AccessDenied ("Request has expired"); this patch does the same.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

from moto.s3.responses import S3Response

EXPIRED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
    b"<Message>Request has expired</Message></Error>"
)


def expired(url: str, now: float) -> bool:
    """Whether a presigned SigV4 URL's validity (its date plus its seconds) is over."""
    query = parse_qs(urlparse(url).query)
    signed, seconds = query.get("X-Amz-Date"), query.get("X-Amz-Expires")
    if not signed or not seconds:
        return False
    start = datetime.strptime(signed[0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp()
    return now > start + int(seconds[0])


def refuse_expired_presigned_urls() -> None:
    key_response = S3Response._key_response

    def checked(self: S3Response, request: Any, full_url: str) -> Any:
        if expired(full_url, time.time()):
            return 403, {"Content-Type": "application/xml"}, EXPIRED
        return key_response(self, request, full_url)

    S3Response._key_response = checked  # type: ignore[method-assign]
