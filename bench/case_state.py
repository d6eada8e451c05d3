"""State several write cases start from, set up untimed through the gateway: a product of
`seller1`'s, that product offered for sale, or with an image uploaded (and attached)."""

from __future__ import annotations

import functools
import io

from PIL import Image

from bench.driver import Driver
from bench.measure import Variables
from bench.picks import Picks


def listing(picks: Picks, run: int) -> tuple[str, str]:
    """A (product id, seller id) on sale with stock, a different one for nearby runs."""
    return picks.listings[(run * 7) % len(picks.listings)]


def new_product(picks: Picks, run: int) -> Variables:
    return {
        "input": {
            "name": f"Bench product {run}",
            "description": "Made by the bench.",
            "categoryId": picks.leaf_category_id,
            "brand": "Bench",
            "tags": ["bench"],
        }
    }


async def seller_product(picks: Picks, driver: Driver, run: int) -> tuple[str, str]:
    """A product of the seller's own (created untimed), and the seller's token."""
    token = await driver.token(picks.seller_username)
    created = await driver.call("CreateProduct", new_product(picks, run), token)
    return str(created["product"]["id"]), token


def first_offer(product_id: str) -> Variables:
    return {"productId": product_id, "price": "19.99", "stock": 50, "condition": "NEW"}


async def offered_product(picks: Picks, driver: Driver, run: int) -> tuple[str, str]:
    """A product of the seller's own with the seller's offer on it, and the seller's token."""
    product_id, token = await seller_product(picks, driver, run)
    await driver.call("UpsertListing", first_offer(product_id), token)
    return product_id, token


@functools.cache
def _jpeg() -> bytes:
    """A small real JPEG: the gateway reads the header of what it attaches."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 40)).save(out, "JPEG")
    return out.getvalue()


async def uploaded_image(picks: Picks, driver: Driver, run: int) -> tuple[str, str, str]:
    """A product of the seller's own with an image uploaded to the presigned URL the
    gateway gave (not attached yet): the product's id, the image's, the seller's token."""
    product_id, token = await seller_product(picks, driver, run)
    body = _jpeg()
    asked = {"productId": product_id, "contentType": "image/jpeg", "byteSize": len(body)}
    upload = (await driver.call("RequestImageUpload", asked, token))["upload"]
    await driver.upload(upload, body)
    return product_id, str(upload["imageId"]), token


async def attached_image(picks: Picks, driver: Driver, run: int) -> tuple[str, str, str]:
    """The same, the image attached to the product."""
    product_id, image_id, token = await uploaded_image(picks, driver, run)
    await driver.call("AttachImage", {"productId": product_id, "imageId": image_id}, token)
    return product_id, image_id, token
