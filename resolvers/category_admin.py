"""Administering the category tree: create, update, move and delete categories.

Each use case reads the whole tree (one Scan, not the request's cached copy) and
decides on it; the conditions of its transaction make the decision hold when it is
written (`loaders/category_writes.py`). A cancelled transaction is read again and
retried, at most `ATTEMPTS` times.

A move is one transaction for the category and its link, then its descendants' `path`
and `depth` in transactions of 100, each conditioned on the item as read. Readers are
right at every moment in between: the tree derives paths from `parent_id`s
(`CategoryTree`). A move that stopped half-way is finished by moving the category again
to the same parent.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict

from gateway.errors import Problem, Rejected, ServiceUnavailable, UserErrorCode
from loaders import category_writes
from loaders.categories import CategoryTree, category_tree
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY, Dynamo
from loaders.errors import TransactionCancelled
from loaders.ids import new_id, timestamp
from loaders.keys import ROOT_CATEGORY, CategoryKey
from loaders.request import RequestLoaders
from resolvers import validation

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
URL = re.compile(r"https?://\S+")
SLUG_LENGTH = 100
DESCRIPTION_LENGTH = 2_000
URL_LENGTH = 2_000
POSITIONS = (0, 1_000_000)
MAX_DEPTH = 90
"""Levels below a root: placing a category conditions each ancestor in one transaction."""
ATTEMPTS = 5


class CategoryChanges(TypedDict, total=False):
    """What updateCategory changes; a None description or image_url removes it."""

    name: str
    slug: str
    description: str | None
    image_url: str | None
    position: int


@dataclass(frozen=True)
class NewCategory:
    name: str
    slug: str
    description: str | None = None
    image_url: str | None = None
    parent_id: str | None = None
    position: int | None = None


@dataclass(frozen=True)
class Placed:
    """A category as written, and the tree it is now part of (for depth, breadcrumbs)."""

    category: Item
    tree: CategoryTree


def _missing(field: str, what: str = "category") -> Problem:
    return Problem(UserErrorCode.NOT_FOUND, f"There is no {what} with this id.", (field,))


def _slug_taken(slug: str, field: tuple[str, ...]) -> Problem:
    return Problem(
        UserErrorCode.INVALID_INPUT,
        f"The slug '{slug}' belongs to another category; choose another.",
        field,
    )


TOO_DEEP = Problem(UserErrorCode.INVALID_INPUT, f"Categories nest at most {MAX_DEPTH} levels deep.")
UNDER_ITSELF = Problem(
    UserErrorCode.INVALID_INPUT,
    "A category cannot move under itself or one of its descendants.",
    ("new_parent_id",),
)
HAS_CHILDREN = Problem(
    UserErrorCode.INVALID_STATE,
    "This category has subcategories: move or delete them first.",
    ("id",),
)
HAS_PRODUCTS = Problem(
    UserErrorCode.INVALID_STATE,
    "This category has active products: move them to another category first.",
    ("id",),
)


# Checks of what callers send ---------------------------------------------------------------
def _slug(value: str, field: str) -> Problem | None:
    if len(value) <= SLUG_LENGTH and SLUG.fullmatch(value):
        return None
    return validation.invalid(
        field,
        f"A slug is lower-case letters and digits, in words joined by single '-' "
        f"(such as over-ear-headphones), at most {SLUG_LENGTH} characters.",
    )


def _url(value: str | None, field: str) -> Problem | None:
    if value is None or (len(value) <= URL_LENGTH and URL.fullmatch(value)):
        return None
    return validation.invalid(field, "Give the image as an http(s) URL.")


def _position(value: int | None, field: str) -> Problem | None:
    if value is None:
        return None
    return validation.number_between(value, field, "The position", *POSITIONS)


def _description(value: str | None, field: str) -> Problem | None:
    return validation.text(
        value, field, "The description", required=False, longest=DESCRIPTION_LENGTH
    )


# Trees as written -----------------------------------------------------------------------
def _with(tree: CategoryTree, *items: Item) -> CategoryTree:
    """The tree with `items` written over, as a new read would see it."""
    replaced = {item["pk"] for item in items}
    kept = [item for pk, item in tree.stored.items() if pk not in replaced]
    return CategoryTree.from_items([*kept, *items])


def _stamp_after(previous: Any) -> str:
    """Now, as `updated_at`; never the value read (it versions the item for deletes)."""
    now = timestamp()
    return now if now != previous else timestamp(datetime.now(UTC) + timedelta(milliseconds=1))


def _failed(cancelled: TransactionCancelled, action: int) -> bool:
    reasons = cancelled.reasons
    return len(reasons) > action and reasons[action] == "ConditionalCheckFailed"


async def _retry_later(attempt: int) -> None:
    await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))


BUSY = "The category tree changed under this write too often; try again."


# Use cases ------------------------------------------------------------------------------
async def create_category(loaders: RequestLoaders, request: NewCategory) -> Placed:
    """A new category under `parent_id` (None: a root), after its last sibling unless a
    position is given; its slug claimed by a guard item in the same transaction."""
    validation.reject_invalid(
        validation.text(request.name, "name", "The name"),
        _slug(request.slug, "slug"),
        _description(request.description, "description"),
        _url(request.image_url, "image_url"),
        _position(request.position, "position"),
    )
    dynamo = loaders.dynamo
    for attempt in range(ATTEMPTS):
        tree = await category_tree(dynamo)
        if request.slug in tree.by_slug:
            raise Rejected(_slug_taken(request.slug, ("slug",)))
        parent_id = request.parent_id or ROOT_CATEGORY
        lineage: list[Item] = []
        if request.parent_id is not None:
            if request.parent_id not in tree.categories:
                raise Rejected(_missing("parent_id", "parent category"))
            lineage = tree.path(request.parent_id)
        if len(lineage) > MAX_DEPTH:
            raise Rejected(TOO_DEEP)
        siblings = tree.children_of(parent_id)
        position = request.position
        if position is None:
            position = max((int(s.get("position", 0)) + 1 for s in siblings), default=0)
        category_id, now = new_id(), timestamp()
        path = [*(a["pk"] for a in lineage), category_id]
        category: Item = {
            "pk": category_id,
            "sk": "INFO",
            "entity": "Category",
            "category_id": category_id,
            "name": request.name.strip(),
            "slug": request.slug,
            "description": validation.clean(request.description),
            "image_url": validation.clean(request.image_url),
            "parent_id": parent_id,
            "path": path,
            "depth": len(path) - 1,
            "position": position,
            "created_at": now,
            "updated_at": now,
        }
        category = {name: value for name, value in category.items() if value is not None}
        stamp = _stamp_after(lineage[-1].get("updated_at") if lineage else None)
        try:
            await category_writes.create(dynamo, category, lineage, stamp)
        except TransactionCancelled as cancelled:
            if _failed(cancelled, category_writes.GUARD_ACTION):
                raise Rejected(_slug_taken(request.slug, ("slug",))) from None
            await _retry_later(attempt)  # the parent or an ancestor changed meanwhile
            continue
        parent = [tree.stored[lineage[-1]["pk"]] | {"updated_at": stamp}] if lineage else []
        written = _with(tree, *parent, category)
        return Placed(written.categories[category_id], written)
    raise ServiceUnavailable(BUSY)


async def update_category(
    loaders: RequestLoaders, category_id: str, changes: CategoryChanges
) -> Placed:
    """Name, slug (its guard moved), description, image and position; the name and position
    are copied on the category's link under its parent in the same transaction."""
    validation.reject_invalid(
        validation.text(changes["name"], "input.name", "The name") if "name" in changes else None,
        _slug(changes["slug"], "input.slug") if "slug" in changes else None,
        _description(changes.get("description"), "input.description"),
        _url(changes.get("image_url"), "input.image_url"),
        _position(changes.get("position"), "input.position"),
    )
    cleaned: dict[str, Any] = dict(changes)
    for name in ("description", "image_url"):
        if name in cleaned:
            cleaned[name] = validation.clean(cleaned[name])
    if "name" in cleaned:
        cleaned["name"] = cleaned["name"].strip()
    dynamo = loaders.dynamo
    for attempt in range(ATTEMPTS):
        tree = await category_tree(dynamo)
        before = tree.stored.get(category_id)
        if before is None:
            raise Rejected(_missing("id"))
        slug = str(cleaned.get("slug") or before["slug"])
        if tree.by_slug.get(slug, category_id) != category_id:
            raise Rejected(_slug_taken(slug, ("input", "slug")))
        if not cleaned:
            return Placed(tree.categories[category_id], tree)
        update = cleaned | {"updated_at": _stamp_after(before.get("updated_at"))}
        try:
            await category_writes.update(dynamo, before, update)
        except TransactionCancelled as cancelled:
            if _failed(cancelled, category_writes.NEW_GUARD_ACTION):
                raise Rejected(_slug_taken(slug, ("input", "slug"))) from None
            await _retry_later(attempt)
            continue
        after = {k: v for k, v in (before | update).items() if v is not None}
        written = _with(tree, after)
        return Placed(written.categories[category_id], written)
    raise ServiceUnavailable(BUSY)


async def move_category(
    loaders: RequestLoaders, category_id: str, new_parent_id: str | None
) -> Placed:
    """The category and its whole subtree under `new_parent_id` (None: a root).

    Moving a category to the parent it has rewrites only what a stopped move left stale.
    """
    dynamo = loaders.dynamo
    for attempt in range(ATTEMPTS):
        tree = await category_tree(dynamo)
        before = tree.stored.get(category_id)
        if before is None:
            raise Rejected(_missing("id"))
        lineage: list[Item] = []
        if new_parent_id is not None:
            if new_parent_id not in tree.categories:
                raise Rejected(_missing("new_parent_id", "parent category"))
            if new_parent_id in tree.subtree(category_id):
                raise Rejected(UNDER_ITSELF)
            lineage = tree.path(new_parent_id)
        if len(lineage) > MAX_DEPTH:
            raise Rejected(TOO_DEEP)
        target = new_parent_id or ROOT_CATEGORY
        if category_writes.parent_of(before) == target:
            return await _finish_move(dynamo, tree, category_id)
        path = [*(a["pk"] for a in lineage), category_id]
        moved = before | {
            "parent_id": target,
            "path": path,
            "depth": len(path) - 1,
            "updated_at": _stamp_after(before.get("updated_at")),
        }
        stamp = _stamp_after(lineage[-1].get("updated_at") if lineage else None)
        try:
            await category_writes.relink(dynamo, before, moved, lineage, stamp)
        except TransactionCancelled:
            await _retry_later(attempt)  # moved, or an ancestor of the target moved, meanwhile
            continue
        parent = [tree.stored[lineage[-1]["pk"]] | {"updated_at": stamp}] if lineage else []
        return await _finish_move(dynamo, _with(tree, moved, *parent), category_id)
    raise ServiceUnavailable(BUSY)


async def _finish_move(dynamo: Dynamo, tree: CategoryTree, category_id: str) -> Placed:
    """Rewrite the stored `path` and `depth` of every category of the subtree that does not
    match its place, reading the tree again after a conflict."""
    for attempt in range(ATTEMPTS):
        rewrites = [
            (
                item,
                tree.categories[item["pk"]] | {"updated_at": _stamp_after(item.get("updated_at"))},
            )
            for item in tree.stale(category_id)
        ]
        try:
            await category_writes.rewrite_paths(dynamo, rewrites)
        except TransactionCancelled:
            await _retry_later(attempt)
            tree = await category_tree(dynamo)
            continue
        tree = _with(tree, *(wanted for _, wanted in rewrites)) if rewrites else tree
        found = tree.categories.get(category_id)
        if found is None:
            raise Rejected(_missing("id"))
        return Placed(found, tree)
    raise ServiceUnavailable(
        "The category has moved, but rewriting the paths below it kept conflicting with "
        "other changes: move it again to the same parent to finish."
    )


async def delete_category(loaders: RequestLoaders, category_id: str) -> str:
    """An empty category: its item, its link and its slug guard. Refused while it has
    subcategories or active products (an inactive product does not count)."""
    dynamo = loaders.dynamo
    for attempt in range(ATTEMPTS):
        category, products = await asyncio.gather(
            dynamo.get_consistent(CategoryKey(category_id)),
            category_writes.has_products(dynamo, category_id),
        )
        if category is None:
            raise Rejected(_missing("id"))
        # After the item is read: a child placed later moves its `updated_at`, failing the delete.
        children = await category_writes.has_children(dynamo, category_id)
        problems = [p for p, has in ((HAS_CHILDREN, children), (HAS_PRODUCTS, products)) if has]
        if problems:
            raise Rejected(*problems)
        try:
            await category_writes.delete(dynamo, category)
        except TransactionCancelled:
            await _retry_later(attempt)
            continue
        return category_id
    raise ServiceUnavailable(BUSY)
