"""State several write cases start from, set up untimed through the gateway: a product of
`seller1`'s, and that product offered for sale."""

from __future__ import annotations

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
