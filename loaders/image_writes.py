"""A product's images rewritten in one transaction: the Image items new, moved or gone,
and the Product item's denormalized `primary_image` (the image at position 0, with its
`image_id`: an addition) and version, conditioned on the version read."""

from __future__ import annotations

from collections.abc import Sequence

from loaders.catalog_writes import VERSION, unchanged_product, version_of
from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import ImageKey, ProductKey
from loaders.writes import Delete, Put, Update, Write


def primary_image(images: Sequence[Item]) -> Item | None:
    """The Product item's copy of its first image."""
    if not images:
        return None
    first = images[0]
    copy = {"image_id": first["image_id"], "url": first["url"], "alt": first.get("alt")}
    return {k: v for k, v in copy.items() if v is not None}


def _stored(item: Item) -> Item:
    return {k: v for k, v in item.items() if k not in ("pk", "sk")}


async def write_images(
    dynamo: Dynamo, product: Item, before: Sequence[Item], after: Sequence[Item], at: str
) -> Item:
    """`after` (in position order, positions set) replaces `before`. Returns the product
    as written; raises `TransactionCancelled`."""
    product_id = str(product["product_id"])
    old = {str(i["image_id"]): _stored(i) for i in before}
    writes: list[Write] = []
    for image in after:
        if old.get(str(image["image_id"])) != _stored(image):
            writes.append(Put(ImageKey(product_id, str(image["image_id"])), _stored(image)))
    kept = {str(i["image_id"]) for i in after}
    writes += [Delete(ImageKey(product_id, i)) for i in old if i not in kept]
    moved = {
        "primary_image": primary_image(after),
        "updated_at": at,
        VERSION: version_of(product) + 1,
    }
    condition, values = unchanged_product(product)
    await dynamo.transact_write([Update(ProductKey(product_id), moved, condition, values), *writes])
    written = product | moved
    return {k: v for k, v in written.items() if v is not None}
