"""Writes of the category tree: each one transaction (a move's descendants, several).

Placing a category under a parent (creating it there, moving it there) updates the
parent's `updated_at` and conditions the parent and every ancestor above it on the
`parent_id` that was read. So a delete of the parent that read it childless fails, and
two concurrent moves can never close a cycle: whichever commits second finds a link of
its chain changed.

Every function raises `TransactionCancelled`, its reasons in the order of the actions
(the `*_ACTION` constants).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from loaders.categories import CATEGORY_PRICE_INDEX
from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import (
    ROOT_CATEGORY,
    SUBCATEGORY_PREFIX,
    CategoryKey,
    CategorySlugKey,
    SubcategoryKey,
    category_partition,
)
from loaders.model import CATEGORIES, PRODUCTS
from loaders.writes import MUST_BE_NEW, Check, Delete, Put, Update, Write

TRANSACTION_LIMIT = 100
"""Actions in one TransactWriteItems; a move rewrites descendants in transactions this size."""

CATEGORY_ACTION, LINK_ACTION, GUARD_ACTION = range(3)
"""createCategory: the Category item, its link, its slug guard; then the lineage."""
OLD_GUARD_ACTION, NEW_GUARD_ACTION = 2, 3
"""updateCategory with a new slug: after the Category item and its link."""
_ITS_OWN_GUARD = "attribute_not_exists(pk) OR category_id = :category"


def parent_of(category: Item) -> str:
    return str(category.get("parent_id") or ROOT_CATEGORY)


def _link(category: Item) -> Put:
    return Put(
        SubcategoryKey(parent_of(category), category["category_id"]),
        {
            "entity": "Subcategory",
            "child_id": category["category_id"],
            "name": category["name"],
            "position": category["position"],
        },
    )


def _guard(category: Item) -> Put:
    return Put(
        CategorySlugKey(category["slug"]),
        {"entity": "CategorySlug", "slug": category["slug"], "category_id": category["pk"]},
        MUST_BE_NEW,
    )


def _lineage(lineage: Sequence[Item], stamp: str) -> list[Write]:
    """Placing something under `lineage[-1]`: its `updated_at` moves to `stamp`, and it and
    each ancestor (`lineage`, root first) must still have the parent they were read with."""
    if not lineage:
        return []
    *above, parent = lineage
    writes: list[Write] = [
        Update(
            CategoryKey(parent["pk"]),
            {"updated_at": stamp},
            "parent_id = :parent",
            {":parent": parent_of(parent)},
        )
    ]
    writes.extend(
        Check(CategoryKey(a["pk"]), "parent_id = :parent", {":parent": parent_of(a)}) for a in above
    )
    return writes


async def create(dynamo: Dynamo, category: Item, lineage: Sequence[Item], stamp: str) -> None:
    """The Category item, its link under its parent and its slug guard (a taken slug
    fails `GUARD_ACTION`), placed under `lineage` (its ancestors, root first)."""
    await dynamo.transact_write(
        [
            Put(CategoryKey(category["pk"]), category, MUST_BE_NEW),
            _link(category),
            _guard(category),
            *_lineage(lineage, stamp),
        ]
    )


async def update(dynamo: Dynamo, before: Item, changes: Mapping[str, Any]) -> None:
    """`changes` to the Category item (None removes an attribute) and its link's copy of
    name and position; a new slug moves the guard (taken: `NEW_GUARD_ACTION` fails).
    Conditioned on the slug and parent read."""
    after = {k: v for k, v in (before | dict(changes)).items() if v is not None}
    writes: list[Write] = [
        Update(
            CategoryKey(before["pk"]),
            changes,
            "slug = :slug AND parent_id = :parent",
            {":slug": before["slug"], ":parent": parent_of(before)},
        ),
        _link(after),
    ]
    if after["slug"] != before["slug"]:
        writes.append(
            Delete(CategorySlugKey(before["slug"]), _ITS_OWN_GUARD, {":category": before["pk"]})
        )
        writes.append(_guard(after))
    await dynamo.transact_write(writes)


async def relink(
    dynamo: Dynamo, before: Item, moved: Item, lineage: Sequence[Item], stamp: str
) -> None:
    """The category under its new parent: its own `parent_id`, `path` and `depth`, and its
    link moved, conditioned on the parent read; placed under `lineage` (root first)."""
    await dynamo.transact_write(
        [
            Update(
                CategoryKey(before["pk"]),
                {name: moved[name] for name in ("parent_id", "path", "depth", "updated_at")},
                "parent_id = :parent",
                {":parent": parent_of(before)},
            ),
            Delete(SubcategoryKey(parent_of(before), before["pk"])),
            _link(moved),
            *_lineage(lineage, stamp),
        ]
    )


async def rewrite_paths(dynamo: Dynamo, rewrites: Sequence[tuple[Item, Item]]) -> None:
    """(stored, wanted) pairs: each stored item's `path`, `depth` and `updated_at` set to the
    wanted ones, conditioned on the item being as read; transactions of 100, in order.

    "As read" is its `parent_id` and `updated_at`, which every write of ours moves (`path`
    is a DynamoDB reserved word). A cancelled transaction leaves the earlier ones
    written: the caller reads again and rewrites what is still stale.
    """
    writes: list[Write] = []
    for stored, wanted in rewrites:
        condition, values = _as_read(stored)
        writes.append(
            Update(
                CategoryKey(stored["pk"]),
                {name: wanted[name] for name in ("path", "depth", "updated_at")},
                condition,
                values,
            )
        )
    for start in range(0, len(writes), TRANSACTION_LIMIT):
        await dynamo.transact_write(writes[start : start + TRANSACTION_LIMIT])


def _as_read(stored: Item) -> tuple[str, dict[str, Any]]:
    """The item still has the parent and `updated_at` it was read with."""
    values: dict[str, Any] = {":parent": parent_of(stored)}
    stamp = stored.get("updated_at")
    if stamp is None:
        return "parent_id = :parent AND attribute_not_exists(updated_at)", values
    return "parent_id = :parent AND updated_at = :stamp", values | {":stamp": stamp}


async def delete(dynamo: Dynamo, category: Item) -> None:
    """The Category item (conditioned on it being as read: a child placed under it since
    moved its `updated_at`), its link and its slug guard."""
    condition, values = _as_read(category)
    await dynamo.transact_write(
        [
            Delete(CategoryKey(category["pk"]), condition, values),
            Delete(SubcategoryKey(parent_of(category), category["pk"])),
            Delete(
                CategorySlugKey(category["slug"]), _ITS_OWN_GUARD, {":category": category["pk"]}
            ),
        ]
    )


async def has_children(dynamo: Dynamo, category_id: str) -> bool:
    """Whether any Subcategory link is under the category (one strongly consistent Query)."""
    page = await dynamo.query(
        CATEGORIES,
        "pk = :pk AND begins_with(sk, :prefix)",
        {":pk": category_id, ":prefix": SUBCATEGORY_PREFIX},
        limit=1,
        consistent=True,
    )
    return bool(page.items)


async def has_products(dynamo: Dynamo, category_id: str) -> bool:
    """Whether an active product is in the category (`CategoryPriceIndex`, Limit 1); an
    inactive product has no gsi1pk, so it is not seen."""
    page = await dynamo.query(
        PRODUCTS,
        "gsi1pk = :pk",
        {":pk": category_partition(category_id)},
        index=CATEGORY_PRICE_INDEX.name,
        limit=1,
    )
    return bool(page.items)
