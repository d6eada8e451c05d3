"""deleteCategory: only an empty category (no subcategories, no active products); its
item, link and slug guard go together, and its slug can then be used again."""

from __future__ import annotations

from tests.accounts.factories import Account
from tests.category_admin.factories import (
    CREATE,
    DELETE,
    guard,
    links,
    operation,
    slug,
    stored,
    write_categories,
    write_product,
)
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient, GraphQLResponse


async def delete(graphql: GraphQLClient, admin: Account, cid: str) -> GraphQLResponse:
    return await graphql(operation(DELETE), {"id": cid}, headers=admin.headers)


def codes(response: GraphQLResponse) -> list[tuple[str, list[str]]]:
    return [(e["code"], e["field"]) for e in response.data["deleteCategory"]["errors"]]


async def test_a_category_with_children_is_not_deleted(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account
) -> None:
    parent, child = slug(), slug()
    write_categories(isolated.settings, (parent, "ROOT", slug()), (child, parent, slug()))
    response = await delete(isolated_graphql, admin, parent)
    assert codes(response) == [("INVALID_STATE", ["id"])]
    assert response.data["deleteCategory"]["deletedId"] is None
    assert response.call_count("TransactWriteItems") == 0
    assert stored(isolated.settings, parent) is not None


async def test_a_category_with_an_active_product_is_not_deleted(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account
) -> None:
    cid = slug()
    write_categories(isolated.settings, (cid, "ROOT", slug()))
    write_product(isolated.settings, cid, active=True)
    response = await delete(isolated_graphql, admin, cid)
    assert codes(response) == [("INVALID_STATE", ["id"])]
    assert stored(isolated.settings, cid) is not None


async def test_an_empty_category_is_deleted_and_its_slug_freed(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account
) -> None:
    parent, name = slug(), slug()
    write_categories(isolated.settings, (parent, "ROOT", slug()))
    created = await isolated_graphql(
        operation(CREATE),
        {"input": {"name": "Lamps", "slug": name, "parentId": parent}},
        headers=admin.headers,
    )
    cid = created.data["createCategory"]["category"]["id"]
    write_product(isolated.settings, cid, active=False)  # inactive: does not keep it
    response = await delete(isolated_graphql, admin, cid)
    assert response.data["deleteCategory"] == {"deletedId": cid, "errors": []}
    # The session; the item with the products Query; the children Query; one transaction.
    assert sorted(c["operation"] for c in response.calls) == [
        "BatchGetItem", "GetItem", "Query", "Query", "TransactWriteItems"
    ]  # fmt: skip
    assert stored(isolated.settings, cid) is None
    assert links(isolated.settings, parent) == []
    assert guard(isolated.settings, name) is None
    again = await isolated_graphql(
        operation(CREATE), {"input": {"name": "Lamps", "slug": name}}, headers=admin.headers
    )
    assert again.data["createCategory"]["errors"] == []
    missing = await delete(isolated_graphql, admin, cid)
    assert codes(missing) == [("NOT_FOUND", ["id"])]
