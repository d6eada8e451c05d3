"""Only administrators administer the tree: sellers and customers are FORBIDDEN, anonymous
callers UNAUTHENTICATED, and nothing is written for them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.accounts.factories import Account
from tests.category_admin.factories import (
    CREATE,
    DELETE,
    MOVE,
    UPDATE,
    guard,
    operation,
    slug,
    stored,
    write_categories,
)
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient


def request(name: str, isolated: Isolated) -> tuple[str, dict[str, Any], str]:
    """An operation, its variables on a category of its own, and that category's id."""
    cid, new_slug = slug(), slug()
    write_categories(isolated.settings, (cid, "ROOT", slug()))
    variables: dict[str, dict[str, Any]] = {
        CREATE: {"input": {"name": "Lamps", "slug": new_slug, "parentId": cid}},
        UPDATE: {"id": cid, "input": {"name": "Renamed", "slug": new_slug}},
        MOVE: {"id": cid, "newParentId": None},
        DELETE: {"id": cid},
    }
    query = UPDATE if name == UPDATE else operation(name)
    return query, variables[name], cid


OPERATIONS = [
    pytest.param(CREATE, id="create"),
    pytest.param(UPDATE, id="update"),
    pytest.param(MOVE, id="move"),
    pytest.param(DELETE, id="delete"),
]


@pytest.mark.parametrize("name", OPERATIONS)
@pytest.mark.parametrize(
    ("role", "code"),
    [
        pytest.param("seller", "FORBIDDEN", id="seller"),
        pytest.param("customer", "FORBIDDEN", id="customer"),
        pytest.param(None, "UNAUTHENTICATED", id="anonymous"),
    ],
)
async def test_only_admins_may(
    isolated_graphql: GraphQLClient,
    isolated: Isolated,
    request_account: dict[str, Account],
    name: str,
    role: str | None,
    code: str,
) -> None:
    query, variables, cid = request(name, isolated)
    before = stored(isolated.settings, cid)
    headers = request_account[role].headers if role else {}
    response = await isolated_graphql(query, variables, headers=headers)
    assert response.error_codes == [code]
    assert response.body["data"] is None
    assert stored(isolated.settings, cid) == before
    assert guard(isolated.settings, variables.get("input", {}).get("slug", "-")) is None


@pytest.mark.parametrize("name", OPERATIONS)
async def test_an_admin_may(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account, name: str
) -> None:
    query, variables, _ = request(name, isolated)
    response = await isolated_graphql(query, variables, headers=admin.headers)
    (payload,) = response.data.values()
    assert payload["errors"] == []


@pytest.fixture
def request_account(seller: Account, customer: Account) -> dict[str, Account]:
    return {"seller": seller, "customer": customer}
