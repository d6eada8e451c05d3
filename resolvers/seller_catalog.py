"""A seller's catalog: creating and editing products (their offers: `resolvers/stock.py`).

Who may do what:
- sellers and administrators create products; the creator is recorded in `created_by`
  (an addition to the storage contract);
- a product's owners are its creator and every seller with a listing on it; they and
  administrators edit it. To anyone else the product is NOT_FOUND, as other people's
  orders are.

Each write is one transaction conditioned on what it was decided on
(`loaders/catalog_writes.py`); a cancelled one is read again and decided again, at most
`OPTIMISTIC_RETRY.attempts` times.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TypedDict

from gateway.auth import ADMIN, SELLER, Viewer
from gateway.errors import Forbidden, Problem, Rejected, ServiceUnavailable, UserErrorCode
from loaders import catalog_writes
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY
from loaders.errors import TransactionCancelled
from loaders.ids import new_id, timestamp
from loaders.keys import ListingKey, ProductKey
from loaders.request import RequestLoaders
from resolvers import validation

NAME_LENGTH = 200
DESCRIPTION_LENGTH = 5_000
BRAND_LENGTH = 100
MAX_TAGS = 20
TAG_LENGTH = 30
CURRENCY = "USD"

CREATORS_ONLY = "Only sellers and administrators create products."

NO_PRODUCT = Problem(UserErrorCode.NOT_FOUND, "You have no product with this id.", ("id",))
NO_CATEGORY = Problem(
    UserErrorCode.NOT_FOUND, "There is no category with this id.", ("input", "category_id")
)
ORPHAN = Problem(
    UserErrorCode.INVALID_STATE,
    "This product's category no longer exists; give it another to reactivate it.",
    ("input", "category_id"),
)


class ProductChanges(TypedDict, total=False):
    """What updateProduct changes; a None brand removes it."""

    name: str
    description: str
    brand: str | None
    tags: list[str]
    category_id: str
    is_active: bool


@dataclass(frozen=True)
class NewProduct:
    name: str
    description: str
    category_id: str
    brand: str | None = None
    tags: tuple[str, ...] = ()


def _checks(changes: ProductChanges, within: str = "input") -> list[Problem | None]:
    found: list[Problem | None] = []
    if "name" in changes:
        found.append(
            validation.text(changes["name"], f"{within}.name", "The name", longest=NAME_LENGTH)
        )
    if "description" in changes:
        found.append(
            validation.text(
                changes["description"],
                f"{within}.description",
                "The description",
                longest=DESCRIPTION_LENGTH,
            )
        )
    if "brand" in changes:
        found.append(
            validation.text(
                changes["brand"],
                f"{within}.brand",
                "The brand",
                required=False,
                longest=BRAND_LENGTH,
            )
        )
    if "tags" in changes:
        found.append(_tags_problem(changes["tags"], f"{within}.tags"))
    if "category_id" in changes and not changes["category_id"].strip():
        found.append(validation.invalid(f"{within}.category_id", "Name the category."))
    return found


def _tags_problem(tags: list[str], field: str) -> Problem | None:
    if len(tags) > MAX_TAGS:
        return validation.invalid(field, f"A product has at most {MAX_TAGS} tags.")
    if any(not tag.strip() or len(tag.strip()) > TAG_LENGTH for tag in tags):
        return validation.invalid(field, f"A tag is 1 to {TAG_LENGTH} characters long.")
    return None


def _clean_tags(tags: list[str]) -> list[str]:
    """Trimmed, without repeats (ignoring case), in the order given."""
    kept: dict[str, str] = {}
    for tag in tags:
        kept.setdefault(tag.strip().casefold(), tag.strip())
    return list(kept.values())


def _stored(changes: ProductChanges) -> Item:
    """The changes as the Product item stores them."""
    stored: Item = {}
    for name in ("name", "description", "brand"):
        if name in changes:
            stored[name] = validation.clean(changes[name])
    if "tags" in changes:
        stored["tags"] = _clean_tags(changes["tags"])
    if "category_id" in changes:
        stored["category_id"] = changes["category_id"].strip()
    if "is_active" in changes:
        stored["is_active"] = changes["is_active"]
    return stored


def may_create(viewer: Viewer) -> None:
    if SELLER not in viewer.roles and ADMIN not in viewer.roles:
        raise Forbidden(CREATORS_ONLY)


def is_owner(viewer: Viewer, product: Item, own_listing: Item | None) -> bool:
    """Administrators, the product's creator, and a seller with a listing on it."""
    return viewer.is_admin or product.get("created_by") == viewer.user_id or own_listing is not None


async def create_product(loaders: RequestLoaders, viewer: Viewer, request: NewProduct) -> Item:
    """The new product: active, unrated, and off the category pages until it is listed."""
    may_create(viewer)
    wanted: ProductChanges = {
        "name": request.name,
        "description": request.description,
        "brand": request.brand,
        "tags": list(request.tags),
        "category_id": request.category_id,
    }
    validation.reject_invalid(*_checks(wanted))
    at = timestamp()
    product_id = new_id()
    product: Item = {
        "entity": "Product",
        "product_id": product_id,
        **_stored(wanted),
        "is_active": True,
        "rating_sum": 0,
        "rating_count": 0,
        "currency": CURRENCY,
        "created_by": viewer.user_id,
        "created_at": at,
        "updated_at": at,
        catalog_writes.VERSION: 0,
        **catalog_writes.seller_catalog_keys(viewer.user_id, at, product_id),
    }
    try:
        await catalog_writes.create_product(loaders.dynamo, product)
    except TransactionCancelled as cancelled:
        if failed(cancelled.reasons, catalog_writes.FIRST_ACTION):
            raise Rejected(NO_CATEGORY) from None
        raise
    written = {
        "pk": product_id,
        "sk": "INFO",
        **{k: v for k, v in product.items() if v is not None},
    }
    loaders.items.prime(ProductKey(product_id), written)
    return written


async def update_product(
    loaders: RequestLoaders, viewer: Viewer, product_id: str, changes: ProductChanges
) -> Item:
    """The product as changed: by its owners and administrators (NOT_FOUND to others).
    Deactivating it takes it off the category pages and out of search; reactivating it
    puts it back where it has a price."""
    validation.reject_invalid(*_checks(changes))
    dynamo = loaders.dynamo
    stored = _stored(changes)
    product, own_listing = await asyncio.gather(
        dynamo.get_consistent(ProductKey(product_id)),
        dynamo.get_consistent(ListingKey(product_id, viewer.user_id)),
    )
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        if product is None or not is_owner(viewer, product, own_listing):
            raise Rejected(NO_PRODUCT)
        different = {k: v for k, v in stored.items() if product.get(k) != v}
        if not different:
            return product
        # A product moved, or back on the pages, must be in a category that exists.
        placed = "category_id" in different or different.get("is_active") is True
        try:
            after = await catalog_writes.update_product(
                dynamo, product, different | {"updated_at": timestamp()}, check_category=placed
            )
        except TransactionCancelled as cancelled:
            if placed and failed(cancelled.reasons, catalog_writes.FIRST_ACTION):
                raise Rejected(NO_CATEGORY if "category_id" in different else ORPHAN) from None
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            product = await dynamo.get_consistent(ProductKey(product_id))
            continue
        loaders.items.clear(ProductKey(product_id)).prime(ProductKey(product_id), after)
        return after
    raise ServiceUnavailable("This product kept changing while it was being edited; try again.")


def failed(reasons: list[str], action: int) -> bool:
    return len(reasons) > action and reasons[action] not in ("None", "")
