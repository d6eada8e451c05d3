"""A product's images, uploaded straight to S3 by the client.

1. `request_upload`: a new image id and a presigned PUT for exactly the file's type
   (JPEG, PNG or WebP) and size (at most `MAX_BYTES`), valid `image_upload_seconds`.
2. The client PUTs the bytes to S3; the gateway never carries them.
3. `attach`: the object must be there (else NOT_FOUND on imageId), within the size, and
   its first bytes must be the image it was declared as: Pillow reads the format and the
   dimensions from the file's header (no decoding of the pixels). A file that is not what
   it claims, or too large, is deleted and refused. Then the Image item is written, the
   other images renumbered, and the Product's `primary_image` copy follows position 0.
4. `remove`: the Image item goes (the rest renumbered), then the object.

Owners only (the product's creator, its sellers, administrators); NOT_FOUND to others.
An upload never attached stays in the bucket: a lifecycle rule on `products/` should
expire such objects (README, "Product images").
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from gateway.auth import Viewer
from gateway.errors import GatewayError, Problem, Rejected, ServiceUnavailable, UserErrorCode
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY
from loaders.errors import TransactionCancelled
from loaders.ids import new_id, timestamp
from loaders.image_writes import write_images
from loaders.images import ImageStore, PresignedUpload, StoredObject, image_key
from loaders.keys import ImageKey, ListingKey, ProductKey
from loaders.product_details import collection_now
from loaders.products import ProductCollection
from loaders.request import RequestLoaders
from resolvers import validation
from resolvers.seller_catalog import is_owner

logger = logging.getLogger("gateway.images")

MAX_BYTES = 10 * 1024 * 1024
MAX_IMAGES = 10
MAX_DIMENSION = 10_000
ALT_LENGTH = 200
HEADER_BYTES = 256 * 1024
"""Read first: every JPEG, PNG and WebP header fits, bar a JPEG with huge metadata (then
the whole file, at most `MAX_BYTES`, is read)."""
IMAGE_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
"""What an image id of ours looks like (a ULID): nothing else reaches an object key."""
TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}

NO_PRODUCT = Problem(UserErrorCode.NOT_FOUND, "You have no product with this id.", ("product_id",))
NOT_UPLOADED = Problem(
    UserErrorCode.NOT_FOUND,
    "No file was uploaded for this image id; upload it to the URL you were given first.",
    ("image_id",),
)
NO_IMAGE = Problem(UserErrorCode.NOT_FOUND, "This product has no such image.", ("image_id",))


@dataclass(frozen=True)
class Upload:
    image_id: str
    presigned: PresignedUpload


@dataclass(frozen=True)
class Header:
    content_type: str
    width: int
    height: int


async def _owned(loaders: RequestLoaders, viewer: Viewer, product_id: str) -> Item:
    """The product, if the viewer owns it: its item and the viewer's listing, one batch."""
    product, mine = await asyncio.gather(
        loaders.items.load(ProductKey(product_id)),
        loaders.items.load(ListingKey(product_id, viewer.user_id)),
    )
    if product is None or not is_owner(viewer, product, mine):
        raise Rejected(NO_PRODUCT)
    return product


async def request_upload(
    loaders: RequestLoaders,
    images: ImageStore,
    viewer: Viewer,
    product_id: str,
    content_type: str,
    byte_size: int,
) -> Upload:
    kind = content_type.strip().lower()
    validation.reject_invalid(
        None
        if kind in TYPES
        else validation.invalid("content_type", "An image is image/jpeg, image/png or image/webp."),
        validation.number_between(byte_size, "byte_size", "The file's size", 1, MAX_BYTES),
    )
    await _owned(loaders, viewer, product_id)
    image_id = new_id()
    presigned = await images.presigned_upload(image_key(product_id, image_id), kind, byte_size)
    return Upload(image_id, presigned)


def read_header(data: bytes) -> Header | None:
    """The format and size Pillow reads from a file's first bytes; None if it is no
    JPEG, PNG or WebP (or claims more pixels than Pillow's bomb check allows)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(TYPES.values())) as opened:
                found, (width, height) = opened.format, opened.size
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        return None
    kind = next((k for k, v in TYPES.items() if v == found), None)
    return Header(kind, width, height) if kind else None


async def _checked(images: ImageStore, key: str, stored: StoredObject) -> Header:
    """The uploaded file's header, if it is the image it was declared as; else the object
    is deleted and the attach refused."""
    problem = None
    header = None
    if stored.byte_size > MAX_BYTES:
        problem = f"The file is over {MAX_BYTES // (1024 * 1024)} MB; upload a smaller one."
    else:
        data = await images.first_bytes(key, HEADER_BYTES)
        header = read_header(data)
        if header is None and stored.byte_size > len(data):
            header = read_header(await images.first_bytes(key, stored.byte_size))
        if header is None or header.content_type != stored.content_type.lower():
            problem = "The file is not the JPEG, PNG or WebP image it was declared as."
        elif max(header.width, header.height) > MAX_DIMENSION:
            problem = f"An image is at most {MAX_DIMENSION} pixels wide and high."
    if problem is None and header is not None:
        return header
    await images.delete(key)
    raise Rejected(validation.invalid("image_id", problem or "Upload the image again."))


def _placed(images: list[Item], image: Item, position: int | None) -> list[Item]:
    """`image` at `position` (the end when None) among the others, positions renumbered."""
    others = [i for i in images if i["image_id"] != image["image_id"]]
    at = len(others) if position is None else min(position, len(others))
    ordered = [*others[:at], image, *others[at:]]
    return [i | {"position": n} for n, i in enumerate(ordered)]


async def attach(
    loaders: RequestLoaders,
    images: ImageStore,
    viewer: Viewer,
    product_id: str,
    image_id: str,
    alt: str | None,
    position: int | None,
) -> Item:
    """The product, with the uploaded image among its images."""
    validation.reject_invalid(
        validation.text(alt, "alt", "The alt text", required=False, longest=ALT_LENGTH),
        None
        if position is None
        else validation.number_between(position, "position", "The position", 0, MAX_IMAGES - 1),
    )
    if not IMAGE_ID.fullmatch(image_id):
        raise Rejected(NOT_UPLOADED)  # no upload URL was given for such an id
    key = image_key(product_id, image_id)
    dynamo = loaders.dynamo
    collection, stored = await asyncio.gather(
        collection_now(dynamo, product_id), images.stored(key)
    )
    _require_owner(viewer, collection)
    if stored is None:
        raise Rejected(NOT_UPLOADED)
    header = await _checked(images, key, stored)
    image: Item = {
        "entity": "Image",
        "product_id": product_id,
        "image_id": image_id,
        "url": images.public_url(key),
        "alt": validation.clean(alt),
        "width": header.width,
        "height": header.height,
    }
    image = {k: v for k, v in image.items() if v is not None}
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        if attempt:
            collection = await collection_now(dynamo, product_id)
            _require_owner(viewer, collection)
        known = any(i["image_id"] == image_id for i in collection.images)
        if not known and len(collection.images) >= MAX_IMAGES:
            raise Rejected(
                validation.invalid("image_id", f"A product has at most {MAX_IMAGES} images.")
            )
        after = _placed(collection.images, image, position)
        try:
            return await _write(loaders, collection, after)
        except TransactionCancelled:
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
    raise ServiceUnavailable("This product kept changing while its image was attached; try again.")


async def remove(
    loaders: RequestLoaders, images: ImageStore, viewer: Viewer, product_id: str, image_id: str
) -> Item:
    """The product without the image (the object is deleted once the item is)."""
    dynamo = loaders.dynamo
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        collection = await collection_now(dynamo, product_id)
        _require_owner(viewer, collection)
        if not any(i["image_id"] == image_id for i in collection.images):
            raise Rejected(NO_IMAGE)
        rest = [i for i in collection.images if i["image_id"] != image_id]
        after = [i | {"position": n} for n, i in enumerate(rest)]
        try:
            product = await _write(loaders, collection, after)
        except TransactionCancelled:
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            continue
        try:
            await images.delete(image_key(product_id, image_id))
        except GatewayError:  # the image is gone from the product; its file is only litter
            logger.warning("image %s of %s removed, its object not deleted", image_id, product_id)
        return product
    raise ServiceUnavailable("This product kept changing while its image was removed; try again.")


def _require_owner(viewer: Viewer, collection: ProductCollection) -> None:
    mine = next((i for i in collection.listings if i["seller_id"] == viewer.user_id), None)
    if collection.product is None or not is_owner(viewer, collection.product, mine):
        raise Rejected(NO_PRODUCT)


async def _write(loaders: RequestLoaders, collection: ProductCollection, after: list[Item]) -> Item:
    assert collection.product is not None
    product_id = str(collection.product["product_id"])
    product = await write_images(
        loaders.dynamo, collection.product, collection.images, after, timestamp()
    )
    keyed = [i | ImageKey(product_id, str(i["image_id"])).encode() for i in after]
    others = [*collection.listings, *collection.specifications, *collection.facets]
    loaders.product_collections.clear(product_id).prime(
        product_id, ProductCollection.from_items([product, *others, *keyed])
    )
    loaders.items.clear(ProductKey(product_id)).prime(ProductKey(product_id), product)
    return product
