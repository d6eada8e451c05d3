"""The product images' bucket (an addition to the storage contract): presigned uploads,
what an uploaded object is, reading its first bytes, deleting it.

An image's object key is `products/<product id>/<image id>`; its public address is the
configured base URL (a CDN in production) followed by that key. S3 errors other than a
missing object are the image store being unavailable (SERVICE_UNAVAILABLE), never a
stack trace.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, TypeVar

from botocore.exceptions import BotoCoreError, ClientError

from gateway.errors import ServiceUnavailable
from gateway.settings import Settings

S3Client = Any  # aiobotocore's client is generated at run time and has no types
T = TypeVar("T")
_MISSING = ("404", "NoSuchKey", "NotFound")
UNAVAILABLE = "The image store did not answer; try again shortly."


def image_key(product_id: str, image_id: str) -> str:
    return f"products/{product_id}/{image_id}"


@dataclass(frozen=True)
class StoredObject:
    byte_size: int
    content_type: str


@dataclass(frozen=True)
class PresignedUpload:
    url: str
    headers: dict[str, str]
    expires_at: float  # epoch seconds


async def _s3(call: Awaitable[T]) -> T:
    try:
        return await call
    except (ClientError, BotoCoreError) as error:
        raise ServiceUnavailable(UNAVAILABLE) from error


class ImageStore:
    def __init__(self, s3: S3Client, settings: Settings) -> None:
        self.s3 = s3
        self.bucket = settings.images_bucket
        self.base_url = settings.images_url
        self.upload_seconds = settings.image_upload_seconds

    def public_url(self, key: str) -> str:
        return f"{self.base_url}/{key}"

    async def presigned_upload(
        self, key: str, content_type: str, byte_size: int
    ) -> PresignedUpload:
        """A PUT of exactly `byte_size` bytes of `content_type` to `key`, until it expires
        (both headers are signed: S3 refuses another type or size)."""
        expires_at = time.time() + self.upload_seconds
        params = {
            "Bucket": self.bucket,
            "Key": key,
            "ContentType": content_type,
            "ContentLength": byte_size,
        }
        url = await _s3(
            self.s3.generate_presigned_url(
                "put_object", Params=params, ExpiresIn=self.upload_seconds
            )
        )
        headers = {"Content-Type": content_type, "Content-Length": str(byte_size)}
        return PresignedUpload(str(url), headers, expires_at)

    async def stored(self, key: str) -> StoredObject | None:
        """What was uploaded at `key` (one HeadObject), None if nothing was."""
        try:
            found = await self.s3.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if str(error.response.get("Error", {}).get("Code")) in _MISSING:
                return None
            raise ServiceUnavailable(UNAVAILABLE) from error
        except BotoCoreError as error:
            raise ServiceUnavailable(UNAVAILABLE) from error
        return StoredObject(int(found["ContentLength"]), str(found.get("ContentType", "")))

    async def first_bytes(self, key: str, length: int) -> bytes:
        """Up to `length` bytes from the start of the object (one ranged GetObject)."""
        found = await _s3(
            self.s3.get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{length - 1}")
        )
        async with found["Body"] as body:
            data: bytes = await _s3(body.read())
        return data

    async def delete(self, key: str) -> None:
        await _s3(self.s3.delete_object(Bucket=self.bucket, Key=key))


async def create_bucket(s3: S3Client, bucket: str, region: str) -> bool:
    """Make the images' bucket unless it exists; True if it was made."""
    options: dict[str, Any] = {}
    if region != "us-east-1":  # S3 refuses us-east-1 as a location constraint
        options["CreateBucketConfiguration"] = {"LocationConstraint": region}
    try:
        await s3.create_bucket(Bucket=bucket, **options)
    except ClientError as error:
        if error.response["Error"]["Code"] in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            return False
        raise
    return True


async def bucket_missing(s3: S3Client, bucket: str) -> bool:
    try:
        await s3.head_bucket(Bucket=bucket)
    except ClientError as error:
        if str(error.response.get("Error", {}).get("Code")) in (*_MISSING, "NoSuchBucket"):
            return True
        raise
    return False
