"""Registering straight as a seller: a store name makes the new account a seller's in the
registration's one transaction."""

from __future__ import annotations

import jwt

from gateway.settings import Settings
from tests import operations
from tests.accounts.factories import Account, item, registration
from tests.graphql_client import GraphQLClient


def operation(name: str) -> str:
    return operations.operation("account_settings.graphql", name)


async def test_a_store_name_makes_the_new_account_a_sellers(
    graphql: GraphQLClient, settings: Settings
) -> None:
    given = registration(storeName=" Ada's Audio ")
    response = await graphql(operation("RegisterSeller"), {"input": given})
    result = response.data["register"]
    assert result["errors"] == []
    assert result["user"] | {"id": None} == {
        "id": None, "isSeller": True, "storeName": "Ada's Audio", "roles": ["customer", "seller"],
    }  # fmt: skip
    assert [c["operation"] for c in response.calls] == ["TransactWriteItems"]
    claims = jwt.decode(result["token"], options={"verify_signature": False})
    assert claims["roles"] == ["customer", "seller"]
    profile = item(settings, "Users", result["user"]["id"], "PROFILE")
    assert profile is not None
    assert (profile["is_seller"], profile["store_name"]) == (True, "Ada's Audio")
    storefront = await graphql(
        "query($id: ID!) { seller(id: $id) { storeName } }", {"id": result["user"]["id"]}
    )
    assert storefront.data["seller"] == {"storeName": "Ada's Audio"}


async def test_without_a_store_name_the_account_is_a_customers(
    graphql: GraphQLClient, alice: Account, admin: Account
) -> None:
    # Whoever calls (anonymous, a customer, an administrator): a registration is the same.
    for headers in ({}, alice.headers, admin.headers):
        result = (await graphql(operation("RegisterSeller"), {"input": registration()}, headers=headers)).data["register"]  # fmt: skip
        assert result["user"] | {"id": None} == {
            "id": None, "isSeller": False, "storeName": None, "roles": ["customer"],
        }  # fmt: skip


async def test_a_blank_store_name_is_refused(graphql: GraphQLClient) -> None:
    response = await graphql(operation("RegisterSeller"), {"input": registration(storeName=" ")})
    result = response.data["register"]
    assert (result["user"], result["token"]) == (None, None)
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("INVALID_INPUT", ["input", "storeName"])
    ]
    assert response.calls == []
