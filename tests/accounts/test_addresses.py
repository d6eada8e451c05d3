"""Changing and deleting addresses: the owner's alone; one default while any is left;
orders keep the copy they were placed with."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.settings import Settings
from tests import operations
from tests.accounts.factories import Account
from tests.accounts.operations import ME
from tests.accounts.test_profile import add_address, address
from tests.cart.factories import shopper
from tests.graphql_client import GraphQLClient
from tests.orders.factories import operation as order_operation
from tests.orders.factories import place, stocked, store


def operation(name: str) -> str:
    return operations.operation("account_settings.graphql", name)


async def update(graphql: GraphQLClient, headers: dict[str, str], id: str, **changes: Any) -> Any:
    response = await graphql(
        operation("UpdateAddress"), {"id": id, "input": address(**changes)}, headers=headers
    )
    return response


async def delete(graphql: GraphQLClient, headers: dict[str, str], id: str) -> Any:
    return await graphql(operation("DeleteAddress"), {"id": id}, headers=headers)


async def book(graphql: GraphQLClient, account: Account) -> list[tuple[str, bool]]:
    found = (await graphql(ME, headers=account.headers)).data["viewer"]["addresses"]
    return [(a["label"], a["isDefault"]) for a in found]


async def test_owner_changes_an_address_and_may_make_it_the_default(
    graphql: GraphQLClient, alice: Account
) -> None:
    home = (await add_address(graphql, alice))["address"]["id"]
    work = (await add_address(graphql, alice, label="Work"))["address"]["id"]
    changed = await update(graphql, alice.headers, work, label="Office", city="Leeds")
    assert changed.data["updateAddress"] == {
        "address": {
            "id": work, "line1": "12 St James's Square", "city": "Leeds",
            "postalCode": "SW1Y 4JH", "isDefault": False,
        },
        "errors": [],
    }  # fmt: skip
    # The session check, the profile, then the addresses, then one transaction.
    assert [c["operation"] for c in changed.calls] == [
        "BatchGetItem", "GetItem", "Query", "TransactWriteItems",
    ]  # fmt: skip
    assert changed.body["extensions"]["dynamodb"]["rounds"] == 4
    # The default stays the default unless another address takes over.
    await update(graphql, alice.headers, home, label="Home", isDefault=False)
    assert await book(graphql, alice) == [("Home", True), ("Office", False)]
    await update(graphql, alice.headers, work, label="Office", isDefault=True)
    assert await book(graphql, alice) == [("Office", True), ("Home", False)]


async def test_deleting_the_default_passes_it_to_the_oldest_address_left(
    graphql: GraphQLClient, alice: Account
) -> None:
    home = (await add_address(graphql, alice))["address"]["id"]
    work = (await add_address(graphql, alice, label="Work"))["address"]["id"]
    await add_address(graphql, alice, label="Cabin")
    deleted = await delete(graphql, alice.headers, home)
    assert deleted.data["deleteAddress"] == {"deletedId": home, "errors": []}
    assert await book(graphql, alice) == [("Work", True), ("Cabin", False)]
    await delete(graphql, alice.headers, work)
    assert await book(graphql, alice) == [("Cabin", True)]
    again = await delete(graphql, alice.headers, work)
    assert again.data["deleteAddress"]["deletedId"] is None
    assert [(e["code"], e["field"]) for e in again.data["deleteAddress"]["errors"]] == [
        ("NOT_FOUND", ["id"])
    ]


async def test_others_and_administrators_cannot_touch_an_address(
    graphql: GraphQLClient, alice: Account, bob: Account, admin: Account
) -> None:
    home = (await add_address(graphql, alice))["address"]["id"]
    for headers in (bob.headers, admin.headers):
        changed = (await update(graphql, headers, home, city="Paris")).data["updateAddress"]
        assert (changed["address"], [e["code"] for e in changed["errors"]]) == (None, ["NOT_FOUND"])
        assert changed["errors"][0]["field"] == ["id"]
        deleted = (await delete(graphql, headers, home)).data["deleteAddress"]
        assert [e["code"] for e in deleted["errors"]] == ["NOT_FOUND"]
    anonymous = [await update(graphql, {}, home), await delete(graphql, {}, home)]
    assert [r.error_codes for r in anonymous] == [["UNAUTHENTICATED"]] * 2
    assert await book(graphql, alice) == [("Home", True)]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"country": "GBR"}, "country", id="country-not-alpha-2"),
        pytest.param({"line1": " "}, "line1", id="blank-line1"),
    ],
)
async def test_update_refuses_invalid_input(
    graphql: GraphQLClient, alice: Account, changes: dict[str, str], field: str
) -> None:
    home = (await add_address(graphql, alice))["address"]["id"]
    result = (await update(graphql, alice.headers, home, **changes)).data["updateAddress"]
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("INVALID_INPUT", ["input", field])
    ]


async def test_orders_keep_the_address_they_were_placed_with(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, _ = store(settings)
    buyer = shopper(settings)
    order_id = await place(graphql, settings, buyer, [(stocked(settings, seller_id, 5), 1)])
    await update(graphql, buyer.headers, buyer.address_id, city="Shelbyville")
    await delete(graphql, buyer.headers, buyer.address_id)
    found = await graphql(order_operation("OrderDetail"), {"id": order_id}, headers=buyer.headers)
    assert found.data["order"]["shippingAddress"]["city"] == "Springfield"
