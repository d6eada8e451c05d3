"""Categories written straight through boto3 with the storage contract's key formats
spelled out, and the operations the tests send."""

from __future__ import annotations

from typing import Any

from gateway.settings import Settings
from tests import operations
from tests.accounts.factories import Account, item, table, unique, write_account
from tests.cart.factories import partition

T0 = "2026-01-01T00:00:00.000Z"

CREATE = "CreateCategory"
MOVE = "MoveCategory"
DELETE = "DeleteCategory"

UPDATE = """
mutation UpdateCategory($id: ID!, $input: UpdateCategoryInput!) {
  updateCategory(id: $id, input: $input) {
    category { id name slug description imageUrl position depth breadcrumbs { id } }
    errors { field message code }
  }
}
"""

PLACE = """
query Place($id: ID!, $slug: String!) {
  category(id: $id) { id depth breadcrumbs { id } children { id } }
  categoryBySlug(slug: $slug) { id depth breadcrumbs { id } }
}
"""


def operation(name: str) -> str:
    return operations.operation("seller_admin.graphql", name)


def account(settings: Settings, *roles: str) -> Account:
    """A signed-in account (no password: the token is minted) in the tables of `settings`."""
    return write_account(settings, "not-a-hash", "Ada", roles=("customer", *roles))


def slug() -> str:
    return unique("cat-")


def write_categories(settings: Settings, *rows: tuple[str, str, str]) -> dict[str, str]:
    """Categories (id, parent id or ROOT, slug) as another writer would leave them: the
    Category item and its link, with no slug guard. Parents come before their children.
    Returns each id's slug."""
    paths: dict[str, list[str]] = {}
    with table(settings, "Categories").batch_writer() as batch:
        for position, (cid, parent, name) in enumerate(rows):
            path = [*paths.get(parent, []), cid]
            paths[cid] = path
            batch.put_item(Item={
                "pk": cid, "sk": "INFO", "entity": "Category", "category_id": cid,
                "name": name, "slug": name, "parent_id": parent, "path": path,
                "depth": len(path) - 1, "position": position, "created_at": T0,
                "updated_at": T0,
            })  # fmt: skip
            batch.put_item(Item={
                "pk": parent, "sk": f"SUBCATEGORY#{cid}", "entity": "Subcategory",
                "child_id": cid, "name": name, "position": position,
            })  # fmt: skip
    return {cid: name for cid, _, name in rows}


def write_product(settings: Settings, category_id: str, *, active: bool) -> str:
    pid = unique("p-cat-")
    info: dict[str, Any] = {
        "pk": pid, "sk": "INFO", "entity": "Product", "product_id": pid, "name": "Thing",
        "description": "A thing", "category_id": category_id, "tags": [], "is_active": active,
        "rating_sum": 0, "rating_count": 0, "min_price_cents": 500, "currency": "USD",
        "created_at": T0, "updated_at": T0,
    }  # fmt: skip
    if active:
        info |= {"gsi1pk": f"CATEGORY#{category_id}", "gsi1sk": f"PRICE#{500:012d}#{pid}"}
    table(settings, "Products").put_item(Item=info)
    return pid


def stored(settings: Settings, category_id: str) -> dict[str, Any] | None:
    return item(settings, "Categories", category_id, "INFO")


def links(settings: Settings, parent_id: str) -> list[str]:
    """The child ids linked under a parent (or ROOT)."""
    return [
        row["child_id"]
        for row in partition(settings, "Categories", parent_id)
        if row["sk"].startswith("SUBCATEGORY#")
    ]


def guard(settings: Settings, slug: str) -> dict[str, Any] | None:
    return item(settings, "Categories", f"SLUG#{slug}", "UNIQUE")
