"""The signed-in user's profile and addresses, becoming a seller, and what others see."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.accounts.factories import Account
from tests.accounts.operations import (
    ADD_ADDRESS,
    BECOME_SELLER,
    ME,
    UPDATE_PROFILE,
    USER_BY_ID,
)
from tests.graphql_client import GraphQLClient


def address(**overrides: Any) -> dict[str, Any]:
    return {
        "label": "Home",
        "recipient": "Ada Lovelace",
        "line1": "12 St James's Square",
        "city": "London",
        "postalCode": "SW1Y 4JH",
        "country": "gb",
    } | overrides


async def add_address(graphql: GraphQLClient, account: Account, **overrides: Any) -> Any:
    response = await graphql(ADD_ADDRESS, {"input": address(**overrides)}, headers=account.headers)
    return response.data["addAddress"]


async def test_me_is_the_signed_in_user(graphql: GraphQLClient, alice: Account) -> None:
    response = await graphql(ME, headers=alice.headers)
    assert response.data["viewer"] == {
        "id": alice.user_id,
        "username": alice.username,
        "email": alice.email,
        "firstName": "Alice",
        "lastName": "Lovelace",
        "phone": None,
        "roles": ["customer"],
        "isSeller": False,
        "rewardPoints": 0,
        "addresses": [],
    }
    # The profile with the session check in one batch, the addresses in the same round.
    assert sorted(c["operation"] for c in response.calls) == ["BatchGetItem", "Query"]
    assert response.body["extensions"]["dynamodb"]["rounds"] == 1


async def test_me_is_null_for_anonymous_callers(graphql: GraphQLClient) -> None:
    response = await graphql(ME)
    assert response.data == {"viewer": None}
    assert response.calls == []


async def test_update_profile_changes_only_what_is_given(
    graphql: GraphQLClient, alice: Account
) -> None:
    first = await graphql(
        UPDATE_PROFILE,
        {"input": {"lastName": " Byron ", "phone": "+44 20 7946 0000"}},
        headers=alice.headers,
    )
    assert first.data["updateProfile"] == {
        "user": {
            "id": alice.user_id,
            "firstName": "Alice",
            "lastName": "Byron",
            "phone": "+44 20 7946 0000",
        },
        "errors": [],
    }
    second = await graphql(UPDATE_PROFILE, {"input": {"phone": None}}, headers=alice.headers)
    assert second.data["updateProfile"]["user"]["phone"] is None
    me = (await graphql(ME, headers=alice.headers)).data["viewer"]
    assert (me["lastName"], me["phone"]) == ("Byron", None)


@pytest.mark.parametrize(
    ("given", "field"),
    [
        pytest.param({"firstName": " "}, "firstName", id="blank-first-name"),
        pytest.param({"lastName": None}, "lastName", id="null-last-name"),
        pytest.param({"phone": "call me"}, "phone", id="phone-shape"),
    ],
)
async def test_update_profile_refuses_invalid_input(
    graphql: GraphQLClient, alice: Account, given: dict[str, Any], field: str
) -> None:
    response = await graphql(UPDATE_PROFILE, {"input": given}, headers=alice.headers)
    result = response.data["updateProfile"]
    assert result["user"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("INVALID_INPUT", ["input", field])
    ]


async def test_the_first_address_is_the_default_and_a_new_default_takes_over(
    graphql: GraphQLClient, alice: Account
) -> None:
    home = await add_address(graphql, alice)
    assert home["errors"] == []
    assert home["address"] | {"id": None} == {
        "id": None, "label": "Home", "recipient": "Ada Lovelace", "line1": "12 St James's Square",
        "city": "London", "postalCode": "SW1Y 4JH", "country": "GB", "isDefault": True,
    }  # fmt: skip
    work = await add_address(graphql, alice, label="Work", line1="1 Work St")
    assert work["address"]["isDefault"] is False
    cabin = await add_address(graphql, alice, label="Cabin", isDefault=True)
    assert cabin["address"]["isDefault"] is True
    addresses = (await graphql(ME, headers=alice.headers)).data["viewer"]["addresses"]
    assert [(a["label"], a["isDefault"]) for a in addresses] == [
        ("Cabin", True),
        ("Home", False),
        ("Work", False),
    ]


async def test_concurrent_first_addresses_leave_exactly_one_default(
    graphql: GraphQLClient, alice: Account
) -> None:
    results = await asyncio.gather(
        *(add_address(graphql, alice, label=f"Place {n}", isDefault=n % 2 == 0) for n in range(4))
    )
    added = [r for r in results if not r["errors"]]
    assert added  # some may be told to try again; none may break the rule
    addresses = (await graphql(ME, headers=alice.headers)).data["viewer"]["addresses"]
    assert len(addresses) == len(added)
    assert [a["isDefault"] for a in addresses].count(True) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"country": "GBR"}, "country", id="country-not-alpha-2"),
        pytest.param({"recipient": ""}, "recipient", id="no-recipient"),
        pytest.param({"postalCode": " "}, "postalCode", id="blank-postal-code"),
        pytest.param({"line2": "x" * 201}, "line2", id="line2-too-long"),
    ],
)
async def test_add_address_refuses_invalid_input(
    graphql: GraphQLClient, alice: Account, overrides: dict[str, str], field: str
) -> None:
    result = await add_address(graphql, alice, **overrides)
    assert result["address"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [
        ("INVALID_INPUT", ["input", field])
    ]


async def test_become_seller_opens_a_store_once(graphql: GraphQLClient, alice: Account) -> None:
    response = await graphql(
        BECOME_SELLER,
        {"storeName": "Alice's Audio", "storeDescription": "Good sound"},
        headers=alice.headers,
    )
    assert response.data["becomeSeller"] == {
        "user": {"id": alice.user_id, "isSeller": True, "roles": ["customer", "seller"]},
        "errors": [],
    }
    storefront = await graphql(
        "query($id: ID!) { seller(id: $id) { storeName storeDescription } }", {"id": alice.user_id}
    )
    assert storefront.data["seller"] == {
        "storeName": "Alice's Audio",
        "storeDescription": "Good sound",
    }
    again = await graphql(BECOME_SELLER, {"storeName": "Another"}, headers=alice.headers)
    assert [e["code"] for e in again.data["becomeSeller"]["errors"]] == ["INVALID_STATE"]
    blank = await graphql(BECOME_SELLER, {"storeName": " "}, headers=alice.headers)
    assert [e["field"] for e in blank.data["becomeSeller"]["errors"]] == [["storeName"]]


@pytest.mark.parametrize(
    ("operation", "variables"),
    [
        pytest.param(UPDATE_PROFILE, {"input": {"firstName": "Eve"}}, id="updateProfile"),
        pytest.param(ADD_ADDRESS, {"input": address()}, id="addAddress"),
        pytest.param(BECOME_SELLER, {"storeName": "Eve's"}, id="becomeSeller"),
    ],
)
async def test_profile_mutations_need_a_signed_in_user(
    graphql: GraphQLClient, operation: str, variables: dict[str, Any]
) -> None:
    response = await graphql(operation, variables)
    assert response.error_codes == ["UNAUTHENTICATED"]
    assert response.calls == []


async def test_only_administrators_see_other_accounts(
    graphql: GraphQLClient, alice: Account, bob: Account, admin: Account
) -> None:
    await add_address(graphql, bob)
    as_alice = await graphql(USER_BY_ID, {"id": bob.user_id}, headers=alice.headers)
    assert as_alice.error_codes == ["FORBIDDEN"]
    assert as_alice.body["data"] == {"user": None}
    anonymous = await graphql(USER_BY_ID, {"id": bob.user_id})
    assert anonymous.error_codes == ["UNAUTHENTICATED"]

    seen = await graphql(USER_BY_ID, {"id": bob.user_id}, headers=admin.headers)
    user = seen.data["user"]
    assert (user["id"], len(user["addresses"]), user["wishlists"]) == (bob.user_id, 1, [])
    assert user["rewards"] == {"edges": []}
